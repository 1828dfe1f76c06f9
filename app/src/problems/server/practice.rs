//! Problems and code runs for candidates: the list, one problem without its hidden cases, a
//! random pick, and runs (visible cases) and submissions (all cases), streamed case by case.
//!
//! Hidden cases never leave this module with anything but their position and verdict: no
//! input, expected value, output, printed text or error message.

use crate::record::server::{self as record, OwnedSession};
use crate::record::{clip, CaseRecord, CodeState, RunRecord, SessionEvent};
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::{header, HeaderValue, StatusCode};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;
use tokio::sync::mpsc;
use tower_sessions::Session;

use crate::domain::error::AppError;
use crate::domain::{Difficulty, Language, Verdict};
use crate::platform::context::internal;
use crate::platform::executor::queue::QueueError;
use crate::platform::executor::{case_from_line, evaluate, CaseOutcome, ExecError, Report, LINE_QUEUE};
use crate::platform::sessions::USER_ID_KEY;
use crate::platform::state::AppState;
use crate::problems::server::bank::ProblemCache;
use crate::problems::server::format::{CaseKind, Problem};
use crate::problems::server::search::Search;
use crate::problems::server::statement;
use crate::problems::server::store::{NewRun, ProblemFilter, ProblemRef};
use crate::problems::server::validate::build_job;
use crate::problems::types::*;

/// Problems a user ran within this window are left out of random picks.
const RECENT_MS: i64 = 7 * 24 * 3600 * 1000;

fn parse_list(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn check_category(category: Option<&str>) -> Result<Option<&str>, AppError> {
    match category.filter(|c| !c.is_empty()) {
        Some(c) if !crate::problems::server::format::is_category(c) => {
            Err(AppError::validation("category", "Choose a category from the list."))
        }
        other => Ok(other),
    }
}

/// One page of the problem list, with the user's progress when signed in.
pub async fn list(
    state: &AppState,
    user: Option<&str>,
    difficulty: Option<&str>,
    category: Option<&str>,
    page: u32,
) -> Result<ProblemList, AppError> {
    search(state, user, &ListQuery { difficulty, category, q: None, page }).await
}

/// What the problem list is asked for: the filters as sent (unchecked), the search text and
/// the page.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListQuery<'a> {
    pub difficulty: Option<&'a str>,
    pub category: Option<&'a str>,
    pub q: Option<&'a str>,
    pub page: u32,
}

/// One page of problems matching the filters and the search, with the user's progress when
/// signed in, and the categories that have problems under the difficulty and the search.
pub async fn search(state: &AppState, user: Option<&str>, query: &ListQuery<'_>) -> Result<ProblemList, AppError> {
    let difficulty = query.difficulty.filter(|d| !d.is_empty()).map(Difficulty::parse).transpose()?;
    let category = check_category(query.category)?;
    let search = Search::parse(query.q)?;
    let page = query.page.max(1);
    let offset = i64::from(page - 1) * i64::from(PAGE_SIZE);
    let filter = ProblemFilter { difficulty: difficulty.map(Difficulty::code), category, words: &search.words };
    let (rows, total) = state
        .store
        .search_problems(user, &filter, offset, i64::from(PAGE_SIZE))
        .await
        .map_err(|e| internal("listing problems", e))?;
    let in_categories = state
        .store
        .problem_categories(&ProblemFilter { category: None, ..filter })
        .await
        .map_err(|e| internal("counting categories", e))?;
    let items = rows
        .into_iter()
        .map(|r| ProblemSummary {
            difficulty: Difficulty::parse(&r.difficulty).unwrap_or(Difficulty::Medium),
            categories: parse_list(&r.categories_json),
            languages: parse_list(&r.languages_json).iter().filter_map(|l| Language::parse(l).ok()).collect(),
            slug: r.slug,
            title: r.title,
            solved: r.solved,
            attempted: r.attempted,
        })
        .collect();
    let total = total.max(0) as u64;
    Ok(ProblemList {
        items,
        total,
        page,
        pages: total.div_ceil(u64::from(PAGE_SIZE)).max(1) as u32,
        categories: count_categories(&in_categories),
    })
}

