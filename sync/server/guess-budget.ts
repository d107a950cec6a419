import { type Clock } from '#domain/clock.ts';
import { type Db, type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';

/**
 * A budget of guesses per client address shared by every route that answers the same secret: a limit put on one
 * route of several that answer it (a page and its JSON API, a look-up and the forms that look up again) lets the
 * others be used to guess at any rate (OWASP ASVS 4.0 11.1.4, anti-automation; 2.2.1). A sliding window per address:
 * at most `max` guesses let through in any `windowMs`.
 *
 * The guesses are rows in the office database (`guesses`), not a count in this process: several office servers on
 * one database behind a proxy would each keep their own count, and an attacker spreading requests over them would
 * get one budget per server. Each guess is decided under a lock per budget and address that every server honours
 * (as the login throttle's, auth/login-throttle.ts), so guesses arriving at once on any server are counted one by
 * one and never exceed the limit. Only guesses let through are rows, and a budget's rows past its window are
 * deleted as new ones come: the table holds at most `max` rows per budget for each address that guessed within
 * its window.
 *
 * Not the router's limiter (@fastify/rate-limit): it answers a refusal through the error path, as JSON, and every
 * route counted here is a page (a kiosk's, a public form's) or the API twin of one, whose refusal a person reads on
 * the page, in Chinese.
 */
export class GuessBudget {
  /**
   * `name` is the secret guessed (routes answering the same secret pass the same name, on every server); `now` is
   * the office clock in milliseconds.
   */
  constructor(
    private readonly db: Db,
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The budget `name` of the office's database, on the office's clock (`app.office`). */
  static of(office: { storage: { db: Db }; clock: Clock }, name: string, limit: { max: number; windowMs: number }): GuessBudget {
    return new GuessBudget(office.storage.db, name, limit.max, limit.windowMs, () => office.clock.now().getTime());
  }

  /**
   * Whether `address` has used up its budget now, without counting a guess: for a secret whose right answer must be
   * refused too once the budget is spent (else the answer to a guess past it would still tell right from wrong).
   */
  async spent(address: string): Promise<boolean> {
    return (await this.countSince(this.db, address, this.now() - this.windowMs)) >= this.max;
  }

  /** Whether `address` may guess once more now; a guess let through is counted, a refused one is not. */
  take(address: string): Promise<boolean> {
    return GuessBudget.takeEach([this, address]);
  }

  /**
   * One guess from each budget for its key (a client address's and a signed-in account's, say), or from none when any
   * of them is spent: a guess one budget refuses costs the others nothing. The budgets share one database.
   */
  static takeEach(...takes: ReadonlyArray<readonly [GuessBudget, string]>): Promise<boolean> {
    const db = takes[0]?.[0].db;
    if (!db || takes.some(([b]) => b.db !== db)) throw new Error('GuessBudget.takeEach: the budgets must share one database');
    // Locks taken in one order by every caller, so two requests taking overlapping budgets never wait on each other.
    const ordered = [...takes].sort(([a, x], [b, y]) => a.lockName(x).localeCompare(b.lockName(y)));
    return db.transaction(async (tx) => {
      for (const [b, key] of ordered) await tx.lock(b.lockName(key));
      // Read under the locks: a guess committed just before by another server is in the window counted here.
      const room = [];
      for (const [b, key] of ordered) {
        const t = b.now();
        const since = t - b.windowMs;
        // Addresses are whatever clients come from: past the window a guess is forgotten, so the table cannot grow.
        await tx.run(sql`DELETE FROM guesses WHERE budget = ${b.name} AND at_ms <= ${since}`);
        if ((await b.countSince(tx, key, since)) >= b.max) return false;
        room.push({ b, key, t });
      }
      for (const { b, key, t } of room) await tx.run(sql`INSERT INTO guesses (budget, address, at_ms) VALUES (${b.name}, ${key}, ${t})`);
      return true;
    });
  }

  private lockName(key: string): string {
    return `guess:${this.name}:${key}`;
  }

  private async countSince(q: Queryable, key: string, since: number): Promise<number> {
    const row = await q.get<{ n: number | string }>(sql`SELECT COUNT(*) AS n FROM guesses WHERE budget = ${this.name} AND address = ${key} AND at_ms > ${since}`);
    return Number(row?.n ?? 0);
  }
}
