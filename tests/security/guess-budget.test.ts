import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { GuessBudget } from '#server/guess-budget.ts';
import { openTestDb, testBackend } from '../support/backend.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * The guess budget's store (sync/server/guess-budget.ts) on the run's backend, on a clock of the test's own: a sliding
 * window of `max` guesses per budget and address, refused guesses not counted, guesses past the window forgotten, and
 * guesses arriving at once through two connections (two office servers on PostgreSQL) let through one by one.
 */
const dir = tempFolderForTests('guess-budget');
const WINDOW = 60_000;
/** Any instant: the store compares times, never reads the date. */
const T0 = 5_000_000;
let dbs: Db[];
let drop: () => Promise<void>;
let t = T0;
const clock = () => t;

beforeAll(async () => {
  const opened = await openTestDb(dir());
  drop = opened.drop;
  dbs = [opened.db, opened.url === null ? opened.db : await openPostgresDb(opened.url, { poolSize: 4 })];
});
afterAll(async () => {
  if (dbs[1] !== dbs[0]) await dbs[1]?.close();
  await drop();
});

/**
 * `db` with each read in a transaction answered a little late: guesses counted at once, each then written, would all
 * find the same count (without the budget's lock, 12 at once let far more than 3 through on PostgreSQL).
 */
function slowReads(db: Db): Db {
  const late = <T>(v: T) => new Promise<T>((resolve) => setTimeout(() => resolve(v), 20));
  return {
    ...db,
    transaction: (fn, options) =>
      db.transaction(
        (tx) => fn({ dialect: tx.dialect, all: async (q) => late(await tx.all(q)), get: async (q) => late(await tx.get(q)), run: (q) => tx.run(q), lock: (n) => tx.lock(n), notify: (c, p) => tx.notify(c, p), exec: (s) => tx.exec(s) }),
        options,
      ),
  };
}

const rows = async (budget: string) => (await dbs[0]!.all<{ address: string; at_ms: number | string }>(sql`SELECT address, at_ms FROM guesses WHERE budget = ${budget} ORDER BY at_ms`)).map((r) => [r.address, Number(r.at_ms) - T0]);

describe(`a guess budget kept in the office database, on ${testBackend()}`, () => {
  it('lets `max` guesses through in any window, counts no refused one, and lets one more through as each leaves the window', async () => {
    const budget = new GuessBudget(dbs[0]!, 'window', 3, WINDOW, clock);
    const at = async (ms: number) => {
      t = T0 + ms;
      return budget.take('10.1.0.1');
    };
    expect([await at(0), await at(10_000), await at(20_000)]).toEqual([true, true, true]);
    // Refused until the first guess is a whole window old, however often asked.
    expect([await at(30_000), await at(45_000), await at(WINDOW - 1)]).toEqual([false, false, false]);
    expect(await at(WINDOW)).toBe(true);
    expect(await at(WINDOW + 9_999)).toBe(false);
    expect(await at(WINDOW + 10_000)).toBe(true);
    // Only the guesses let through were kept, and those past the window are gone.
    expect(await rows('window')).toEqual([['10.1.0.1', 20_000], ['10.1.0.1', WINDOW], ['10.1.0.1', WINDOW + 10_000]]);
  });

  it('counts each address and each budget apart', async () => {
    t = T0;
    const status = new GuessBudget(dbs[0]!, 'apart-status', 2, WINDOW, clock);
    const verify = new GuessBudget(dbs[0]!, 'apart-verify', 2, WINDOW, clock);
    for (const _ of [1, 2]) expect(await status.take('10.2.0.1')).toBe(true);
    expect(await status.take('10.2.0.1')).toBe(false);
    expect(await status.take('10.2.0.2')).toBe(true);
    expect(await verify.take('10.2.0.1')).toBe(true);
    // The same name is the same budget, whoever made it (each route, each server).
    expect(await new GuessBudget(dbs[1]!, 'apart-status', 2, WINDOW, clock).take('10.2.0.1')).toBe(false);
  });

  it('takes a guess from two budgets (an address’s and an account’s) together, and from neither when one is spent', async () => {
    t = T0;
    const byAddress = new GuessBudget(dbs[0]!, 'each-address', 3, WINDOW, clock);
    const byAccount = new GuessBudget(dbs[0]!, 'each-account', 2, WINDOW, clock);
    const guess = (account: string) => GuessBudget.takeEach([byAddress, '10.5.0.1'], [byAccount, account]);
    expect([await guess('acct-a'), await guess('acct-a'), await guess('acct-a')]).toEqual([true, true, false]);
    // The account's refusal cost the address nothing: a colleague at the same address still has its one guess left.
    expect(await rows('each-address')).toHaveLength(2);
    expect(await guess('acct-b')).toBe(true);
    expect(await guess('acct-c')).toBe(false);
    expect(await rows('each-account')).toEqual([['acct-a', 0], ['acct-a', 0], ['acct-b', 0]]);
    // Taken at once through two servers in both orders, the two locks never wait on each other (no deadlock) and the
    // address's budget still lets exactly its limit through.
    t = T0 + WINDOW;
    const budgets = dbs.map(slowReads).map((db) => [new GuessBudget(db, 'each-address', 3, WINDOW, clock), new GuessBudget(db, 'each-account', 9, WINDOW, clock)] as const);
    const verdicts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const [a, b] = budgets[i % 2]!;
        return i % 4 < 2 ? GuessBudget.takeEach([a, '10.5.0.1'], [b, `acct-${i}`]) : GuessBudget.takeEach([b, `acct-${i}`], [a, '10.5.0.1']);
      }),
    );
    expect(verdicts.filter(Boolean)).toHaveLength(3);
  });

  it('forgets every address past the window as new guesses come, so the table cannot grow without bound', async () => {
    const budget = new GuessBudget(dbs[0]!, 'forget', 5, WINDOW, clock);
    t = T0;
    for (let n = 0; n < 50; n++) expect(await budget.take(`10.3.${n}.1`)).toBe(true);
    expect(await rows('forget')).toHaveLength(50);
    t = T0 + WINDOW;
    expect(await budget.take('10.3.99.1')).toBe(true);
    expect(await rows('forget')).toEqual([['10.3.99.1', WINDOW]]);
  });

  it('lets no more guesses through than the limit when they arrive at once through two servers', async () => {
    t = T0;
    const budgets = dbs.map((db) => new GuessBudget(slowReads(db), 'at-once', 3, WINDOW, clock));
    const verdicts = await Promise.all(Array.from({ length: 12 }, (_, i) => budgets[i % 2]!.take('10.4.0.1')));
    expect(verdicts.filter(Boolean)).toHaveLength(3);
    expect(await rows('at-once')).toHaveLength(3);
  });
});