/// For each difficulty, the categories that have problems at it, with how many: what the
/// interview start card offers (never a category that would find nothing).
pub async fn category_counts_by_difficulty(state: &AppState) -> Result<Vec<DifficultyCategories>, AppError> {
    let mut out = Vec::with_capacity(Difficulty::ALL.len());
    for difficulty in Difficulty::ALL {
        let filter = ProblemFilter { difficulty: Some(difficulty.code()), category: None, words: &[] };
        let in_categories =
            state.store.problem_categories(&filter).await.map_err(|e| internal("counting categories", e))?;
        out.push(DifficultyCategories { difficulty, categories: count_categories(&in_categories) });
    }
    Ok(out)
}

/// How many problems each category has, given each problem's categories (JSON), in the
/// order of [`CATEGORY_OPTIONS`], leaving out empty and unknown ones.
pub fn count_categories(categories_json: &[String]) -> Vec<CategoryCount> {
    let mut counts = vec![0u64; CATEGORY_OPTIONS.len()];
    for json in categories_json {
        let mut seen = HashSet::new();
        for c in parse_list(json) {
            if let Some(i) = CATEGORY_OPTIONS.iter().position(|(code, _)| *code == c) {
                if seen.insert(i) {
                    counts[i] += 1;
                }
            }
        }
    }
    CATEGORY_OPTIONS
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|((code, _), count)| CategoryCount { code: code.to_string(), count })
        .collect()
}

/// A random problem matching the filters, preferring ones the user has neither run nor been
/// interviewed on this week.
pub async fn random(
    state: &AppState,
    user: Option<&str>,
    difficulty: Option<&str>,
    category: Option<&str>,
) -> Result<String, AppError> {
    random_matching(state, user, &ListQuery { difficulty, category, q: None, page: 1 }).await
}

/// A random problem matching the filters and the search (see [`random`]); `NotFound` when
/// none matches.
pub async fn random_matching(state: &AppState, user: Option<&str>, query: &ListQuery<'_>) -> Result<String, AppError> {
    use rand::seq::SliceRandom;
    let difficulty = query.difficulty.filter(|d| !d.is_empty()).map(Difficulty::parse).transpose()?;
    let category = check_category(query.category)?;
    let search = Search::parse(query.q)?;
    let filter = ProblemFilter { difficulty: difficulty.map(Difficulty::code), category, words: &search.words };
    let since = crate::platform::store::now_ms() - RECENT_MS;
    let mut slugs =
        state.store.fresh_problem_slugs(user, &filter, since).await.map_err(|e| internal("random problem", e))?;
    if slugs.is_empty() && user.is_some() {
        // Everything matching was attempted recently: pick among all of them.
        slugs = state.store.fresh_problem_slugs(None, &filter, since).await.map_err(|e| internal("random", e))?;
    }
    slugs.choose(&mut rand::thread_rng()).cloned().ok_or(AppError::NotFound)
}

/// A problem at `version` (the current one with `None`), or `NotFound`.
pub async fn load(state: &AppState, slug: &str, version: Option<i64>) -> Result<(ProblemRef, Arc<Problem>), AppError> {
    state
        .slots
        .get::<ProblemCache>()
        .get(&state.store, slug, version)
        .await
        .map_err(|e| internal("loading a problem", e))?
        .ok_or(AppError::NotFound)
}

fn named_inputs(problem: &Problem, args: &[Value]) -> Vec<(String, String)> {
    problem.signature.params.iter().zip(args).map(|(p, a)| (p.name.clone(), a.to_string())).collect()
}

/// A session's current code (see [`record::current_code`]); for records from before the
/// starter was kept, the starter comes from the problem version the session was created on.
pub async fn session_code(state: &AppState, s: &OwnedSession) -> Result<CodeState, AppError> {
    record::current_code(state, s, async || starter(state, &s.problem_slug, s.problem_version, s.language).await).await
}

/// The starter code a session began with: as its record kept it, or for records from before it
/// was kept, the problem's starter in the session's language.
pub async fn session_starter(state: &AppState, s: &OwnedSession) -> Result<String, AppError> {
    match record::recorded_starter(state, s).await? {
        Some(starter) => Ok(starter),
        None => starter(state, &s.problem_slug, s.problem_version, s.language).await,
    }
}

