-- Pasokh console store, schema 2: the guidance knowledge base (issue 4).
-- Articles with their categories and units, an FTS5 index whose content the application writes (text already
-- normalised by Pasokh::Core::PersianText::searchKey, notes/persian.md §5), and which articles an operator used on
-- a case. Retired articles stay in kb_articles (kb_usage refers to them) but leave kb_fts.
-- Times are UTC Unix milliseconds (INTEGER), as in schema 1. Written by Pasokh::Kb::KbRepository.

CREATE TABLE kb_articles (
    seq            INTEGER PRIMARY KEY,   -- rowid; the kb_fts row of the article has the same rowid
    id             TEXT NOT NULL UNIQUE,  -- stable id from the article's front matter (e.g. "waste-collection")
    title          TEXT NOT NULL,
    title_key      TEXT NOT NULL,         -- searchKey(title), for the 1-2 letter fallback
    keywords_key   TEXT NOT NULL DEFAULT '', -- searchKey of the keywords, space separated, same purpose
    body           TEXT NOT NULL,         -- Markdown, shown right-to-left
    keywords       TEXT NOT NULL DEFAULT '', -- one keyword per line
    version        INTEGER NOT NULL DEFAULT 1, -- +1 each time the content changes
    content_sha256 TEXT NOT NULL,         -- hex SHA-256 of the imported content, to skip unchanged re-imports
    updated_at_utc INTEGER NOT NULL,      -- when this version was stored
    reviewed_on    TEXT,                  -- ISO date (Gregorian) the content was last checked by an editor
    retired        INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX kb_articles_by_title_key ON kb_articles(title_key);

CREATE TABLE kb_article_categories (
    article_id    TEXT NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    category_code TEXT NOT NULL,          -- a categories.code, group or leaf
    PRIMARY KEY (article_id, category_code)
) WITHOUT ROWID;

CREATE INDEX kb_article_categories_by_category ON kb_article_categories(category_code, article_id);

CREATE TABLE kb_article_units (
    article_id TEXT NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    unit_code  TEXT NOT NULL,             -- a units.code (D01..DSA, ORG-*, DEP-*, EXT-*)
    PRIMARY KEY (article_id, unit_code)
) WITHOUT ROWID;

-- title, keywords and body hold searchKey() text; alt holds the parts of every word written with a ZWNJ
-- (آب‌رسانی -> آب رسانی) and the joined form of word + suffix pairs written with a space (بازیافت ها ->
-- بازیافتها), so that the joined, the ZWNJ and the spaced spelling of a query all meet the article.
CREATE VIRTUAL TABLE kb_fts USING fts5(
    title, keywords, body, alt,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'      -- type-ahead: 2- and 3-letter prefixes read one precomputed doclist
);

-- Ranking: bm25 with the title weighted above keywords, body and the split forms (SQLite FTS5 docs, §4.3.1).
INSERT INTO kb_fts(kb_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 0.5)');

CREATE TABLE kb_usage (
    case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL REFERENCES kb_articles(id),
    used_at_utc INTEGER NOT NULL,
    operator    TEXT NOT NULL,
    PRIMARY KEY (case_id, article_id)
) WITHOUT ROWID;

CREATE INDEX kb_usage_by_article ON kb_usage(article_id, used_at_utc);
