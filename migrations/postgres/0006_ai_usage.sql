-- One row per AI call through the gateway: who, what for, which model, tokens, estimated
-- cost (millionths of a US dollar), latency, and whether the cache answered. Quotas sum the
-- tokens of a user's rows since the start of the day or month.
CREATE TABLE ai_usage (
    id          TEXT PRIMARY KEY,
    user_id     TEXT REFERENCES users(id) ON DELETE SET NULL,
    task        TEXT NOT NULL,
    provider    TEXT NOT NULL,
    model       TEXT NOT NULL,
    tokens_in   BIGINT NOT NULL,
    tokens_out  BIGINT NOT NULL,
    cost_micros BIGINT NOT NULL,
    latency_ms  BIGINT NOT NULL,
    cache_hit   BIGINT NOT NULL,
    ok          BIGINT NOT NULL,
    error       TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX ai_usage_user_time ON ai_usage(user_id, created_at);
CREATE INDEX ai_usage_time ON ai_usage(created_at);
