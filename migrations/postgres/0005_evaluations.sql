-- Durable background jobs. A job is claimed by setting it running with a lease; a worker that
-- dies leaves the lease to run out and another claims the job again. `dedupe_key` makes
-- enqueueing the same work twice a no-op.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    dedupe_key   TEXT NOT NULL UNIQUE,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL,
    attempts     BIGINT NOT NULL,
    max_attempts BIGINT NOT NULL,
    run_at       BIGINT NOT NULL,
    locked_until BIGINT,
    last_error   TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs(status, run_at);

-- One evaluation per ended session: pending while its job runs, then ready (with the result
-- as JSON) or failed.
CREATE TABLE evaluations (
    session_id     TEXT PRIMARY KEY REFERENCES interview_sessions(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status         TEXT NOT NULL,
    engine         TEXT,
    overall        BIGINT,
    recommendation TEXT,
    result         TEXT,
    error          TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX evaluations_user ON evaluations(user_id);
