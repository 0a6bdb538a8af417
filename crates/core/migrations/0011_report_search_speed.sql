-- 0011: the reports' search within its budget on a large archive.
--
-- A prefix (`échog*`) is answered by the words of the index that start with
-- it, read from this vocabulary table, rather than by FTS5's own prefix
-- query: that one builds the whole merged list of matches in memory, and
-- with SQLCipher's memory security on (every freed block wiped) it took
-- half a second on 200 000 reports.
CREATE VIRTUAL TABLE report_words USING fts5vocab(report_search, 'col');

-- A period filter is turned into the range of report numbers written in
-- that period, so the index's matches outside it are skipped, not read one
-- by one. Same expression as the search's filter, so SQLite uses it.
CREATE INDEX reports_by_day ON reports (coalesce(consultation_on, substr(created_at, 1, 10)), seq);
