//! Replays on the server: who may watch (the owner, or whoever holds a live share link), the
//! replay built once per ended session from its record and kept in a bounded cache, and what
//! each viewer gets of it (a share link's scope applied).

pub mod build;
pub mod http;
pub mod share;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use crate::domain::error::AppError;
use crate::platform::state::AppState;
use crate::problems::server::practice;
use crate::record::server::{self as record, OwnedSession};
use crate::replay::types::{Chunk, Manifest, OwnerIdentity, RunDetail, Scope};
use build::{Built, Source};
use share::Opened;

/// Built replays by session id. An ended session's record never changes, so an entry stays
/// right; the bound keeps memory fixed (a replay of an hour is a few MB).
pub struct Cache(moka::sync::Cache<String, Arc<Built>>);

impl Default for Cache {
    fn default() -> Self {
        Self(moka::sync::Cache::builder().max_capacity(32).time_to_idle(Duration::from_secs(15 * 60)).build())
    }
}

/// Who is asking to watch.
#[derive(Debug, Clone, Copy)]
pub enum Viewer<'a> {
    /// A signed-in user, for their own session.
    Owner { user: &'a str, session: &'a str },
    /// Anyone holding a link's token; `client` keys the limit on wrong tokens.
    Link { token: &'a str, client: Option<std::net::IpAddr> },
}

/// A replay as one viewer may see it.
#[derive(Debug, Clone)]
pub struct View {
    built: Arc<Built>,
    pub session: OwnedSession,
    pub scope: Scope,
    /// The link it was opened through.
    pub opened: Option<Opened>,
    owner: Option<OwnerIdentity>,
}

impl View {
    /// The manifest, with the chat only when the scope has it and the owner named only when
    /// they chose to be.
    pub fn manifest(&self) -> Manifest {
        let mut m = if self.scope.chat { self.built.manifest.clone() } else { self.built.without_chat() };
        m.owner = self.owner.clone();
        m
    }

    /// One chunk of the code's history.
    pub fn chunk(&self, index: usize) -> Result<&Chunk, AppError> {
        self.built.chunks.get(index).ok_or(AppError::NotFound)
    }

    /// One run's results.
    pub fn run(&self, index: usize) -> Result<&RunDetail, AppError> {
        self.built.runs.get(index).ok_or(AppError::NotFound)
    }
}

/// Opens a replay for a viewer: the owner's own ended session, or a live link's. A session
/// still in progress has no replay yet.
pub async fn view(state: &AppState, viewer: Viewer<'_>) -> Result<View, AppError> {
    let (session, scope, opened) = match viewer {
        Viewer::Owner { user, session } => {
            (record::current(state, user, session).await?, Scope { chat: true, identity: false }, None)
        }
        Viewer::Link { token, client } => {
            let opened = share::open(state, client, token).await?;
            (opened.session.clone(), opened.link.scope(), Some(opened))
        }
    };
    if session.status.is_open() {
        return Err(AppError::Conflict(
            "This interview is still in progress: its replay is ready when it ends.".into(),
        ));
    }
    let owner = match &opened {
        Some(o) => share::owner_identity(state, o).await?,
        None => None,
    };
    let built = built(state, &session).await?;
    Ok(View { built, session, scope, opened, owner })
}

/// The replay of an ended session, from the cache or built from its record.
pub async fn built(state: &AppState, session: &OwnedSession) -> Result<Arc<Built>, AppError> {
    let cache = state.slots.get::<Cache>();
    if let Some(b) = cache.0.get(&session.id) {
        return Ok(b);
    }
    let events = record::read(state, session).await?;
    let snapshots = record::snapshots_by_seq(state, session).await?;
    let problem = practice::detail_at(state, &session.problem_slug, Some(session.problem_version)).await?;
    let starter = practice::session_starter(state, session).await?;
    let origin = session.started_at.unwrap_or(session.created_at);
    let source = Source {
        title: &problem.title,
        slug: &problem.slug,
        difficulty: problem.difficulty,
        status: session.status,
        duration_minutes: u32::try_from(session.duration_minutes).unwrap_or(0),
        origin,
        ended_at: session.ended_at.unwrap_or(origin).max(origin),
        language: session.language,
        starter,
        snapshots,
        examples: problem.examples.clone(),
    };
    let built = Arc::new(build::build(source, &events));
    cache.0.insert(session.id.clone(), built.clone());
    Ok(built)
}

#[cfg(test)]
mod tests;
