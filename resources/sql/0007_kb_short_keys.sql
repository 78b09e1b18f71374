-- Pasokh console store, schema 7: the knowledge base's one- and two-letter fallback (issue 4, type-ahead p99).
-- Numbered 0007 next to this branch's 0006; the lead renumbers at merge.
-- The fallback tests title_key and keywords_key with instr(): on kb_articles itself every test read a row that
-- carries the whole Markdown body (20,000 articles: ~60 MB per scan). This index holds just the keys, so the
-- scans stay inside it and only the rows of the hits are read; (retired, title_key) also serves the title-prefix
-- phase in order.
CREATE INDEX kb_articles_short_keys ON kb_articles (retired, title_key, keywords_key);
