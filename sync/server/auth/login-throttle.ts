/**
 * Throttles password guessing (OWASP ASVS 2.2.1): failed logins are counted per account and per client
 * address over a window; past the limit, that account or address is refused until the window passes,
 * whatever the password. A success clears the account's count (not the address's). An unknown login is
 * counted like a known one, so the answer does not tell them apart. Counts live in memory: one office
 * process answers each login (README, "Running an office for real"). The client address is the proxy's
 * `X-Forwarded-For` only when the office is told to trust that proxy, so kiosks behind one proxy are
 * counted apart and a client cannot pick its own address.
 */
export type ThrottleLimits = { perAccount: number; perAddress: number; windowMs: number };

export const LOGIN_LIMITS: ThrottleLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 };

export type ThrottleVerdict = { ok: true } | { ok: false; by: 'account' | 'address'; retryAfterMs: number };

type Bucket = { failures: number[] };

export class LoginThrottle {
  private readonly accounts = new Map<string, Bucket>();
  private readonly addresses = new Map<string, Bucket>();

  constructor(
    private readonly limits: ThrottleLimits = LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a login for `account` from `address` may be tried now. */
  check(account: string, address: string): ThrottleVerdict {
    const t = this.now();
    const byAccount = this.blocked(this.accounts, account.toLowerCase(), this.limits.perAccount, t);
    if (byAccount !== null) return { ok: false, by: 'account', retryAfterMs: byAccount };
    const byAddress = this.blocked(this.addresses, address, this.limits.perAddress, t);
    if (byAddress !== null) return { ok: false, by: 'address', retryAfterMs: byAddress };
    return { ok: true };
  }

  failed(account: string, address: string): void {
    const t = this.now();
    this.add(this.accounts, account.toLowerCase(), t);
    this.add(this.addresses, address, t);
  }

  succeeded(account: string): void {
    this.accounts.delete(account.toLowerCase());
  }

  private blocked(map: Map<string, Bucket>, key: string, limit: number, t: number): number | null {
    const bucket = map.get(key);
    if (!bucket) return null;
    bucket.failures = bucket.failures.filter((at) => t - at < this.limits.windowMs);
    if (bucket.failures.length === 0) map.delete(key);
    if (bucket.failures.length < limit) return null;
    return (bucket.failures[bucket.failures.length - limit] ?? t) + this.limits.windowMs - t;
  }

  private add(map: Map<string, Bucket>, key: string, t: number): void {
    // Guessed logins are arbitrary strings: forget expired ones before the map grows large.
    if (map.size > 10_000) for (const [k, b] of map) if (b.failures.every((at) => t - at >= this.limits.windowMs)) map.delete(k);
    const bucket = map.get(key) ?? { failures: [] };
    bucket.failures.push(t);
    // Bounded: only the latest failures matter for the limit.
    if (bucket.failures.length > 1000) bucket.failures.splice(0, bucket.failures.length - 1000);
    map.set(key, bucket);
  }
}
