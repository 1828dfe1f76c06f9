//! Interview sessions: starting one (a credit), the room's data, snapshots, ending, history.
//! The room itself (Monaco, realtime channel) builds on these server functions.

pub mod channel;
pub mod pages;
pub mod protocol;
pub mod room;
pub mod types;
pub mod widgets;

#[cfg(feature = "ssr")]
pub mod server;

pub use crate::ui::routes::ROOM_PATH_PREFIX;

use leptos::prelude::*;

use crate::domain::error::AppError;
use crate::domain::Language;
use types::*;

/// Offers a random problem for an interview; nothing is spent until it is started.
#[server(endpoint = "propose_interview")]
pub async fn propose_interview(difficulty: Option<String>, category: Option<String>) -> Result<Proposal, AppError> {
    use crate::interview::server::lifecycle;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            lifecycle::propose(&state, &user, difficulty.as_deref(), category.as_deref()).await
        }
        .await,
    )
}

/// Starts an interview: spends one credit and creates the session, together. Returns its id.
#[server(endpoint = "start_interview")]
pub async fn start_interview(slug: String, language: Language, duration_minutes: u32) -> Result<String, AppError> {
    use crate::interview::server::lifecycle;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            cx::limit_writes(&state, &user)?;
            lifecycle::start(&state, &user, &slug, language, duration_minutes).await
        }
        .await,
    )
}

/// Opens the caller's session (starting its clock the first time) and returns the room's data.
#[server(endpoint = "get_session")]
pub async fn get_session(id: String) -> Result<SessionView, AppError> {
    use crate::interview::server::lifecycle;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            lifecycle::open(&state, &user, &id).await
        }
        .await,
    )
}

/// Saves the code of an open session: `manual` for Ctrl/Cmd+S, `leaving` as the candidate
/// leaves the room (sent with `sendBeacon`), else an automatic snapshot (kept at most once per
/// 10 seconds). Returns the event's sequence number, if kept.
#[server(endpoint = "save_snapshot")]
pub async fn save_snapshot(
    id: String,
    language: Language,
    code: String,
    manual: bool,
    #[server(default)] leaving: Option<bool>,
) -> Result<Option<i64>, AppError> {
    use crate::platform::context as cx;
    use crate::record::server as record;
    use crate::record::SnapshotKind;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            cx::limit_writes(&state, &user)?;
            let session = record::open(&state, &user, &id).await?;
            let kind = if leaving == Some(true) {
                SnapshotKind::Leave
            } else if manual {
                SnapshotKind::Manual
            } else {
                SnapshotKind::Auto
            };
            record::snapshot(&state, &session, kind, language, &code).await
        }
        .await,
    )
}

/// Ends the caller's interview with its final code. Safe to call twice.
#[server(endpoint = "end_interview")]
pub async fn end_interview(
    id: String,
    language: Option<Language>,
    code: Option<String>,
) -> Result<SessionView, AppError> {
    use crate::interview::server::lifecycle;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            let final_code = language.zip(code.as_deref());
            lifecycle::end(&state, &user, &id, final_code).await
        }
        .await,
    )
}

/// A short-lived, single-use token that opens the session's realtime channel
/// (`GET /api/sessions/realtime`, sent as the first message, never in the URL).
#[server(endpoint = "realtime_token")]
pub async fn realtime_token(id: String) -> Result<String, AppError> {
    use crate::interview::server::channel;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            cx::limit_writes(&state, &user)?;
            channel::issue_token(&state, &user, &id).await
        }
        .await,
    )
}

/// The code to show when the editor of the caller's open session switches to `language`:
/// what the candidate last had in that language (derived from the session's record), or its
/// starter if it was never used. An unknown language, or one the problem does not offer, is
/// refused.
#[server(endpoint = "language_code")]
pub async fn language_code(id: String, language: String) -> Result<String, AppError> {
    use crate::interview::server::languages;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            languages::code_for_language(&state, &user, &id, &language).await
        }
        .await,
    )
}

/// The server clock and the session's deadline and status, to re-sync the room's timer.
#[server(endpoint = "sync_clock")]
pub async fn sync_clock(id: String) -> Result<SessionClock, AppError> {
    use crate::interview::server::lifecycle;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            lifecycle::clock(&state, &user, &id).await
        }
        .await,
    )
}

/// One page of the caller's interviews, newest first (`limit` rows: default 50, at most 200).
#[server(endpoint = "interview_history")]
pub async fn interview_history(cursor: Option<String>, limit: Option<u32>) -> Result<HistoryPage, AppError> {
    use crate::interview::server::lifecycle;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            lifecycle::history(&state, &user, cursor.as_deref(), limit).await
        }
        .await,
    )
}
