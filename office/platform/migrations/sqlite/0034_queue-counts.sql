-- How many cases wait at each review level (the case_stages rows with that awaiting_level, not closed), kept by
-- the office in the transaction that writes a case's row (its old level out, its new level in), so a queue page
-- reads its total as one row instead of counting every case waiting at the level.
CREATE TABLE queue_counts (
  level INTEGER NOT NULL PRIMARY KEY,
  n     INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO queue_counts (level, n)
  SELECT awaiting_level, count(*) FROM case_stages WHERE closed = 0 AND awaiting_level IS NOT NULL GROUP BY awaiting_level;
