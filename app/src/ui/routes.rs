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

/// An interview's replay.
pub fn replay_path(id: &str) -> String {
    format!("/sessions/{id}/replay")
}

/// Where an interview's owner creates and manages its share links.
pub fn share_path(id: &str) -> String {
    format!("/sessions/{id}/share")
}

/// Where shared replays live.
pub const SHARED_PATH_PREFIX: &str = "/shared/";

/// The page a share link's token opens.
pub fn shared_path(token: &str) -> String {
    format!("{SHARED_PATH_PREFIX}{token}")
}

/// Whether a page holds the code editor (the room, problems, replays): its document gets the
/// editor's wider style rules (see the CSP), so links into it load a new document.
pub fn is_editor_path(path: &str) -> bool {
    path.starts_with(ROOM_PATH_PREFIX)
        || path.starts_with(PROBLEM_PATH_PREFIX)
        || path.starts_with(SHARED_PATH_PREFIX)
        || (path.starts_with("/sessions/") && path.ends_with("/replay"))
}
