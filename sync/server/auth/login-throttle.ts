import { type Db, type Queryable, type Tx } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';

/**
 * Throttles password guessing (OWASP ASVS 2.2.1): failed logins are counted per account and per client
 * address over a window; past the limit, that account or address is refused until the window passes,
 * whatever the password. A success clears the account's count (not the address's). An unknown login is
 * counted like a known one, so the answer does not tell them apart. Failures are rows in the office
 * database (`login_failures`), so every office server behind a proxy counts the same ones. The client
 * address is the proxy's `X-Forwarded-For` only when the office is told to trust that proxy, so kiosks
 * behind one proxy are counted apart and a client cannot pick its own address.
 */
export type ThrottleLimits = { perAccount: number; perAddress: number; windowMs: number };

export const LOGIN_LIMITS: ThrottleLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 };

export type ThrottleVerdict = { ok: true } | { ok: false; by: 'account' | 'address'; retryAfterMs: number };

type Scope = 'account' | 'address';

export class LoginThrottle {
  /**
   * `realm` keeps apart sign-ins of different accounts that may share a login name (staff, the portals).
   * `now` is the office clock in milliseconds.
   */
  constructor(
    private readonly db: Db,
    private readonly realm: string,
    private readonly limits: ThrottleLimits = LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a login for `account` from `address` may be tried now. */
  check(account: string, address: string): Promise<ThrottleVerdict> {
    return this.checkIn(this.db, account, address);
  }

  /**
   * A sign-in whose password was checked (`matches`) settled under the sign-in's locks: the verdict read again and,
   * if it still lets the attempt through, the failure recorded or the account's count cleared, in one transaction.
   * Guesses arriving at once, on any server, are let through one by one: never more than the limit.
   */
  settle(account: string, address: string, matches: boolean): Promise<ThrottleVerdict> {
    return this.db.transaction(async (tx) => {
      await this.lockIn(tx, account, address);
      const verdict = await this.checkIn(tx, account, address);
      if (!verdict.ok) return verdict;
      if (matches) await this.succeededIn(tx, account);
      else await this.failedIn(tx, account, address);
      return verdict;
    });
  }

  /** `check` read through `q`, which may be the caller's transaction. */
  async checkIn(q: Queryable, account: string, address: string): Promise<ThrottleVerdict> {
    const t = this.now();
    const byAccount = await this.blocked(q, 'account', account.toLowerCase(), this.limits.perAccount, t);
    if (byAccount !== null) return { ok: false, by: 'account', retryAfterMs: byAccount };
    const byAddress = await this.blocked(q, 'address', address, this.limits.perAddress, t);
    if (byAddress !== null) return { ok: false, by: 'address', retryAfterMs: byAddress };
    return { ok: true };
  }

  /**
   * Serialises the caller's transaction with every other sign-in of this account or from this address, on
   * every office server, until it commits: its `checkIn` then counts every failure committed before it, and
   * the failure it records is counted by the next. Always the account's lock first, then the address's, so two
   * sign-ins never wait for each other's.
   */
  async lockIn(tx: Tx, account: string, address: string): Promise<void> {
    await tx.lock(`login:${this.realm}:account:${account.toLowerCase()}`);
    await tx.lock(`login:${this.realm}:address:${address}`);
  }

  /** Records a failed sign-in of `account` from `address`, in the caller's transaction. */
  async failedIn(tx: Tx, account: string, address: string): Promise<void> {
    const t = this.now();
    // Guessed logins are arbitrary strings: failures past the window are forgotten as new ones arrive.
    await tx.run(sql`DELETE FROM login_failures WHERE at_ms <= ${t - this.limits.windowMs}`);
    await tx.run(sql`INSERT INTO login_failures (realm, scope, key, at_ms) VALUES (${this.realm}, 'account', ${account.toLowerCase()}, ${t}), (${this.realm}, 'address', ${address}, ${t})`);
  }

  /** Clears the account's failures after a successful sign-in, in the caller's transaction. */
  async succeededIn(tx: Tx, account: string): Promise<void> {
    await tx.run(sql`DELETE FROM login_failures WHERE realm = ${this.realm} AND scope = 'account' AND key = ${account.toLowerCase()}`);
  }

  /** Milliseconds until `key` may try again, or null: the limit-th latest failure in the window sets it. */
  private async blocked(q: Queryable, scope: Scope, key: string, limit: number, t: number): Promise<number | null> {
    const row = await q.get<{ at_ms: number }>(
      sql`SELECT at_ms FROM login_failures WHERE realm = ${this.realm} AND scope = ${scope} AND key = ${key} AND at_ms > ${t - this.limits.windowMs}
          ORDER BY at_ms DESC LIMIT 1 OFFSET ${limit - 1}`,
    );
    return row === undefined ? null : Number(row.at_ms) + this.limits.windowMs - t;
  }
}
