-- Accounts. Credentials live apart from users so OAuth identities and passkeys can be added
-- later as their own tables (user_id → users.id) without touching this one.
CREATE TABLE users (
    id                 TEXT PRIMARY KEY,
    email              TEXT NOT NULL UNIQUE,
    display_name       TEXT NOT NULL,
    experience_level   TEXT NOT NULL DEFAULT 'mid',
    target_companies   TEXT NOT NULL DEFAULT '[]',
    preferred_language TEXT NOT NULL DEFAULT 'python',
    role               TEXT NOT NULL DEFAULT 'candidate',
    terms_version      TEXT NOT NULL,
    terms_accepted_at  BIGINT NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);

CREATE TABLE password_credentials (
    user_id       TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- The balance is SUM(delta). Rows are only ever inserted.
CREATE TABLE credit_ledger (
    id         BIGSERIAL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    delta      BIGINT NOT NULL,
    reason     TEXT NOT NULL,
    reference  TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX credit_ledger_user ON credit_ledger(user_id);

CREATE TABLE auth_sessions (
    id         TEXT PRIMARY KEY,
    user_id    TEXT,
    data       TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions(user_id);
CREATE INDEX auth_sessions_expiry ON auth_sessions(expires_at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX password_resets_user ON password_resets(user_id);

CREATE TABLE mail_outbox (
    id         BIGSERIAL PRIMARY KEY,
    kind       TEXT NOT NULL,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body_text  TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending',
    attempts   BIGINT  NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at    BIGINT
);
CREATE INDEX mail_outbox_status ON mail_outbox(status, id);
