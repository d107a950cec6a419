-- PostgreSQL twin of sqlite/0038_guesses.sql.
CREATE TABLE guesses (
  budget  TEXT   NOT NULL,
  address TEXT   NOT NULL,
  at_ms   BIGINT NOT NULL
);
CREATE INDEX guesses_by_key ON guesses (budget, address, at_ms);
CREATE INDEX guesses_by_age ON guesses (budget, at_ms);
