-- Pasokh console store, schema 1: reference data, cases, callers, calls, case events, agent states, outbox.
-- Times are UTC Unix milliseconds (INTEGER). Ids are UUIDv7 text. Never Jalali y/m/d (DESIGN.md, Data model).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE districts (
    number  INTEGER PRIMARY KEY,          -- 1..12, 13 = Samen (ثامن)
    name_fa TEXT NOT NULL,
    name_en TEXT NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE neighbourhoods (
    id         INTEGER PRIMARY KEY,
    district   INTEGER NOT NULL REFERENCES districts(number),
    name_fa    TEXT NOT NULL,
    search_key TEXT NOT NULL,
    note       TEXT,
    UNIQUE (district, name_fa)
);

CREATE TABLE units (
    code    TEXT PRIMARY KEY,             -- D01..D12, DSA, ORG-*, DEP-*, EXT-*
    kind    TEXT NOT NULL,
    name_fa TEXT NOT NULL,
    name_en TEXT NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE categories (
    code         TEXT PRIMARY KEY,
    parent       TEXT REFERENCES categories(code),
    name_fa      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    default_unit TEXT,                    -- a unit code, 'DISTRICT', 'EXTERNAL' or NULL for a group
    sla_days     INTEGER,
    urgent       INTEGER NOT NULL DEFAULT 0,
    search_key   TEXT NOT NULL,
    retired      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE callers (
    phone         TEXT PRIMARY KEY,       -- E.164
    name          TEXT,
    national_id   TEXT,
    first_seen_at INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);

CREATE TABLE cases (
    id                 TEXT PRIMARY KEY,
    tracking_code      TEXT UNIQUE,
    channel            TEXT NOT NULL,
    case_type          TEXT NOT NULL,
    service_code       TEXT REFERENCES categories(code),
    description        TEXT NOT NULL,
    description_key    TEXT NOT NULL,     -- PersianText::searchKey(description)
    caller_name        TEXT,
    caller_phone       TEXT,              -- E.164, NULL when withheld
    caller_national_id TEXT,
    anonymous          INTEGER NOT NULL DEFAULT 0,
    district           INTEGER REFERENCES districts(number),
    neighbourhood      TEXT,
    address            TEXT,
    latitude           REAL,
    longitude          REAL,
    urgency            TEXT NOT NULL,
    agency_responsible TEXT REFERENCES units(code),
    status             TEXT NOT NULL,
    status_notes       TEXT,
    requested_at       INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    expected_at        INTEGER,
    operator           TEXT,
    station            INTEGER,
    call_id            TEXT,
    answer_text        TEXT,
    response_type      TEXT,
    answered_at        INTEGER,
    server_version     INTEGER NOT NULL DEFAULT 0,
    has_pending        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cases_by_requested ON cases (requested_at DESC);
CREATE INDEX cases_by_phone ON cases (caller_phone, requested_at DESC);
CREATE INDEX cases_by_status ON cases (status, requested_at DESC);
CREATE INDEX cases_by_service ON cases (service_code, requested_at DESC);
CREATE INDEX cases_by_district ON cases (district, requested_at DESC);
CREATE INDEX cases_by_unit ON cases (agency_responsible, requested_at DESC);

-- Substring search over the normalised description (trigram tokenizer, SQLite >= 3.34); kept in step by triggers.
CREATE VIRTUAL TABLE cases_text USING fts5 (description_key, content = 'cases', content_rowid = 'rowid',
                                            tokenize = 'trigram');
CREATE TRIGGER cases_text_ai AFTER INSERT ON cases BEGIN
    INSERT INTO cases_text (rowid, description_key) VALUES (new.rowid, new.description_key);
END;
CREATE TRIGGER cases_text_ad AFTER DELETE ON cases BEGIN
    INSERT INTO cases_text (cases_text, rowid, description_key) VALUES ('delete', old.rowid, old.description_key);
END;
CREATE TRIGGER cases_text_au AFTER UPDATE OF description_key ON cases BEGIN
    INSERT INTO cases_text (cases_text, rowid, description_key) VALUES ('delete', old.rowid, old.description_key);
    INSERT INTO cases_text (rowid, description_key) VALUES (new.rowid, new.description_key);
END;

CREATE TABLE case_events (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id  TEXT NOT NULL REFERENCES cases(id),
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,               -- created, amended, status, answer
    status   TEXT,                        -- the status after the event
    changes  TEXT,                        -- JSON {field: [old, new]}
    note     TEXT
);
CREATE INDEX case_events_by_case ON case_events (case_id, id);

CREATE TABLE calls (
    id           TEXT PRIMARY KEY,
    direction    TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    ani          TEXT,                    -- E.164, NULL when withheld
    display_name TEXT,
    dnis         TEXT,
    offered_at   INTEGER NOT NULL,
    answered_at  INTEGER,
    ended_at     INTEGER,
    agent        TEXT,
    outcome      TEXT,                    -- answered, missed, abandoned, refused_busy, rejected_not_ready
    disposition  TEXT,
    case_id      TEXT REFERENCES cases(id)
);
CREATE INDEX calls_by_ani ON calls (ani, offered_at DESC);

CREATE TABLE agent_state_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agent      TEXT NOT NULL,
    state      TEXT NOT NULL,
    reason     TEXT,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER
);

CREATE TABLE tracking_sequences (
    jalali_year   INTEGER NOT NULL,
    station       INTEGER NOT NULL,
    last_sequence INTEGER NOT NULL,
    PRIMARY KEY (jalali_year, station)
);

CREATE TABLE drafts (
    slot     TEXT PRIMARY KEY,
    payload  TEXT NOT NULL,              -- JSON of the intake form's fields
    saved_at INTEGER NOT NULL
);

-- Transactional outbox (notes/sync.md §4): written in the same transaction as the change it carries.
CREATE TABLE outbox (
    mutation_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    op              TEXT NOT NULL,
    payload         TEXT NOT NULL,
    payload_sha256  TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'inflight', 'acked', 'parked')),
    last_error      TEXT,
    acked_at        INTEGER
);
CREATE INDEX outbox_by_state ON outbox (state, mutation_id);

CREATE TABLE sync_state (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    client_id              TEXT NOT NULL,
    db_instance_id         TEXT NOT NULL,
    last_acked_mutation_id INTEGER NOT NULL DEFAULT 0,
    pull_cursor            TEXT,
    server_epoch           TEXT,
    last_sync_at           INTEGER
);
