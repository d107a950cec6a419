import { type Dialect, type Sql } from './sql.ts';

/**
 * The office's database, whichever backend holds it: SQLite in one file (the embedded default, one
 * office server) or PostgreSQL (several stateless office servers). Every store is written against this
 * port with the `sql` template, so one adapter serves both backends; where the dialects differ the
 * adapter asks `dialect`.
 */
export type Queryable = {
  readonly dialect: Dialect;
  all<Row>(q: Sql): Promise<Row[]>;
  get<Row>(q: Sql): Promise<Row | undefined>;
  /** Runs a statement; answers the number of rows it changed. */
  run(q: Sql): Promise<number>;
};

/** One transaction. Only database work happens inside it: no network calls, no file I/O, no password hashing. */
export type Tx = Queryable & {
  /**
   * Serialises this transaction with every other one taking the same lock, on every office server,
   * until it commits or rolls back (PostgreSQL: `pg_advisory_xact_lock`; SQLite: the write lock every
   * transaction already holds).
   */
  lock(name: string): Promise<void>;
  /** Tells every server's listeners of `channel`, once this transaction has committed (PostgreSQL NOTIFY). */
  notify(channel: string, payload: string): void;
  /** Runs a migration script (several statements, no parameters). */
  exec(script: string): Promise<void>;
};

export type TxOptions = {
  /**
   * May share one commit (and one fsync) with other writes queued at the same moment, each in its own
   * savepoint, so one write's failure touches no other. Only SQLite groups; PostgreSQL groups commits itself.
   */
  group?: boolean;
  /** Reads one consistent snapshot and writes nothing (PostgreSQL REPEATABLE READ READ ONLY). */
  readOnly?: boolean;
};

/** A notification's payload, or `null` when notifications may have been missed (a listening connection was lost). */
export type Listener = (payload: string | null) => void;

export type Db = Queryable & {
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T>;
  /** Listens on `channel` (every server's `notify`); answers the way to stop listening. */
  listen(channel: string, fn: Listener): Promise<() => void>;
  /**
   * Runs `fn` holding a named lock that every office server on this database honours, for work that is
   * not a transaction (moving a scan file into place, a tus upload). Waits for the lock.
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Tries a named lock without waiting: the release, or undefined when someone else holds it. */
  tryLock(name: string): Promise<(() => Promise<void>) | undefined>;
  /** Copies the database to `file` while the office keeps running; PostgreSQL is backed up with `pg_dump` instead. */
  backup(file: string): Promise<{ ok: true } | { ok: false; reason: 'use-pg-dump' }>;
  close(): Promise<void>;
};
