-- PostgreSQL twin of sqlite/0034_queue-counts.sql: how many cases wait at each review level, kept with each
-- case's row of case_stages, so a queue page reads its total as one row.
CREATE TABLE queue_counts (
  level INTEGER NOT NULL PRIMARY KEY,
  n     INTEGER NOT NULL
);
INSERT INTO queue_counts (level, n)
  SELECT awaiting_level, count(*) FROM case_stages WHERE closed = 0 AND awaiting_level IS NOT NULL GROUP BY awaiting_level;
