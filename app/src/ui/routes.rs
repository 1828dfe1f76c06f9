//! Paths that pages of different features link to, kept in one place.

/// Where interview rooms live; links into them load a new document (see the CSP).
pub const ROOM_PATH_PREFIX: &str = "/interview/";

/// An interview's room.
pub fn room_path(id: &str) -> String {
    format!("{ROOM_PATH_PREFIX}{id}")
}

/// Where an interview's summary lives.
pub fn summary_path(id: &str) -> String {
    format!("/sessions/{id}/summary")
}

/// Where problem pages live; they hold the code editor, so links into them load a new
/// document too (see the CSP).
pub const PROBLEM_PATH_PREFIX: &str = "/problems/";

/// A problem's page.
pub fn problem_path(slug: &str) -> String {
    format!("{PROBLEM_PATH_PREFIX}{slug}")
}