/// The starter code of `language` at `version` of the problem (empty when it has none).
pub async fn starter(state: &AppState, slug: &str, version: i64, language: Language) -> Result<String, AppError> {
    let (_, problem) = load(state, slug, Some(version)).await?;
    Ok(problem.languages.get(language.code()).map(|l| l.starter.clone()).unwrap_or_default())
}

/// A problem as a candidate sees it.
pub async fn detail(state: &AppState, slug: &str) -> Result<ProblemDetail, AppError> {
    detail_at(state, slug, None).await
}

/// A problem at a given version (the current one with `None`), as a candidate sees it.
pub async fn detail_at(state: &AppState, slug: &str, version: Option<i64>) -> Result<ProblemDetail, AppError> {
    let (reference, p) = load(state, slug, version).await?;
    let examples = p
        .visible
        .iter()
        .map(|c| match &c.kind {
            CaseKind::Io { args, expected } => {
                Example { inputs: named_inputs(&p, args), expected: Some(expected.to_string()), test: None }
            }
            CaseKind::Code { test } => Example { inputs: Vec::new(), expected: None, test: Some(test.clone()) },
        })
        .collect();
    // In the order of Language::ALL, so Python comes first where offered.
    let starters = Language::ALL
        .into_iter()
        .filter_map(|language| {
            p.languages.get(language.code()).map(|files| Starter { language, code: files.starter.clone() })
        })
        .collect();
    Ok(ProblemDetail {
        slug: p.slug.clone(),
        title: p.title.clone(),
        version: reference.version,
        difficulty: p.difficulty,
        categories: p.categories.clone(),
        tags: p.tags.clone(),
        statement_html: crate::platform::markdown::render(&statement::shape(
            &p.statement,
            !p.constraints.is_empty(),
            &statement::conventions(&p.signature),
        )),
        examples_in_statement: statement::has_section(&p.statement, "examples"),
        constraints: p.constraints.clone(),
        hints: p.hints.clone(),
        examples,
        starters,
        hidden_cases: p.hidden.len() as u32,
    })
}

/// What a submission says when its code failed to load. The hidden inputs are in the
/// sandbox during a submission, so nothing the program produced there may travel back: a
/// load error's text is shown by Run, which holds visible cases only.
pub const SUBMIT_COMPILE_ERROR: &str =
    "Your code did not compile or failed while loading, so no case was run. Run it to see the error.";

/// Turns a case outcome into what the candidate may see. A submission shows verdicts only:
/// its process held the hidden inputs, so what it printed, returned, raised or how long it
/// took (any of which could carry them) stays on the server; visible inputs and expected
/// values come from the problem itself.
fn present(problem: &Problem, outcome: &CaseOutcome, mode: RunMode) -> CaseResult {
    let mut result = present_case(problem, outcome);
    if mode == RunMode::Submit {
        result.time_ms = None;
        result.actual = None;
        result.stdout = String::new();
        result.stderr = String::new();
        result.error = None;
    }
    result
}

fn present_case(problem: &Problem, outcome: &CaseOutcome) -> CaseResult {
    let index = outcome.id;
    let visible = problem.visible.get(index as usize);
    let Some(case) = visible else {
        return CaseResult {
            index,
            hidden: true,
            verdict: outcome.verdict,
            time_ms: None,
            inputs: Vec::new(),
            test: None,
            expected: None,
            actual: None,
            stdout: String::new(),
            stderr: String::new(),
            error: None,
        };
    };
    let (inputs, expected, test) = match &case.kind {
        CaseKind::Io { args, expected } => (named_inputs(problem, args), Some(expected.to_string()), None),
        CaseKind::Code { test } => (Vec::new(), None, Some(test.clone())),
    };
    CaseResult {
        index,
        hidden: false,
        verdict: outcome.verdict,
        time_ms: outcome.time_ms,
        inputs,
        test,
        expected,
        actual: outcome.output.as_ref().map(Value::to_string),
        stdout: outcome.stdout.clone(),
        stderr: outcome.stderr.clone(),
        error: outcome.error.clone(),
    }
}

