//! The evaluation of an ended interview: rubric scores with evidence, the durable job that
//! produces them, and the summary page that shows them.

pub mod pages;
pub mod types;
pub mod widgets;

#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;

use crate::domain::error::AppError;
use crate::evaluation::types::SessionSummary;

/// The summary of the caller's interview: results, time used, and the evaluation (or where it
/// is), the report's cited moments linked to the replay. `NotFound` for a session that does not exist or is someone else's.
#[server(endpoint = "session_summary")]
pub async fn get_summary(id: String) -> Result<SessionSummary, AppError> {
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            let replay = crate::ui::routes::replay_path(&id);
            crate::evaluation::server::jobs::summary(&state, &user, &id, &replay).await
        }
        .await,
    )
}

/// Queues the evaluation of the caller's ended interview again, after a failure.
#[server(endpoint = "retry_evaluation")]
pub async fn retry_evaluation(id: String) -> Result<(), AppError> {
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            crate::evaluation::server::jobs::retry(&state, &user, &id).await
        }
        .await,
    )
}
