import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { type Db } from '#office/platform/db/db.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { type StaffDoc } from '#protocol/documents/office.ts';
import { DEFAULT_PBKDF2_ITERATIONS, verifyPassword } from '#protocol/password-hash.ts';
import { createLoginService, type LoginOutcome, type LoginService } from '#server/auth/login.ts';
import { LOGIN_LIMITS } from '#server/auth/login-throttle.ts';
import { seedOffice } from '#server/seed.ts';
import { DbStorage } from '#server/storage/db-storage.ts';
import { ChangeHub } from '#server/sync/hub.ts';
import { openTestDb, testBackend } from '../support/backend.ts';
import { barrier } from '../support/barrier.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * Staff sign-in is one use case with one write transaction (auth/login.ts): the throttle's verdict, the account
 * row, the failure or the session and the first van key are decided and written together under the sign-in's
 * locks, and no transaction is open while the password is hashed. Two office servers on one database (on SQLite,
 * the one office server taking both at once) sign people in at the same moment.
 */
const dir = tempFolderForTests('login-transaction');
let dbs: Db[];
let drop: () => Promise<void>;
let storage: DbStorage;

/** Every transaction the login opens, whether one is open now, and every write run outside one. */
type Watch = { open: number; writeTransactions: number; writesOutside: string[] };

function watched(inner: Db, watch: Watch): Db {
  return {
    dialect: inner.dialect,
    all: (q) => inner.all(q),
    get: (q) => inner.get(q),
    run: (q) => {
      watch.writesOutside.push(q.render(inner.dialect).text);
      return inner.run(q);
    },
    transaction: async (fn, options) => {
      if (options?.readOnly !== true) watch.writeTransactions++;
      return inner.transaction(async (tx) => {
        watch.open++;
        try {
          return await fn(tx);
        } finally {
          watch.open--;
        }
      }, options);
    },
    listen: (channel, fn) => inner.listen(channel, fn),
    withLock: (name, fn) => inner.withLock(name, fn),
    tryLock: (name) => inner.tryLock(name),
    backup: (file) => inner.backup(file),
    close: () => inner.close(),
  };
}

const clock = { now: () => new Date() };

/** A sign-in service on each server; `verify` sees each password check. */
function services(verify: (password: string, encoded: string) => Promise<boolean>, opts: { watch?: Watch; perAccount?: number } = {}): LoginService[] {
  return dbs.map((db) => {
    const d = opts.watch ? watched(db, opts.watch) : db;
    return createLoginService({ storage: new DbStorage(d, clock), hub: new ChangeHub(), clock, passwordIterations: DEFAULT_PBKDF2_ITERATIONS }, { verify, limits: { ...LOGIN_LIMITS, perAccount: opts.perAccount ?? LOGIN_LIMITS.perAccount } });
  });
}

async function staffDoc(id: string): Promise<StaffDoc> {
  return (await storage.getDocument('staff', id))!.body as unknown as StaffDoc;
}

beforeAll(async () => {
  const opened = await openTestDb(dir());
  drop = opened.drop;
  storage = new DbStorage(opened.db, clock);
  await seedOffice(storage, 'demo');
  dbs = [opened.db, opened.url === null ? opened.db : await openPostgresDb(opened.url, { poolSize: 4 })];
});

afterAll(async () => {
  if (dbs[1] !== dbs[0]) await dbs[1]?.close();
  await drop();
});

describe(`staff sign-in as one transaction on ${testBackend()}`, () => {
  it('writes in one transaction, and hashes the password with none open', async () => {
    const watch: Watch = { open: 0, writeTransactions: 0, writesOutside: [] };
    const openDuringHash: number[] = [];
    const [service] = services(async (password, encoded) => {
      openDuringHash.push(watch.open);
      return verifyPassword(password, encoded);
    }, { watch });
    // An account from before van keys: its first sign-in publishes one, with the session, in the same transaction.
    const before = await staffDoc('staff-chenjing');
    await storage.writeOfficeDocuments('staff', [{ body: { ...before, vanKey: undefined }, audienceVans: null, ownerDevice: null }]);
    const outcome = await service!.login('chenjing', DEMO_PASSWORD, '10.7.0.1');
    expect(outcome.ok).toBe(true);
    expect((await staffDoc('staff-chenjing')).vanKey).toBeDefined();
    expect(watch).toEqual({ open: 0, writeTransactions: 1, writesOutside: [] });
    expect(openDuringHash).toEqual([0]);
    // A wrong password: the failure alone, again in one transaction.
    watch.writeTransactions = 0;
    expect((await service!.login('chenjing', 'wrong-password', '10.7.0.1')).ok).toBe(false);
    expect(watch).toEqual({ open: 0, writeTransactions: 1, writesOutside: [] });
  });

  it('lets no more guesses through than the limit when they arrive at once on two servers', async () => {
    const guesses = 8;
    const limit = 3;
    const wait = barrier(guesses);
    const sv = services(async (password, encoded) => {
      const ok = await verifyPassword(password, encoded);
      await wait();
      return ok;
    }, { perAccount: limit });
    const outcomes: LoginOutcome[] = await Promise.all(Array.from({ length: guesses }, (_, i) => sv[i % 2]!.login('zhaolei', `guess-${i}`, `10.8.0.${i}`)));
    const statuses = outcomes.map((o) => (o.ok ? 200 : o.status)).sort();
    expect(statuses).toEqual([...Array<number>(limit).fill(401), ...Array<number>(guesses - limit).fill(429)]);
  });

  it('publishes one van key when a person signs in for the first time on two servers at once', async () => {
    const before = await staffDoc('staff-liuyang');
    await storage.writeOfficeDocuments('staff', [{ body: { ...before, vanKey: undefined }, audienceVans: null, ownerDevice: null }]);
    const wait = barrier(2);
    const sv = services(async (password, encoded) => {
      const ok = await verifyPassword(password, encoded);
      await wait();
      return ok;
    });
    const [a, b] = await Promise.all([sv[0]!.login('liuyang', DEMO_PASSWORD, '10.9.0.1'), sv[1]!.login('liuyang', DEMO_PASSWORD, '10.9.0.2')]);
    if (!a?.ok || !b?.ok) throw new Error(`both sign in: ${JSON.stringify([a, b])}`);
    const stored = (await staffDoc('staff-liuyang')).vanKey;
    expect(stored).toBeDefined();
    // Both sessions were given the key that is stored, which every van seals to: there is only one.
    expect([a.staff.vanKey, b.staff.vanKey]).toEqual([stored, stored]);
  });
});
