-- The interview history finds each session's last submission; without this index that is a
-- scan of every run for every row of the page.
CREATE INDEX code_runs_session_kind ON code_runs(session_id, kind, created_at);
