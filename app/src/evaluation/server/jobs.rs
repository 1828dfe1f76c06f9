//! The background worker of the durable job queue, and the evaluation job it runs. A job is
//! queued in the transaction that ends its session; a worker claims it with a lease, and a
//! worker that dies mid-job leaves the lease to run out so the job is claimed again after a
//! restart. Retryable failures are retried with exponential backoff; after the last attempt
//! the job and its evaluation are marked failed.

use std::time::Duration;
use tokio::sync::watch;

use crate::domain::error::AppError;
use crate::domain::RunMode;
use crate::evaluation::server::evaluator::{self, SessionFacts};
use crate::evaluation::server::prompts;
use crate::evaluation::types::{Evaluation, EvaluationState, SessionSummary, TestTally};
use crate::platform::ai::gateway::{AiRequest, GatewayError, Role, Task};
use crate::platform::state::AppState;
use crate::platform::store::{now_ms, ClaimedJob, EVALUATE};
use crate::problems::server::practice;
use crate::record::integrity::Integrity;
use crate::record::server::{self as record, OwnedSession};
use crate::record::{Logged, SessionEvent, SessionStatus};

/// How long a claimed job is its worker's before another may take it.
pub const LEASE_MS: i64 = 120_000;
/// How often an idle worker looks for work.
const POLL: Duration = Duration::from_millis(500);

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another attempt (a database hiccup, a provider outage).
    #[error("{0}")]
    Retryable(String),
    /// Another attempt would fail the same way.
    #[error("{0}")]
    Permanent(String),
}

/// The wait before attempt `attempt + 1`: 2 s, 4 s, 8 s… at most 5 minutes.
pub fn backoff_ms(attempt: i64) -> i64 {
    let exp = attempt.clamp(1, 20) - 1;
    (2_000i64 << exp).min(300_000)
}

