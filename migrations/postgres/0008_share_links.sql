-- Share links: the owner of a session lets anyone holding the link watch its replay and read
-- its evaluation. Only the SHA-256 of the token is kept. `include_chat` and `include_identity`
-- are the scope chosen at creation (0 or 1); `expires_at` is NULL for a link that never
-- expires; `revoked_at` is set once, when the owner revokes it.
CREATE TABLE share_links (
    id               TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL REFERENCES interview_sessions(id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash       TEXT NOT NULL UNIQUE,
    include_chat     BIGINT NOT NULL,
    include_identity BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT,
    revoked_at       BIGINT,
    views            BIGINT NOT NULL DEFAULT 0,
    last_viewed_at   BIGINT
);
CREATE INDEX share_links_owner ON share_links(user_id, created_at);
CREATE INDEX share_links_session ON share_links(session_id);
