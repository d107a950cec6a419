import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { type Sql, sql } from '#office/platform/db/sql.ts';
import { openTestDb, testBackend } from '../support/backend.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const backend = testBackend();
let db: Db;
let url: string | null;
let drop: () => Promise<void>;
const dir = tempFolderForTests('office-db');

beforeAll(async () => {
  ({ db, url, drop } = await openTestDb(dir()));
  await db.transaction((tx) => tx.exec('CREATE TABLE counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL)'));
});
afterAll(async () => {
  await drop();
});

const count = async (name: string) => (await db.get<{ n: number }>(sql`SELECT n FROM counters WHERE name = ${name}`))?.n;

describe(`the office database on ${backend}`, () => {
  it('commits a transaction whole, or nothing of it when it fails', async () => {
    await db.transaction(async (tx) => {
      await tx.run(sql`INSERT INTO counters (name, n) VALUES (${'a'}, ${1})`);
      await tx.run(sql`INSERT INTO counters (name, n) VALUES (${'b'}, ${2})`);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.run(sql`UPDATE counters SET n = 100 WHERE name = ${'a'}`);
        await tx.run(sql`INSERT INTO counters (name, n) VALUES (${'b'}, ${3})`); // duplicate key
      }),
    ).rejects.toThrow();
    expect([await count('a'), await count('b')]).toEqual([1, 2]);
  });

  it('answers how many rows a statement changed, and undefined for a row that is not there', async () => {
    expect(await db.run(sql`UPDATE counters SET n = n + 1 WHERE name IN (${'a'}, ${'b'})`)).toBe(2);
    expect(await db.run(sql`UPDATE counters SET n = n + 1 WHERE name = ${'none'}`)).toBe(0);
    expect(await db.get(sql`SELECT n FROM counters WHERE name = ${'none'}`)).toBeUndefined();
  });

  it('tells listeners after the commit, and never about a transaction rolled back', async () => {
    const heard: (string | null)[] = [];
    const stop = await db.listen('test_changes', (p) => heard.push(p));
    await db.transaction(async (tx) => {
      tx.notify('test_changes', 'one');
      await tx.run(sql`UPDATE counters SET n = n + 1 WHERE name = ${'a'}`);
    });
    await db
      .transaction((tx) => {
        tx.notify('test_changes', 'rolled-back');
        return Promise.reject(new Error('no'));
      })
      .catch(() => undefined);
    await db.transaction((tx) => Promise.resolve(tx.notify('test_changes', 'two')));
    await waitFor(() => heard.length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    stop();
    expect(heard).toEqual(['one', 'two']);
  });

  it('loses no update when many transactions read and write one row under a lock', async () => {
    await db.run(sql`INSERT INTO counters (name, n) VALUES (${'locked'}, ${0})`);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          await tx.lock('counter:locked');
          const n = (await tx.get<{ n: number }>(sql`SELECT n FROM counters WHERE name = ${'locked'}`))?.n ?? 0;
          await new Promise((r) => setImmediate(r));
          await tx.run(sql`UPDATE counters SET n = ${n + 1} WHERE name = ${'locked'}`);
        }),
      ),
    );
    expect(await count('locked')).toBe(20);
  });

  it('stores every grouped write but the one that fails, and answers each on its own', async () => {
    const writes = ['g1', 'g2', 'g1', 'g3'].map((name) =>
      db.transaction((tx) => tx.run(sql`INSERT INTO counters (name, n) VALUES (${name}, ${1})`), { group: true }),
    );
    const status = (await Promise.allSettled(writes)).map((o) => o.status);
    // The two writes of g1 race (on PostgreSQL each is its own transaction): exactly one of them is stored.
    expect([status[0], status[2]].sort()).toEqual(['fulfilled', 'rejected']);
    expect([status[1], status[3]]).toEqual(['fulfilled', 'fulfilled']);
    expect([await count('g1'), await count('g2'), await count('g3')]).toEqual([1, 1, 1]);
  });

  it('reads one snapshot in a read-only transaction and refuses to write in it', async () => {
    const seen = await db.transaction(async (tx) => {
      const before = await tx.get<{ n: number }>(sql`SELECT count(*) AS n FROM counters`);
      return before?.n;
    }, { readOnly: true });
    expect(seen).toBe(Number(await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM counters`).then((r) => r?.n)));
    await expect(db.transaction((tx) => tx.run(sql`DELETE FROM counters`), { readOnly: true })).rejects.toThrow();
    expect(await count('a')).toBeDefined();
  });

  it('holds a named lock for one holder at a time', async () => {
    const order: string[] = [];
    await Promise.all(
      ['x', 'y', 'z'].map((who) =>
        db.withLock('shared-thing', async () => {
          order.push(`${who}+`);
          await new Promise((r) => setTimeout(r, 20));
          order.push(`${who}-`);
        }),
      ),
    );
    for (let i = 0; i < order.length; i += 2) expect(order[i]?.slice(0, 1)).toBe(order[i + 1]?.slice(0, 1));
    const release = await db.tryLock('held');
    expect(release).toBeDefined();
    expect(await db.tryLock('held')).toBeUndefined();
    await release?.();
    const again = await db.tryLock('held');
    expect(again).toBeDefined();
    await again?.();
  });
});

describe.runIf(backend === 'postgres')('a PostgreSQL connection that breaks while in use', () => {
  /** Ends server sessions of this database as an administrator would (or a server restart), from a connection of its own. */
  async function endSessions(where: Sql): Promise<number> {
    const other = await openPostgresDb(url ?? '', { poolSize: 1 });
    try {
      return (await other.all(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${where}`)).length;
    } finally {
      await other.close();
    }
  }

  it('fails the transaction under way, keeps nothing of it, and the office goes on (no uncaught error)', async () => {
    let pid: number | undefined;
    const running = db.transaction(async (tx) => {
      await tx.run(sql`UPDATE counters SET n = 500 WHERE name = ${'a'}`);
      pid = (await tx.get<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`))?.pid;
      await tx.run(sql`SELECT pg_sleep(5)`);
    });
    const outcome = running.then(() => 'committed', (error: unknown) => error);
    await waitFor(() => pid !== undefined);
    expect(await endSessions(sql`pid = ${pid ?? -1}`)).toBe(1);
    expect(await outcome).toBeInstanceOf(Error);
    expect(await count('a')).not.toBe(500);
    // The pool dropped the broken connection: the next transaction gets a working one.
    expect(await db.transaction((tx) => tx.run(sql`UPDATE counters SET n = n WHERE name = ${'a'}`))).toBe(1);
  });

  it('loses a held lock with its connection, and the office goes on (no uncaught error)', async () => {
    const release = await db.tryLock('held-when-cut');
    expect(release).toBeDefined();
    expect(await endSessions(sql`query LIKE ${'SELECT pg_try_advisory_lock%'}`)).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 200));
    await release?.();
    // The server let the lock go with the session; it can be taken again.
    const again = await db.tryLock('held-when-cut');
    expect(again).toBeDefined();
    await again?.();
  });
});

describe.runIf(backend === 'postgres')('two office servers on one PostgreSQL', () => {
  it('share locks and notifications: what one server takes the other waits for, what one commits the other hears', async () => {
    const other = await openPostgresDb(url ?? '', { poolSize: 2 });
    try {
      const heard: (string | null)[] = [];
      const stop = await other.listen('test_changes', (p) => heard.push(p));
      await db.transaction((tx) => Promise.resolve(tx.notify('test_changes', 'from-first')));
      await waitFor(() => heard.includes('from-first'));
      stop();

      const release = await db.tryLock('across-servers');
      expect(release).toBeDefined();
      expect(await other.tryLock('across-servers')).toBeUndefined();
      let entered = false;
      const waiting = other.withLock('across-servers', () => Promise.resolve(void (entered = true)));
      await new Promise((r) => setTimeout(r, 100));
      expect(entered).toBe(false);
      await release?.();
      await waiting;
      expect(entered).toBe(true);
    } finally {
      await other.close();
    }
  });
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
