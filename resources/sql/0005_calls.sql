-- Call log codes (issue 3): 0001 described calls.outcome as "answered, missed, abandoned, refused_busy,
-- rejected_not_ready", but the agent model (models/agent/agenttypes.cpp) writes
-- pending|answered|missed|refused_busy|refused_not_ready|refused_logged_out|rejected|failed|engine_crashed and the
-- dispositions case_registered|guidance_given|out_of_jurisdiction|wrong_number|silent_call|abusive_caller|
-- call_dropped. The codes are listed in two small tables; old spellings are mapped (an abandoned call is a missed
-- one: the caller hung up while ringing), and triggers refuse any other code, since SQLite cannot add a CHECK
-- constraint to an existing table.
CREATE TABLE call_outcome_codes (code TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO call_outcome_codes (code) VALUES ('pending'), ('answered'), ('missed'), ('refused_busy'),
    ('refused_not_ready'), ('refused_logged_out'), ('rejected'), ('failed'), ('engine_crashed');
CREATE TABLE call_disposition_codes (code TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO call_disposition_codes (code) VALUES ('case_registered'), ('guidance_given'), ('out_of_jurisdiction'),
    ('wrong_number'), ('silent_call'), ('abusive_caller'), ('call_dropped');

UPDATE calls SET outcome = 'missed' WHERE outcome = 'abandoned';
UPDATE calls SET outcome = 'refused_not_ready' WHERE outcome = 'rejected_not_ready';
UPDATE calls SET outcome = 'failed'
 WHERE outcome IS NOT NULL AND outcome NOT IN (SELECT code FROM call_outcome_codes);
UPDATE calls SET disposition = NULL
 WHERE disposition IS NOT NULL AND disposition NOT IN (SELECT code FROM call_disposition_codes);

CREATE TRIGGER calls_codes_insert BEFORE INSERT ON calls
WHEN (NEW.outcome IS NOT NULL AND NEW.outcome NOT IN (SELECT code FROM call_outcome_codes))
  OR (NEW.disposition IS NOT NULL AND NEW.disposition NOT IN (SELECT code FROM call_disposition_codes))
BEGIN
    SELECT RAISE(ABORT, 'calls: unknown outcome or disposition code');
END;

CREATE TRIGGER calls_codes_update BEFORE UPDATE OF outcome, disposition ON calls
WHEN (NEW.outcome IS NOT NULL AND NEW.outcome NOT IN (SELECT code FROM call_outcome_codes))
  OR (NEW.disposition IS NOT NULL AND NEW.disposition NOT IN (SELECT code FROM call_disposition_codes))
BEGIN
    SELECT RAISE(ABORT, 'calls: unknown outcome or disposition code');
END;

-- Supervisor views read the state log per state over a time window.
CREATE INDEX agent_state_log_by_state ON agent_state_log (state, started_at);

-- Directory of unit extensions for blind and attended transfers (issue 3), edited on the console. Starts empty: the
-- reference unit list (resources/data/units.csv) has no extensions. unit_code optionally ties an entry to a unit.
CREATE TABLE unit_extensions (
    id         TEXT PRIMARY KEY,                -- UUIDv7
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    extension  TEXT NOT NULL CHECK (length(trim(extension)) > 0),
    unit_code  TEXT REFERENCES units(code),
    note       TEXT,
    search_key TEXT NOT NULL,                   -- PersianText::searchKey(name + note + extension)
    updated_at INTEGER NOT NULL
);
CREATE INDEX unit_extensions_by_name ON unit_extensions (name);
