-- Credits granted by hand: who granted them (an admin's user id, or "cli" for the command
-- line) and why. Both are NULL on the rows the app writes itself (sign-up, interviews).
ALTER TABLE credit_ledger ADD COLUMN granted_by TEXT;
ALTER TABLE credit_ledger ADD COLUMN note TEXT;
-- The admin page lists the latest grants.
CREATE INDEX credit_ledger_reason ON credit_ledger(reason, id);
