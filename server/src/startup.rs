//! Building and running the application: connect the store, wire the router, start the
//! background workers, serve until a shutdown signal, then close everything cleanly.

use anyhow::Context;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::Router;
use http::StatusCode;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use app::platform::config::{Config, ExecutorConfig};
use app::platform::executor::local::{LocalSandbox, SandboxOptions};
use app::platform::executor::queue::{FairQueue, QueueLimits, RUNS_WAITING_PER_USER};
use app::platform::executor::{piston::Piston, Executor, Unavailable};
use app::platform::mail::Mailer;
use app::platform::sessions::DbSessionStore;
use app::platform::state::AppState;
use app::platform::store::Store;
use app::platform::throttle::PerKey;
use app::platform::throttle::Throttle;
use app::problems::server::bank;
use app::{shell, App};

use crate::security::{self, Origins};

/// A built application, bound to its port and ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    port: u16,
}

impl Application {
    /// Connects the database (applying migrations), binds the address and wires the routes.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let store = Store::connect(config.database_url(), config.db_kind).await?;
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("cannot listen on {} (option `addr`)", config.addr))?;
        let local = listener.local_addr()?;
        let mut leptos_options = leptos::config::get_configuration(None)
            .map_err(|e| anyhow::anyhow!("leptos configuration: {e}"))?
            .leptos_options;
        leptos_options.site_addr = local;
        if let Some(root) = &config.site_root {
            leptos_options.site_root = root.display().to_string().into();
        }
        if leptos_options.output_name.is_empty() {
            leptos_options.output_name = "sparring".into();
        }
        let mut config = config;
        if config.addr.port() == 0 && config.public_url == format!("http://{}", config.addr) {
            config.public_url = format!("http://{local}");
        }
        let mailer = Mailer::new(store.clone(), &config)?;
        import_bank(&store, &config).await;
        let executor = executor(&config).await;
        let gateway = match config.ai.clone() {
            None => None,
            Some(ai) => {
                let usage = Arc::new(app::platform::ai::usage::StoreUsage(store.clone()));
                let gateway =
                    app::platform::ai::gateway::Gateway::new(ai, usage).context("setting up the AI provider")?;
                tracing::info!(provider = ?gateway.config().provider, "AI provider configured");
                Some(Arc::new(gateway))
            }
        };
        let state = AppState {
            leptos_options,
            store,
            throttle: Arc::new(Throttle::new(config.signin_per_account_per_minute, config.signin_per_ip_per_minute)),
            run_limit: Arc::new(PerKey::per_minute(config.runs_per_minute)),
            write_limit: Arc::new(PerKey::per_minute(app::platform::state::WRITES_PER_MINUTE)),
            run_queue: FairQueue::new(QueueLimits {
                slots: config.sandbox.slots,
                per_user: config.sandbox.per_user,
                waiting_per_user: RUNS_WAITING_PER_USER,
                max_wait: config.sandbox.queue_wait,
            }),
            executor,
            slots: Arc::default(),
            gateway,
            hub: Arc::new(app::platform::hub::Hub::default()),
            config: Arc::new(config),
            mailer,
        };
        let router = router(state.clone());
        Ok(Application { listener, router, state, port: local.port() })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests use it to reach the store).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes; in-flight requests finish, then workers stop and
    /// the database closes.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let (stop, stopped) = watch::channel(false);
        let mail_worker = tokio::spawn(self.state.mailer.clone().run_worker(stopped.clone()));
        let deadlines = tokio::spawn(deadline_worker(self.state.clone(), stopped.clone()));
        let jobs = self
            .state
            .config
            .jobs
            .then(|| tokio::spawn(app::evaluation::server::jobs::run_worker(self.state.clone(), stopped.clone())));
        let janitor = tokio::spawn(janitor(self.state.clone(), stopped));
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        // Small WebSocket frames (acknowledgements, streamed replies) go out at once: with
        // Nagle's algorithm they would wait for the peer's delayed ACK, about 40 ms.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "could not set TCP_NODELAY");
            }
        });
        let served = axum::serve(listener, service).with_graceful_shutdown(shutdown).await;
        let _ = stop.send(true);
        let _ = mail_worker.await;
        let _ = janitor.await;
        let _ = deadlines.await;
        if let Some(jobs) = jobs {
            let _ = jobs.await;
        }
        self.state.store.close().await;
        tracing::info!("server stopped; database closed");
        served.context("serving HTTP")
    }
}

