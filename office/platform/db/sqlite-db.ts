import { mkdirSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type Db, type Listener, type Tx, type TxOptions } from './db.ts';
import { migrateSqlite } from './migrate.ts';
import { Mutex, NamedMutexes } from './mutex.ts';
import { type Sql } from './sql.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

type Statements = Map<string, Database.Statement>;
type Queued = { fn: (tx: Tx) => Promise<unknown>; resolve(v: unknown): void; reject(e: unknown): void };
type Notice = { channel: string; payload: string };

/** How long a group commit's transaction takes writes before it commits (see `flushGroup`). */
const GROUP_BUDGET_MS = 25;
/** How often a running office brings its planner's statistics up to date (`optimize`). */
const OPTIMIZE_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * `PRAGMA optimize` over every table (0x10002), as SQLite advises for a long-lived connection at open, now and then,
 * and at close (sqlite.org/pragma.html#pragma_optimize, sqlite.org/lang_analyze.html#approx): it runs ANALYZE (with
 * the writer's `analysis_limit`) only on a table whose statistics are missing or whose size has changed some 25-fold
 * since, so it is nearly free when nothing changed (1 ms), and an empty table gets no statistics. Without
 * statistics SQLite's planner walked a whole collection by the primary key for the documents of a list of cases and
 * for a broken device's cases, and a van's trips in write order; with them each reads its own index
 * (tests/office-platform/analyzed-plans.test.ts, docs/benchmark-log.md). PostgreSQL's autovacuum analyzes by itself.
 */
function optimize(db: Database.Database): void {
  db.pragma('optimize = 0x10002');
}

/**
 * Opens (creating and migrating when needed) an office database in one SQLite file, WAL mode, for one
 * office server process. Writes go through one connection, one transaction at a time; reads outside a
 * transaction use a second connection, which sees every committed write and never waits for a writer.
 */
export function openSqliteDb(file: string, opts: { migrations?: string; /** After a commit, when the WAL is checkpointed (default 100 ms). */ checkpointAfterMs?: number } = {}): SqliteDb {
  mkdirSync(dirname(file), { recursive: true });
  const writer = new Database(file);
  writer.pragma('journal_mode = WAL');
  // FULL also survives power loss at every commit (NORMAL is durable across process crashes only).
  writer.pragma('synchronous = FULL');
  writer.pragma('foreign_keys = ON');
  writer.pragma('busy_timeout = 5000');
  migrateSqlite(writer, opts.migrations);
  const reader = new Database(file);
  reader.pragma('busy_timeout = 5000');
  reader.pragma('query_only = ON');
  return new SqliteDb(writer, reader, opts.checkpointAfterMs);
}

export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  private readonly writes = new Mutex();
  private readonly reads = new Mutex();
  private readonly named = new NamedMutexes();
  private readonly writerStatements: Statements = new Map();
  private readonly readerStatements: Statements = new Map();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly groupQueue: Queued[] = [];
  /** The WAL file, when the database is in WAL mode (a group commit flushes it itself, see `flushGroup`). */
  private readonly walPath: string | null;
  /** Kept open: SQLite keeps the same WAL file (same inode) for as long as a connection is open. */
  private wal: Promise<FileHandle> | undefined;
  /** Checkpoints the WAL off the event loop, in WAL mode (wal-checkpointer.ts). */
  readonly checkpointer: WalCheckpointer | null;
  private closed = false;
  private readonly optimizing: NodeJS.Timeout;

  constructor(
    readonly writer: Database.Database,
    private readonly reader: Database.Database,
    checkpointAfterMs?: number,
  ) {
    this.walPath = writer.pragma('journal_mode', { simple: true }) === 'wal' ? `${writer.name}-wal` : null;
    this.checkpointer = this.walPath
      ? new WalCheckpointer(
          writer.name,
          () => {
            // Back to SQLite's own checkpoints in the commit, so the WAL never grows without bound.
            if (writer.open) writer.pragma('wal_autocheckpoint = 1000');
          },
          checkpointAfterMs,
        )
      : null;
    if (this.checkpointer) writer.pragma('wal_autocheckpoint = 0');
    // Each ANALYZE reads about this many rows of an index, not all of them (204 against 28 ms on 110,000 documents, the same plans).
    writer.pragma('analysis_limit = 1000');
    optimize(writer);
    this.optimizing = setInterval(() => void this.writes.run(() => optimize(writer)).catch(() => undefined), OPTIMIZE_EVERY_MS).unref();
  }

  all<Row>(q: Sql): Promise<Row[]> {
    return this.reads.run(() => prepare(this.reader, this.readerStatements, q).all(q.values) as Row[]);
  }

  get<Row>(q: Sql): Promise<Row | undefined> {
    return this.reads.run(() => prepare(this.reader, this.readerStatements, q).get(q.values) as Row | undefined);
  }

  run(q: Sql): Promise<number> {
    return this.transaction((tx) => tx.run(q));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('office database is closed'));
    if (options.readOnly) return this.reads.run(() => this.inTransaction(this.reader, this.readerStatements, 'BEGIN', fn, []));
    if (options.group && this.walPath) {
      return new Promise<T>((resolve, reject) => {
        this.groupQueue.push({ fn, resolve: (v) => resolve(v as T), reject });
        if (this.groupQueue.length === 1) setImmediate(() => void this.flushGroup());
      });
    }
    return this.writes.run(async () => {
      const notices: Notice[] = [];
      const value = await this.inTransaction(this.writer, this.writerStatements, 'BEGIN IMMEDIATE', fn, notices);
      this.checkpointer?.committed();
      this.deliver(notices);
      return value;
    });
  }

  private async inTransaction<T>(db: Database.Database, cache: Statements, begin: string, fn: (tx: Tx) => Promise<T>, notices: Notice[]): Promise<T> {
    db.exec(begin);
    try {
      const value = await fn(this.txOn(db, cache, notices));
      db.exec('COMMIT');
      return value;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  private txOn(db: Database.Database, cache: Statements, notices: Notice[]): Tx {
    return {
      dialect: 'sqlite',
      all: <Row>(q: Sql) => Promise.resolve(prepare(db, cache, q).all(q.values) as Row[]),
      get: <Row>(q: Sql) => Promise.resolve(prepare(db, cache, q).get(q.values) as Row | undefined),
      run: (q: Sql) => Promise.resolve(prepare(db, cache, q).run(q.values).changes),
      // Every SQLite write transaction already holds the database's one write lock.
      lock: () => Promise.resolve(),
      notify: (channel, payload) => void notices.push({ channel, payload }),
      exec: (script) => Promise.resolve(void db.exec(script)),
    };
  }

  /**
   * Group commit: the writes queued while the previous commit ran are stored in one transaction, each in
   * its own savepoint, so they share one fsync of the WAL. The commit itself runs with synchronous=NORMAL
   * (SQLite writes the WAL frames, no fsync on the event loop) and the WAL file is then fsync'd on the
   * thread pool before any write is answered. That flush covers every frame written so far, so an answered
   * write is exactly as durable as under FULL, power loss included; meanwhile the office keeps serving.
   * A failed flush fails the writes it was to cover: the vans retry, and a stored push repeated is a duplicate.
   *
   * A group stops taking writes once its transaction has held the event loop `GROUP_BUDGET_MS` (the first write
   * is always taken): it commits, and the writes left wait for the next group, which starts while this one's
   * fsync runs. A write is then not kept waiting for every write queued behind it, and the event loop answers
   * the groups already flushed in between (docs/benchmark-log.md: after a stall, groups of 6–8 batches).
   */
  private async flushGroup(): Promise<void> {
    const batch = this.groupQueue.splice(0);
    if (batch.length === 0) return; // a group cut short asked for a flush that an earlier one has made
    const results: ({ ok: true; value: unknown; notices: Notice[] } | { ok: false; error: unknown })[] = [];
    // No checkpoint starts from here until the WAL is flushed: its disk writes would slow the fsync the answers wait for.
    const synced = this.checkpointer?.syncing();
    try {
      await this.writes.run(async () => {
        this.writer.pragma('synchronous = NORMAL');
        try {
          this.writer.exec('BEGIN IMMEDIATE');
          try {
            const began = performance.now();
            for (const [i, item] of batch.entries()) {
              if (i > 0 && performance.now() - began > GROUP_BUDGET_MS) {
                this.groupQueue.unshift(...batch.splice(i));
                setImmediate(() => void this.flushGroup());
                break;
              }
              const notices: Notice[] = [];
              this.writer.exec('SAVEPOINT grouped');
              try {
                const value = await item.fn(this.txOn(this.writer, this.writerStatements, notices));
                this.writer.exec('RELEASE grouped');
                results.push({ ok: true, value, notices });
              } catch (error) {
                // Some errors (a full disk: SQLITE_FULL, an I/O error) make SQLite roll back the whole transaction,
                // not just this savepoint: then every write of the group is lost, and all are refused with the cause
                // (the rest must not run outside the transaction, committed but answered as failed).
                if (!this.writer.inTransaction) throw error;
                this.writer.exec('ROLLBACK TO grouped');
                this.writer.exec('RELEASE grouped');
                results.push({ ok: false, error });
              }
            }
            this.writer.exec('COMMIT');
            this.checkpointer?.committed();
          } catch (error) {
            if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
            throw error;
          }
        } finally {
          this.writer.pragma('synchronous = FULL');
        }
      });
      await this.syncWal();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    } finally {
      synced?.();
    }
    batch.forEach((item, i) => {
      const r = results[i];
      if (!r) item.reject(new Error('group commit lost a write'));
      else if (r.ok) {
        this.deliver(r.notices);
        item.resolve(r.value);
      } else item.reject(r.error);
    });
  }

  private async syncWal(): Promise<void> {
    if (!this.walPath) return;
    this.wal ??= open(this.walPath, 'r');
    try {
      await (await this.wal).sync();
    } catch (error) {
      this.wal = undefined; // opened again next time
      throw error;
    }
  }

  private deliver(notices: readonly Notice[]): void {
    for (const n of notices) for (const fn of this.listeners.get(n.channel) ?? []) queueMicrotask(() => fn(n.payload));
  }

  listen(channel: string, fn: Listener): Promise<() => void> {
    const set = this.listeners.get(channel) ?? new Set<Listener>();
    set.add(fn);
    this.listeners.set(channel, set);
    return Promise.resolve(() => void set.delete(fn));
  }

  // One process owns an SQLite office, so a lock in this process is a lock for the whole office.
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.named.run(name, fn);
  }

  tryLock(name: string): Promise<(() => Promise<void>) | undefined> {
    if (this.named.isHeld(name)) return Promise.resolve(undefined);
    return new Promise((acquired) => {
      const held = this.named.run(name, () => new Promise<void>((release) => acquired(() => (release(), held))));
    });
  }

  /**
   * SQLite's online backup, a few pages per turn of the event loop, so the office answers meanwhile. Its first step
   * runs between the writer's transactions: inside one, SQLite answers a step BUSY, and better-sqlite3 takes a BUSY
   * first step (no page count yet) for a finished backup, deletes the file and reports success. A later BUSY step
   * is retried on the next turn.
   */
  async backup(file: string): Promise<{ ok: true }> {
    mkdirSync(dirname(file), { recursive: true });
    const copying = await this.writes.run(
      () =>
        new Promise<{ done: Promise<unknown> }>((begun, failed) => {
          // Wrapped: a promise handed to resolve would be waited for, holding the writes to the end.
          const done = this.writer.backup(file, {
            progress: () => {
              begun({ done });
              return 100; // pages per step, better-sqlite3's own rate
            },
          });
          done.then(() => begun({ done }), failed);
        }),
    );
    await copying.done;
    return { ok: true };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.optimizing);
    await this.writes.run(() => undefined); // let the transactions already started finish
    // Statistics for the next start: an office's tables grow while it runs (a failure here must not keep it open).
    try {
      optimize(this.writer);
    } catch {
      // the next start tries again
    }
    await this.checkpointer?.stop(); // before the last connection closes, which checkpoints the rest and removes the WAL
    this.reader.close();
    this.writer.close();
    const wal = this.wal;
    this.wal = undefined;
    if (wal) await wal.then((h) => h.close()).catch(() => undefined);
  }
}

function prepare(db: Database.Database, cache: Statements, q: Sql): Database.Statement {
  const { text } = q.render('sqlite');
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = db.prepare(text);
    cache.set(text, stmt);
  }
  return stmt;
}
