-- Pasokh console store, schema 6: indexes for the case browser on a million cases (issue 2, "filter change
-- <= 100 ms"). Numbered 0006 so it cannot collide with the 0004/0005 of parallel work; the lead renumbers at merge.
--
-- cases_browse_district: district with category, time, status and unit. It serves "district sorted by
-- category" in index order (no sort at all), and district + category group + status as a few equality ranges
-- whose status and unit are checked inside the index (covering: no row is read until the page is chosen).
CREATE INDEX cases_browse_district ON cases (district, service_code, requested_at DESC, status, agency_responsible);

-- cases_browse_tracking: a tracking-code prefix (year + station) as a range whose times are in the index, so the
-- newest-first page sorts small (code, time) keys instead of reading every matching row.
CREATE INDEX cases_browse_tracking ON cases (tracking_code, requested_at);

-- The trigram index no longer merges its segments inside the writing transaction (a 40-50 ms CPU spike in about
-- one save in 75 on the 1M-case store); Storage::WalCheckpointer runs bounded 'merge' steps on its own
-- connection instead. FTS5's crisis merge still bounds the segment count if nothing else merges.
INSERT INTO cases_text (cases_text, rank) VALUES ('automerge', 0);
