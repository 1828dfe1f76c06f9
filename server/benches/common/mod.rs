//! What every benchmark starts from: the real server's options on a fresh data directory
//! (SQLite), listening on a free port, logging only errors, with the test fixtures' problems.

use app::platform::config::Options;

/// Options for a server of its own in `dir`; each benchmark adjusts what it measures.
pub fn options(dir: &std::path::Path) -> Options {
    let mut options = Options::default();
    options.server.addr = Some("127.0.0.1:0".into());
    options.server.data_dir = Some(dir.to_path_buf());
    options.server.log = Some("error".into());
    options.problems.dir = Some(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/problems").into());
    options
}
