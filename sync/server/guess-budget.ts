/** Addresses kept at most; past it, windows already over are forgotten first. */
const KEPT_ADDRESSES = 10_000;

/**
 * A budget of guesses per client address shared by every route that answers the same secret: a limit put on one
 * route of several that answer it (a page and its JSON API, a look-up and the forms that look up again) lets the
 * others be used to guess at any rate (OWASP ASVS 4.0 11.1.4, anti-automation; 2.2.1). A fixed window per address,
 * kept in this process. Not the router's limiter (@fastify/rate-limit): it answers a refusal through the error
 * path, as JSON, and every route counted here is a page (a kiosk's, a public form's) or the API twin of one, whose
 * refusal a person reads on the page, in Chinese.
 */
export class GuessBudget {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `address` may ask once more now; each call counts one. */
  take(address: string): boolean {
    const t = this.now();
    const w = this.windows.get(address);
    if (w && t - w.start < this.windowMs) return ++w.used <= this.max;
    if (this.windows.size >= KEPT_ADDRESSES) for (const [k, v] of this.windows) if (t - v.start >= this.windowMs) this.windows.delete(k);
    this.windows.set(address, { start: t, used: 1 });
    return true;
  }
}
