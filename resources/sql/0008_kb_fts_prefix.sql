-- Pasokh console store, schema 8: the knowledge base's FTS5 index without the 2-letter prefix index (issue 4,
-- index build <= 10 s for 20,000 articles). Numbered 0008 next to this branch's 0007; the lead renumbers at merge.
-- prefix = '2 3' made FTS5 write two extra doclists per token: half of the build's FTS5 time (20,000 generated
-- articles: 12.0 s CPU with '2 3', 6.1 s with '3'). One-letter and two-letter queries are answered by the
-- title/keyword fallback of KbSearch (kb_articles_short_keys), which fills the page before the index is asked; a
-- two-letter last word of a longer query ("زباله جم") reads the few doclists of the words it starts instead.
-- kb_fts stores its columns (already searchKey() text), so the new index is filled from the old one in SQL.
CREATE VIRTUAL TABLE kb_fts_new USING fts5(
    title, keywords, body, alt,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'        -- type-ahead: 3-letter prefixes read one precomputed doclist
);
INSERT INTO kb_fts_new(kb_fts_new, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 0.5)');
INSERT INTO kb_fts_new(rowid, title, keywords, body, alt) SELECT rowid, title, keywords, body, alt FROM kb_fts;
INSERT INTO kb_fts_new(kb_fts_new) VALUES ('optimize');
DROP TABLE kb_fts;
ALTER TABLE kb_fts_new RENAME TO kb_fts;