fn summarize(report: &Report, mode: RunMode, run_id: String) -> RunSummary {
    let passed = report.cases.iter().filter(|c| c.verdict == Verdict::Accepted).count() as u32;
    let verdict = report.cases.iter().map(|c| c.verdict).find(|v| *v != Verdict::Accepted).unwrap_or(Verdict::Accepted);
    RunSummary {
        run_id,
        mode,
        verdict: if report.compile_error.is_some() { Verdict::CompileError } else { verdict },
        passed,
        total: report.cases.len() as u32,
        compile_error: match mode {
            RunMode::Submit => report.compile_error.as_ref().map(|_| SUBMIT_COMPILE_ERROR.to_string()),
            RunMode::Run => report.compile_error.clone(),
        },
        wall_ms: report.wall_ms,
    }
}

/// A checked, admitted run, ready to execute.
pub struct Admitted {
    user: String,
    reference: ProblemRef,
    problem: Arc<Problem>,
    request: RunRequest,
    /// The open interview the run belongs to, if any.
    session: Option<OwnedSession>,
}

impl Admitted {
    /// How many cases the run has.
    pub fn total(&self) -> u32 {
        (self.problem.visible.len() + if self.request.mode == RunMode::Submit { self.problem.hidden.len() } else { 0 })
            as u32
    }
}

/// Checks a run request and counts it against the user's rate limit.
pub async fn admit(state: &AppState, user: &str, request: RunRequest) -> Result<Admitted, AppError> {
    crate::domain::check_code_size("source", &request.source)?;
    if request.source.trim().is_empty() {
        return Err(AppError::validation("source", "Write some code first."));
    }
    let session = match &request.session_id {
        None => None,
        Some(id) => Some(record::open(state, user, id).await?),
    };
    let (reference, problem) = match &session {
        None => load(state, &request.slug, None).await?,
        Some(session) => {
            // A session runs its own problem at the version it started with.
            if session.problem_slug != request.slug {
                return Err(AppError::validation("slug", "This interview is about another problem."));
            }
            load(state, &session.problem_slug, Some(session.problem_version)).await?
        }
    };
    if !problem.languages.contains_key(request.language.code()) {
        return Err(AppError::validation(
            "language",
            format!("{} is not offered for this problem.", request.language.label()),
        ));
    }
    state
        .run_limit
        .check(user)
        .map_err(|retry_after_secs| AppError::TooManyRuns { per_minute: state.run_limit.limit(), retry_after_secs })?;
    Ok(Admitted { user: user.to_string(), reference, problem, request, session })
}

