-- The problem bank. A problem's files (docs/problem-format.md) are stored per version, exactly
-- as imported, so export writes back the same directory and past sessions keep their version.
CREATE TABLE problems (
    id              TEXT PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    difficulty      TEXT NOT NULL,
    difficulty_rank BIGINT NOT NULL,
    categories      TEXT NOT NULL,
    tags            TEXT NOT NULL,
    languages       TEXT NOT NULL,
    current_version BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE problem_versions (
    problem_id   TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    version      BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    files        TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (problem_id, version)
);

-- Every run (visible cases) and submission (all cases) of a user's code.
CREATE TABLE code_runs (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    problem_id      TEXT NOT NULL REFERENCES problems(id),
    problem_version BIGINT NOT NULL,
    language        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    source          TEXT NOT NULL,
    verdict         TEXT NOT NULL,
    passed          BIGINT NOT NULL,
    total           BIGINT NOT NULL,
    wall_ms         BIGINT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX code_runs_user_time ON code_runs(user_id, created_at);
