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
