-- Pasokh console store, schema 9: a second FTS5 index of the knowledge base holding only titles and keywords
-- (issue 4, type-ahead p99 <= 10 ms). A search's first phase matches titles and keywords; on kb_fts a column
-- filter still walks the whole doclists, body positions included, of every term a prefix expands to
-- (20,000 generated articles: "در ک" 11-14 ms in that phase alone). Here the doclists hold titles and keywords
-- only, about a twentieth of the size, and a 2-letter prefix index is cheap again (0.7 s more build time).
-- Kept in step with kb_fts by Pasokh::Kb::KbRepository (same rowid = kb_articles.seq, same searchKey() text).
CREATE VIRTUAL TABLE kb_title_fts USING fts5(
    title, keywords,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
-- bm25 with the title above the keywords, the weights kb_fts gives them (SQLite FTS5 docs, §4.3.1).
INSERT INTO kb_title_fts(kb_title_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0)');
INSERT INTO kb_title_fts(rowid, title, keywords) SELECT rowid, title, keywords FROM kb_fts;
INSERT INTO kb_title_fts(kb_title_fts) VALUES ('optimize');
