-- Interview sessions. A user has at most one open (scheduled or active) session: the partial
-- unique index makes concurrent starts create exactly one, and the credit for it is spent in
-- the same transaction.
CREATE TABLE interview_sessions (
    id               TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    problem_id       TEXT NOT NULL REFERENCES problems(id),
    problem_version  BIGINT NOT NULL,
    language         TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    status           TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    started_at       BIGINT,
    deadline_at      BIGINT,
    ended_at         BIGINT,
    end_reason       TEXT
);
CREATE UNIQUE INDEX interview_sessions_one_open ON interview_sessions(user_id)
    WHERE status IN ('scheduled', 'active');
CREATE INDEX interview_sessions_user_time ON interview_sessions(user_id, created_at);
CREATE INDEX interview_sessions_deadline ON interview_sessions(status, deadline_at);

-- The per-session event log: every accepted change, in order. It drives replay, evaluation
-- evidence and recovery.
CREATE TABLE session_events (
    session_id TEXT NOT NULL REFERENCES interview_sessions(id) ON DELETE CASCADE,
    seq        BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- Full copies of the code: automatic (at most one per 10 s), manual, per run, and final.
CREATE TABLE session_snapshots (
    session_id TEXT NOT NULL REFERENCES interview_sessions(id) ON DELETE CASCADE,
    seq        BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    language   TEXT NOT NULL,
    code       TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- Short-lived, single-use tokens that open a session's WebSocket.
CREATE TABLE realtime_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES interview_sessions(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

ALTER TABLE code_runs ADD COLUMN session_id TEXT REFERENCES interview_sessions(id) ON DELETE SET NULL;
