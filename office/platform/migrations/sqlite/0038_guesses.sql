-- Guesses at a secret on a public page (a status query code, a certificate's code, an identity at the kiosk, a
-- contract and buyer at the bank), counted per budget and client address over a window (OWASP ASVS 4.0 11.1.4;
-- sync/server/guess-budget.ts). Kept in the database so that every office server behind a proxy counts the same
-- guesses: a count kept by each server would give an attacker one budget per server.
-- budget: which secret (one budget may be spent by several routes); address: the client's; at_ms: when, in
-- milliseconds. Only guesses let through are rows; a budget's rows older than its window are deleted as new ones come.
CREATE TABLE guesses (
  budget  TEXT    NOT NULL,
  address TEXT    NOT NULL,
  at_ms   INTEGER NOT NULL
);
CREATE INDEX guesses_by_key ON guesses (budget, address, at_ms);
CREATE INDEX guesses_by_age ON guesses (budget, at_ms);
