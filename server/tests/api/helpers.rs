use app::platform::config::{Config, Options};
use app::platform::store::Store;
use server::Application;
use std::time::Duration;
use tokio::sync::oneshot;

/// Values that appear only in the hidden cases of the `running-sum` fixture (the input
/// `424242` and its running sums): no response may ever carry one.
pub const HIDDEN_SENTINELS: [&str; 4] = ["424242", "424243", "424245", "424248"];

/// Fails if `text` carries any hidden-case value.
pub fn assert_no_hidden(text: &str) {
    for s in HIDDEN_SENTINELS {
        assert!(!text.contains(s), "a hidden case value ({s}) was sent: {text}");
    }
}

pub const PASSWORD: &str = "correct horse battery";
/// A right answer to the `running-sum` fixture.
pub const PY_RIGHT: &str = "def running_sum(nums):\n    out, t = [], 0\n    for n in nums:\n        t += n\n        out.append(t)\n    return out\n";

/// The form that runs (`mode` "run" or "submit") [`PY_RIGHT`] in an interview session.
pub fn right_answer_in<'a>(session_id: &'a str, mode: &'a str) -> [(&'static str, &'a str); 5] {
    [("slug", "running-sum"), ("language", "python"), ("source", PY_RIGHT), ("mode", mode), ("session_id", session_id)]
}

/// A running server owned by one test.
pub struct TestApp {
    pub url: String,
    pub client: reqwest::Client,
    pub store: Store,
    pub state: app::platform::state::AppState,
    stop: Option<oneshot::Sender<()>>,
    pub handle: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _dir: tempfile::TempDir,
}

/// The fixture problems every test app imports at start: `running-sum` (input/output cases,
/// Python and JavaScript only) and `rotate-array` (test-code cases, three languages).
pub fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/problems")
}

/// Starts the app with default options.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

async fn fresh_database_url(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            use sqlx::Connection;
            let name = format!("sparring_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to TEST_DATABASE_URL");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}", dir.join("test.db").display()),
    }
}

/// With `TEST_LOG` set (to a filter such as `debug` or `server=debug,info`; `1` means
/// `info`), the servers' logs are written through the test harness's capture, so
/// `TEST_LOG=1 cargo test ... -- --nocapture` or a failing test shows them. Unset, tests are quiet.
fn init_test_log() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(filter) = std::env::var("TEST_LOG") else { return };
        let filter = if filter.is_empty() || filter == "1" || filter == "true" { "info".to_string() } else { filter };
        let filter = tracing_subscriber::EnvFilter::try_new(&filter).unwrap_or_else(|_| "info".into());
        // Another test may have installed one already; the first wins.
        let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().compact().try_init();
    });
}

/// Starts the app after letting the test adjust its options.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Options)) -> TestApp {
    init_test_log();
    let dir = tempfile::tempdir().unwrap();
    let mut options = Options::default();
    options.server.addr = Some("127.0.0.1:0".into());
    options.server.data_dir = Some(dir.path().to_path_buf());
    options.server.log = Some("warn".into());
    options.database.url = Some(fresh_database_url(dir.path()).await.into());
    options.problems.dir = Some(fixtures_dir().display().to_string());
    adjust(&mut options);
    let config = Config::from_options(options).unwrap();
    let app = Application::build(config).await.unwrap();
    let url = format!("http://127.0.0.1:{}", app.port());
    let store = app.state().store.clone();
    let state = app.state().clone();
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(app.run_until_stopped(async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    TestApp { url, client, store, state, stop: Some(tx), handle: Some(handle), _dir: dir }
}

impl TestApp {
    /// Calls a server function with form-encoded arguments.
    pub async fn call(&self, name: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(format!("{}/api/{name}", self.url)).form(form).send().await.unwrap()
    }

    /// Posts a run request to the streaming endpoint.
    pub async fn post_run(&self, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(format!("{}/api/runs", self.url)).json(body).send().await.unwrap()
    }

    /// A fresh client without cookies, for a second visitor.
    pub fn new_client(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    pub async fn sign_up(&self, email: &str) -> reqwest::Response {
        self.call(
            "sign_up",
            &[("display_name", "Ada"), ("email", email), ("password", PASSWORD), ("accept_terms", "yes")],
        )
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.call("sign_in", &[("email", email), ("password", password)]).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.url)).header("accept", "text/html").send().await.unwrap()
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.handle.take().unwrap().await.unwrap()
    }
}

/// Reads the JSON error a failed server function returned.
pub async fn app_error(res: reqwest::Response) -> app::domain::error::AppError {
    let text = res.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not an AppError ({e}): {text}"))
}