/// Runs jobs until `stop` turns true.
pub async fn run_worker(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            return;
        }
        match state.store.claim_job(now_ms(), LEASE_MS).await {
            Ok(Some(job)) => {
                run_one(&state, job).await;
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %format_args!("{:#}", anyhow::Error::from(e)), "could not claim a job"),
        }
        tokio::select! {
            r = stop.changed() => if r.is_err() { return },
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Runs one claimed job and records how it went.
pub async fn run_one(state: &AppState, job: ClaimedJob) {
    let result = match job.kind.as_str() {
        EVALUATE => evaluate_session(state, &job.payload, job.attempts >= job.max_attempts).await,
        other => Err(JobError::Permanent(format!("unknown job kind `{other}`"))),
    };
    let recorded = match &result {
        Ok(()) => state.store.finish_job(&job.id).await,
        Err(JobError::Retryable(e)) if job.attempts < job.max_attempts => {
            tracing::warn!(job = %job.id, attempt = job.attempts, error = %e, "job failed; will retry");
            state.store.fail_job(&job.id, e, Some(now_ms() + backoff_ms(job.attempts))).await
        }
        Err(e) => {
            tracing::error!(job = %job.id, attempts = job.attempts, error = %e, "job failed for good");
            if job.kind == EVALUATE {
                if let Err(why) = state.store.set_evaluation_status(&job.payload, "failed", Some(&e.to_string())).await
                {
                    tracing::error!(job = %job.id, error = %why, "could not mark an evaluation failed");
                }
            }
            state.store.fail_job(&job.id, &e.to_string(), None).await
        }
    };
    if let Err(e) = recorded {
        tracing::error!(job = %job.id, error = %e, "could not record a job's outcome; its lease will run out and it runs again");
    }
}

fn retryable(e: impl std::fmt::Display) -> JobError {
    JobError::Retryable(e.to_string())
}

/// What the evaluator reads for a session, and whose session it is.
pub async fn facts(state: &AppState, session_id: &str) -> Result<(SessionFacts, String), JobError> {
    let owner = state.store.evaluation_owner(session_id).await.map_err(retryable)?;
    let owner = owner.ok_or_else(|| JobError::Permanent("the evaluation no longer exists".into()))?;
    let session = state.store.owned_session(session_id, &owner).await.map_err(retryable)?;
    let session = session.ok_or_else(|| JobError::Permanent("the session no longer exists".into()))?;
    let (_, problem) = practice::load(state, &session.problem_slug, Some(session.problem_version))
        .await
        .map_err(|e| JobError::Permanent(format!("the problem could not be loaded: {e}")))?;
    let code = practice::session_code(state, &session).await.map_err(retryable)?;
    let events = record::read(state, &session).await.map_err(retryable)?;
    let language = code.language;
    let starter = problem.languages.get(language.code()).map(|l| l.starter.clone()).unwrap_or_default();
    let started_at = session.started_at.unwrap_or(session.created_at);
    let facts = SessionFacts {
        title: problem.title.clone(),
        started_at,
        ended_at: session.ended_at.unwrap_or_else(now_ms).max(started_at),
        optimal_time: problem.optimal_time.clone(),
        starter_code: starter,
        insights: crate::interviewer::server::observe(language, &code.code),
        final_code: code.code,
        events,
    };
    Ok((facts, owner))
}

async fn evaluate_session(state: &AppState, session_id: &str, last_attempt: bool) -> Result<(), JobError> {
    let (facts, owner) = facts(state, session_id).await?;
    let built_in = evaluator::evaluate(&facts);
    let evaluation = match &state.gateway {
        None => built_in,
        Some(gateway) => {
            let (system, user) = prompts::evaluator_prompt(&facts, &built_in);
            let request = AiRequest {
                task: Task::Evaluator,
                user_id: Some(owner),
                system,
                messages: vec![(Role::User, user)],
                temperature: 0.0,
                max_tokens: 2_000,
                json: true,
            };
            let fallback = |why: &str| Evaluation { engine: format!("built-in ({why})"), ..built_in.clone() };
            match gateway.complete(&request).await {
                Ok(r) => match prompts::parse_evaluation(&r.text, built_in.code_only, &r.model) {
                    Ok(e) => e,
                    Err(why) => {
                        tracing::warn!(session = %session_id, %why, "the model's evaluation was unusable; the built-in one is kept");
                        fallback("the model's answer was unusable")
                    }
                },
                Err(GatewayError::QuotaExceeded { .. }) => fallback("AI allowance used up"),
                Err(e) if retryable_ai(&e) && !last_attempt => return Err(JobError::Retryable(e.to_string())),
                Err(e) => {
                    tracing::warn!(session = %session_id, error = %e, "the AI provider failed; the built-in evaluation is kept");
                    fallback("AI provider unavailable")
                }
            }
        }
    };
    let json = serde_json::to_string(&evaluation).map_err(|e| JobError::Permanent(e.to_string()))?;
    state
        .store
        .complete_evaluation(
            session_id,
            &evaluation.engine,
            i64::from(evaluation.overall),
            evaluation.recommendation.code(),
            &json,
        )
        .await
        .map_err(retryable)?;
    tracing::info!(session = %session_id, overall = evaluation.overall, engine = %evaluation.engine, "evaluation ready");
    Ok(())
}

/// Whether a provider failure may pass with time (rate limits, outages, the network).
fn retryable_ai(e: &GatewayError) -> bool {
    match e {
        GatewayError::Provider { status: Some(s), .. } => *s == 429 || *s >= 500,
        GatewayError::Provider { status: None, .. } | GatewayError::Timeout | GatewayError::Network(_) => true,
        _ => false,
    }
}

/// The last run (or submission) in the record.
fn tally(events: &[Logged], mode: RunMode) -> Option<TestTally> {
    events.iter().rev().find_map(|e| match &e.event {
        SessionEvent::RunFinished(run) if run.mode == mode => {
            Some(TestTally { passed: run.passed, total: run.total, verdict: run.verdict.code().replace('_', " ") })
        }
        _ => None,
    })
}

/// The summary of the caller's session: results, time used and the evaluation, with the
/// moments the report cites linked to `replay_base` (the session's replay page).
pub async fn summary(state: &AppState, user: &str, id: &str, replay_base: &str) -> Result<SessionSummary, AppError> {
    let session = record::owned(state, user, id).await?;
    summary_of(state, &session, replay_base).await
}

/// The summary of a session already read with its owner (the owner's own, or one a share link
/// opened). The moments the report cites (`MM:SS`) link to `{replay_base}?t=MM:SS`: the owner's
/// replay page, or the share link's page.
pub async fn summary_of(
    state: &AppState,
    session: &OwnedSession,
    replay_base: &str,
) -> Result<SessionSummary, AppError> {
    let (id, user) = (session.id.as_str(), session.user_id.as_str());
    let status = session.status;
    let events = record::read(state, session).await?;
    let code = practice::session_code(state, session).await?;
    let problem = practice::detail_at(state, &session.problem_slug, Some(session.problem_version)).await?;
    let evaluation = if status.is_open() {
        EvaluationState::NotEnded
    } else {
        match state.store.evaluation(id, user).await.map_err(|e| crate::platform::context::internal("evaluation", e))? {
            None => EvaluationState::Failed { message: "This interview has not been evaluated yet.".into() },
            Some(row) => match row.status.as_str() {
                "ready" => match row.result.as_deref().map(serde_json::from_str::<Evaluation>) {
                    Some(Ok(evaluation)) => {
                        let report_html =
                            crate::platform::markdown::render_with_moments(&evaluation.report, replay_base);
                        EvaluationState::Ready { evaluation, report_html }
                    }
                    _ => EvaluationState::Failed { message: "The stored evaluation could not be read.".into() },
                },
                "failed" => EvaluationState::Failed {
                    message: "We could not generate your evaluation. You can try again.".into(),
                },
                _ => EvaluationState::Pending,
            },
        }
    };
    Ok(SessionSummary {
        id: session.id.clone(),
        title: problem.title,
        slug: problem.slug,
        difficulty: problem.difficulty,
        language: session.language,
        status,
        duration_minutes: session.duration_minutes.max(0) as u32,
        used_ms: session.started_at.zip(session.ended_at).map(|(a, b)| (b - a).max(0)),
        last_run: tally(&events, RunMode::Run),
        last_submit: tally(&events, RunMode::Submit),
        code: code.code,
        code_language: code.language,
        evaluation,
        integrity: (!status.is_open()).then(|| {
            let origin = session.started_at.unwrap_or(session.created_at);
            let end = session.ended_at.unwrap_or(origin).max(origin) - origin;
            Integrity::of(&events, origin, end)
        }),
    })
}

/// Asks for the evaluation of the caller's ended session again (after a failure, or for a
/// session that has none).
pub async fn retry(state: &AppState, user: &str, id: &str) -> Result<(), AppError> {
    let status = record::owned(state, user, id).await?.status;
    if status.is_open() {
        return Err(AppError::Conflict("The interview is still in progress.".into()));
    }
    if !matches!(status, SessionStatus::Completed | SessionStatus::Expired) {
        return Err(AppError::Conflict("Only a completed interview can be evaluated.".into()));
    }
    state
        .store
        .request_evaluation(id, user)
        .await
        .map_err(|e| crate::platform::context::internal("requesting an evaluation", e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::evaluation::server::jobs::backoff_ms;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(1), 2_000);
        assert_eq!(backoff_ms(2), 4_000);
        assert_eq!(backoff_ms(5), 32_000);
        assert_eq!(backoff_ms(50), 300_000);
        assert_eq!(backoff_ms(0), 2_000);
    }
}
