import { createHash } from 'node:crypto';
import pg from 'pg';
import { type Db, type Listener, type Tx, type TxOptions } from './db.ts';
import { migrate } from './migrate.ts';
import { NamedMutexes } from './mutex.ts';
import { type Sql, sqlId } from './sql.ts';
import { PgListener } from './pg-listener.ts';
import { createLogger } from '#office/platform/logger.ts';

const log = createLogger('postgres');

/** bigint columns (sequence numbers, counts) as JS numbers: every one of ours stays far below 2^53. */
const INT8 = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? Number : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * A connection taken from a pool can break while it is ours (the server restarts, is stopped, or ends the session):
 * pg then fails the query under way and also emits `error` on the client, which pg-pool listens for only while the
 * client is idle in the pool. Unheard, that event is an uncaught exception that would end the office; heard here,
 * it is logged, the caller gets the failed query, and `release` hands the broken client back to be discarded.
 */
function watched(client: pg.PoolClient): pg.PoolClient {
  client.on('error', onCheckedOutError);
  return client;
}
const onCheckedOutError = (error: Error): void => log.warn({ err: error }, 'database connection failed while in use');

/** Back to its pool (discarded there when broken, or when `error` is given); no longer watched by `watched`. */
function release(client: pg.PoolClient, error?: unknown): void {
  client.removeListener('error', onCheckedOutError);
  client.release(error === undefined ? undefined : error instanceof Error ? error : true);
}

/** Errors after which PostgreSQL asks the client to run the transaction again. */
const RETRY_CODES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

export type PostgresOptions = { poolSize?: number; applicationName?: string; /** Another migrations folder (tests of a migration). */ migrations?: string };

/**
 * Connects to the office's PostgreSQL database (`postgres://…`) and migrates it. Several office servers
 * may share one database: everything that must be serialised takes a lock in the database.
 * @throws when the database cannot be reached or migrated.
 */
export async function openPostgresDb(url: string, opts: PostgresOptions = {}): Promise<PostgresDb> {
  const config = { connectionString: url, types, application_name: opts.applicationName ?? 'jms-office' };
  const pool = new pg.Pool({ ...config, max: opts.poolSize ?? 10 });
  // Session locks (`withLock`) each hold a connection of their own, so a lock never waits for a query connection.
  const lockPool = new pg.Pool({ ...config, max: 20 });
  // An idle connection that breaks (server restart) is dropped by the pool; the next query opens another.
  for (const p of [pool, lockPool]) p.on('error', (error) => log.warn({ err: error }, 'idle database connection failed'));
  const db = new PostgresDb(pool, lockPool, new PgListener(config));
  try {
    await migrate(db, opts.migrations);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  private readonly names = new Map<string, string>();
  private readonly local = new NamedMutexes();

  constructor(
    private readonly pool: pg.Pool,
    private readonly lockPool: pg.Pool,
    private readonly listener: PgListener,
  ) {}

  /** Every statement is prepared once per connection, under a name derived from its text. */
  private config(q: Sql): pg.QueryConfig {
    const { text, values } = q.render('postgres');
    let name = this.names.get(text);
    if (!name) {
      name = `q${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      this.names.set(text, name);
    }
    return { name, text, values: values as unknown[] };
  }

  async all<Row>(q: Sql): Promise<Row[]> {
    return (await this.pool.query(this.config(q))).rows as Row[];
  }

  async get<Row>(q: Sql): Promise<Row | undefined> {
    return (await this.all<Row>(q))[0];
  }

  async run(q: Sql): Promise<number> {
    return (await this.pool.query(this.config(q))).rowCount ?? 0;
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
    const client = watched(await this.pool.connect());
    try {
      for (let attempt = 1; ; attempt++) {
        const notices: { channel: string; payload: string }[] = [];
        try {
          await client.query(options.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
          const value = await fn(this.txOn(client, notices));
          if (notices.length > 0) {
            // NOTIFY is transactional: delivered to every listening server at commit, never on rollback.
            await client.query('SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS n(c, p)', [notices.map((n) => n.channel), notices.map((n) => n.payload)]);
          }
          await client.query('COMMIT');
          return value;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (attempt < MAX_ATTEMPTS && RETRY_CODES.has((error as { code?: string }).code ?? '')) continue;
          throw error;
        }
      }
    } finally {
      release(client);
    }
  }

  private txOn(client: pg.PoolClient, notices: { channel: string; payload: string }[]): Tx {
    return {
      dialect: 'postgres',
      all: async <Row>(q: Sql) => (await client.query(this.config(q))).rows as Row[],
      get: async <Row>(q: Sql) => (await client.query(this.config(q))).rows[0] as Row | undefined,
      run: async (q: Sql) => (await client.query(this.config(q))).rowCount ?? 0,
      lock: async (name) => void (await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name])),
      notify: (channel, payload) => void notices.push({ channel: sqlId(channel).name, payload }),
      exec: async (script) => void (await client.query(script)),
    };
  }

  listen(channel: string, fn: Listener): Promise<() => void> {
    return this.listener.listen(sqlId(channel).name, fn);
  }

  async tryLock(name: string): Promise<(() => Promise<void>) | undefined> {
    const client = watched(await this.lockPool.connect());
    try {
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [name]);
      if (got.rows[0]?.ok !== true) {
        release(client);
        return undefined;
      }
    } catch (error) {
      release(client, error);
      throw error;
    }
    return async () => {
      try {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]);
        release(client);
      } catch (error) {
        // A connection that could not unlock is closed: closing it releases its session locks.
        release(client, error);
      }
    };
  }

  /**
   * Waits in this process first (so one server's waiters do not poll the database), then polls the
   * database lock: a waiter holds no connection, so waiting can never starve the lock holder of one.
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.local.run(name, async () => {
      let release: (() => Promise<void>) | undefined;
      for (let wait = 5; !(release = await this.tryLock(name)); wait = Math.min(wait * 2, 100)) {
        await new Promise((r) => setTimeout(r, wait));
      }
      try {
        return await fn();
      } finally {
        await release();
      }
    });
  }

  backup(): Promise<{ ok: false; reason: 'use-pg-dump' }> {
    return Promise.resolve({ ok: false, reason: 'use-pg-dump' });
  }

  private closing: Promise<void> | undefined;

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.listener.close();
      await Promise.all([this.pool.end(), this.lockPool.end()]);
    })();
    return this.closing;
  }
}