/// Imports the bundled problem bank: new problems are added, changed ones get a new
/// version, unchanged ones are left alone. A missing directory is only a warning.
async fn import_bank(store: &Store, config: &Config) {
    let Some(dir) = &config.problems_dir else { return };
    if !dir.is_dir() {
        tracing::warn!(dir = %dir.display(), "problem bank directory not found; no problems imported (option `problems_dir`)");
        return;
    }
    let report = bank::import_dir(store, dir).await;
    for (slug, error) in &report.failed {
        tracing::error!(%slug, %error, "problem not imported");
    }
    tracing::info!(dir = %dir.display(), "problem bank: {}", report.summary());
}

/// The configured executor. When the local sandbox cannot work on this host, runs are
/// refused with the reason; code is never run unconfined.
async fn executor(config: &Config) -> Arc<dyn Executor> {
    match &config.executor {
        ExecutorConfig::Local => match LocalSandbox::with_options(SandboxOptions {
            work_root: config.data_dir.join("sandbox"),
            slots: config.sandbox.slots,
            first_uid: config.sandbox.first_uid,
            cgroup: config.sandbox.cgroup.clone(),
        })
        .await
        {
            Ok(sandbox) => Arc::new(sandbox),
            Err(e) => {
                tracing::error!(error = %e, "the local sandbox is unavailable; code runs will be refused");
                Arc::new(Unavailable(e.to_string()))
            }
        },
        ExecutorConfig::Piston { url } => match Piston::new(url) {
            Ok(piston) => Arc::new(piston),
            Err(e) => Arc::new(Unavailable(e.to_string())),
        },
    }
}

/// Ends interviews at their deadline even when no browser is open.
async fn deadline_worker(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            return;
        }
        app::record::server::end_overdue(&state).await;
        tokio::select! {
            r = stop.changed() => if r.is_err() { return },
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}

/// Periodic housekeeping: expired sessions and idle throttle keys.
async fn janitor(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            return;
        }
        match state.store.delete_expired_sessions().await {
            Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %format_args!("{:#}", anyhow::Error::from(e)), "could not remove expired sessions")
            }
        }
        match state.store.purge_realtime_tokens().await {
            Ok(n) if n > 0 => tracing::debug!(removed = n, "used and expired realtime tokens removed"),
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %format_args!("{:#}", anyhow::Error::from(e)), "could not remove realtime tokens")
            }
        }
        state.throttle.prune();
        state.run_limit.prune();
        state.write_limit.prune();
        tokio::select! {
            r = stop.changed() => if r.is_err() { return },
            _ = tokio::time::sleep(Duration::from_secs(300)) => {}
        }
    }
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::error!(error = %format_args!("{:#}", anyhow::Error::from(e)), "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// The app's routes, generated once per process. Generating them runs the app with resource
/// loading suppressed by a process-wide flag; a page rendering at that moment in another
/// server of the same process (as in the integration tests) would wait forever for its
/// resources, so it must never happen after the first server starts.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The full HTTP router with every layer.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let routes = route_list();
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.store.clone()))
        .with_name("sparring_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            i64::try_from(config.session_ttl.as_secs()).unwrap_or(i64::MAX),
        )));
    let origins = Origins { public: config.public_url.clone().into() };

    let mut app = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/api/runs", post(app::problems::server::practice::runs_handler))
        .route("/api/sessions/realtime", get(app::interview::server::channel::ws_handler))
        // The replay's manifest and chunks: JSON that compresses about tenfold.
        .merge(app::replay::server::http::routes().layer(tower_http::compression::CompressionLayer::new()))
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(security::server_fn_error_status))
        .layer(axum::middleware::from_fn(security::body_size_limit))
        .layer(axum::middleware::from_fn(security::cache_control))
        .layer(axum::middleware::from_fn(security::shared_privacy))
        .layer(axum::middleware::from_fn(security::isolate_reactive_owner))
        .layer(axum::middleware::from_fn(security::slide_session))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(origins, security::csrf_guard))
        .with_state(state);
    for (name, value) in security::default_headers(config.secure_cookies()) {
        app = app.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    app.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(|req: &http::Request<axum::body::Body>| {
                let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }))
            .layer(PropagateRequestIdLayer::x_request_id()),
    )
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