/// Executes an admitted run. Each case result is sent to `events` as it finishes (visible
/// details only for visible cases); the full result is returned and recorded.
pub async fn execute(
    state: &AppState,
    run: Admitted,
    events: Option<mpsc::UnboundedSender<RunEvent>>,
) -> Result<RunResult, AppError> {
    let Admitted { user, reference, problem, request, session } = run;
    // A slot first: nothing is prepared for a run that is refused for waiting too long.
    let waiting = events.clone();
    let permit = state
        .run_queue
        .acquire(&user, |position| {
            if let Some(tx) = &waiting {
                let _ = tx.send(RunEvent::Queued { position: position as u32 });
            }
        })
        .await
        .map_err(|e| match e {
            QueueError::Busy(_) => AppError::Unavailable(
                "Every sandbox is busy right now, so your code did not run. Please run it again in a moment.".into(),
            ),
            QueueError::TooManyWaiting(_) => AppError::Conflict(
                "Your earlier runs are still waiting for a sandbox; wait for them to finish first.".into(),
            ),
        })?;
    if let Some(session) = &session {
        record::append(state, session, SessionEvent::RunStarted { mode: request.mode, language: request.language })
            .await?;
    }
    let (job, expected) = build_job(&problem, request.language, &request.source, request.mode == RunMode::Submit);
    let (line_tx, mut line_rx) = mpsc::channel::<String>(LINE_QUEUE);
    let forward = {
        let problem = problem.clone();
        let expected = expected.clone();
        let events = events.clone();
        let mode = request.mode;
        tokio::spawn(async move {
            let mut sent = HashSet::new();
            while let Some(line) = line_rx.recv().await {
                if let Some(outcome) = case_from_line(&line, &expected, problem.compare, problem.tolerance) {
                    if sent.insert(outcome.id) {
                        if let Some(tx) = &events {
                            let _ = tx.send(RunEvent::Case { result: present(&problem, &outcome, mode) });
                        }
                    }
                }
            }
            sent
        })
    };
    let raw = state.executor.execute(&job, Some(line_tx)).await;
    drop(permit);
    let sent = forward.await.unwrap_or_default();
    let raw = raw.map_err(|e| match e {
        ExecError::Unavailable(reason) => {
            tracing::error!(%reason, executor = state.executor.name(), "code execution unavailable");
            AppError::Unavailable(
                "Code execution is unavailable on this server right now. Please try again later.".into(),
            )
        }
        e @ ExecError::Internal(_) => internal("executing code", e),
    })?;
    let report = evaluate(&raw, &expected, problem.compare, problem.tolerance);
    let cases: Vec<CaseResult> = report.cases.iter().map(|c| present(&problem, c, request.mode)).collect();
    if let Some(tx) = &events {
        for c in cases.iter().filter(|c| !sent.contains(&c.index)) {
            let _ = tx.send(RunEvent::Case { result: c.clone() });
        }
    }
    let mut summary = summarize(&report, request.mode, String::new());
    summary.run_id = state
        .store
        .record_run(NewRun {
            user_id: &user,
            problem_id: &reference.id,
            problem_version: reference.version,
            language: request.language.code(),
            kind: request.mode.code(),
            source: &request.source,
            verdict: summary.verdict.code(),
            passed: i64::from(summary.passed),
            total: i64::from(summary.total),
            wall_ms: summary.wall_ms as i64,
            session_id: request.session_id.as_deref(),
        })
        .await
        .map_err(|e| internal("recording a run", e))?;
    if let Some(session) = &session {
        let run = RunRecord {
            run_id: summary.run_id.clone(),
            mode: request.mode,
            language: request.language,
            verdict: summary.verdict,
            passed: summary.passed,
            total: summary.total,
            wall_ms: summary.wall_ms,
            compile_error: summary.compile_error.as_deref().map(clip),
            cases: cases
                .iter()
                .map(|c| {
                    let visible = [c.actual.as_deref(), Some(&c.stdout), Some(&c.stderr), c.error.as_deref()];
                    CaseRecord::new(c.index, c.hidden, c.verdict, c.time_ms, visible)
                })
                .collect(),
        };
        record::record_run(state, session, &request.source, run).await?;
    }
    Ok(RunResult { summary, cases })
}

fn ndjson_line(event: &RunEvent) -> String {
    let mut line = serde_json::to_string(event).unwrap_or_default();
    line.push('\n');
    line
}

/// `POST /api/runs`: runs or submits code and streams [`RunEvent`]s as NDJSON. Errors found
/// before the run starts (sign-in, validation, rate limit) are a plain JSON `AppError` with
/// the matching status.
pub async fn runs_handler(
    State(state): State<AppState>,
    session: Session,
    body: Result<Json<RunRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let user = match session.get::<String>(USER_ID_KEY).await {
        Ok(Some(u)) => u,
        Ok(None) => return AppError::Unauthorized.into_response(),
        Err(e) => return internal("reading session", e).into_response(),
    };
    let request = match body {
        Ok(Json(r)) => r,
        Err(e) => return AppError::validation("", format!("Invalid request: {}", e.body_text())).into_response(),
    };
    let admitted = match admit(&state, &user, request).await {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let (tx, rx) = mpsc::unbounded_channel::<RunEvent>();
    let _ = tx.send(RunEvent::Started { total: admitted.total() });
    // The run outlives the handler; it keeps the request's span, so its log lines carry the
    // request id.
    let run = async move {
        let last = match execute(&state, admitted, Some(tx.clone())).await {
            Ok(result) => RunEvent::Finished { summary: result.summary },
            Err(error) => RunEvent::Failed { error },
        };
        let _ = tx.send(last);
    };
    tokio::spawn(tracing::Instrument::instrument(run, tracing::Span::current()));
    let stream = futures_stream(rx);
    let mut res = Response::new(Body::from_stream(stream));
    *res.status_mut() = StatusCode::OK;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-ndjson"));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    res
}

fn futures_stream(
    rx: mpsc::UnboundedReceiver<RunEvent>,
) -> impl futures::Stream<Item = Result<String, std::convert::Infallible>> + Send {
    futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|e| (Ok(ndjson_line(&e)), rx)) })
}
