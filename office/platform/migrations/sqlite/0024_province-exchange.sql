-- The 接入 messages of the office's 登簿 for the province platform (docs/province-exchange.md): one per 登簿 and
-- unit (source_key), with its 业务报文ID, the message as built and on the wire, its state (queued, sent, failed,
-- invalid: failed the schema and never sent) and when it is tried next. The serials number each area's messages
-- of a day; the send log keeps every attempt with what the province answered.
CREATE TABLE province_messages (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  source_key      TEXT NOT NULL UNIQUE,
  biz_msg_id      TEXT NOT NULL UNIQUE,
  case_number     TEXT NOT NULL,
  unit_number     TEXT NOT NULL,
  rec_type        TEXT NOT NULL,
  message         TEXT NOT NULL,
  xml             TEXT NOT NULL,
  state           TEXT NOT NULL,
  problems        TEXT NOT NULL,
  attempts        INTEGER NOT NULL,
  next_attempt_at TEXT,
  last_error      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX province_messages_due ON province_messages (state, next_attempt_at);
CREATE TABLE province_serials (
  area_day TEXT PRIMARY KEY,
  last     INTEGER NOT NULL
);
CREATE TABLE province_send_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id  INTEGER NOT NULL,
  biz_msg_id  TEXT NOT NULL,
  attempt     INTEGER NOT NULL,
  at          TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  http_status INTEGER,
  detail      TEXT NOT NULL
);
CREATE INDEX province_send_log_message ON province_send_log (message_id);
