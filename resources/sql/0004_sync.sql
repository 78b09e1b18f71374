-- Sync engine (issue 6, models/sync; notes/sync.md §4).
-- mutation_offset: the hub sees mutation_id - mutation_offset ("wire id"). It is 0 until the console is re-keyed
-- (a data folder copied from another console, or 422 mutation_id_reused): then a new client_id starts its wire ids at
-- 1 again from the first unacknowledged outbox row, while the local AUTOINCREMENT ids never go back.
ALTER TABLE sync_state ADD COLUMN mutation_offset INTEGER NOT NULL DEFAULT 0;
-- When the hub's data (cases, status) last reached this console, Unix ms UTC.
ALTER TABLE sync_state ADD COLUMN last_pull_at INTEGER;

-- Hub changes to a case that still had unacknowledged local mutations when they were pulled (the PowerSync rule:
-- never overwrite a case with pending writes). Applied once the case's outbox rows are all acknowledged.
CREATE TABLE sync_deferred (
    case_id        TEXT PRIMARY KEY,
    server_version INTEGER NOT NULL,
    fields         TEXT NOT NULL           -- the hub's case JSON as pulled
);

-- "Does this case still have unacknowledged mutations?" on every pulled case.
CREATE INDEX outbox_by_entity ON outbox (entity_id, state);
