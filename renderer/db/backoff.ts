/**
 * Exponential backoff with no limit on attempts (a van is out of reach for days; giving up would strand its data): 1 s, 2 s, 4 s … up to
 * `maxMs` between attempts, forever, with jitter so twenty vans do not retry in step. `reset()` on success.
 */
export class Backoff {
  private failures = 0;
  constructor(
    private readonly baseMs = 1000,
    private readonly maxMs = 60_000,
  ) {}

  get attempts(): number {
    return this.failures;
  }

  fail(): void {
    this.failures++;
  }

  reset(): void {
    this.failures = 0;
  }

  private readonly sleepers = new Set<() => void>();

  /**
   * Starts over now: the count is reset and every wait under way ends, so the next attempt goes at once. For staff
   * who know the link is back (立即重试, the system saying it is online) and should not sit out a delay of up to `maxMs`.
   */
  wake(): void {
    this.failures = 0;
    for (const done of [...this.sleepers]) done();
  }

  delayMs(): number {
    if (this.failures === 0) return 0;
    const raw = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures - 1, 30));
    return raw / 2 + (Math.random() * raw) / 2;
  }

  /** Waits the current delay (resolves early when `signal` aborts or `wake()` is called). */
  sleep(signal?: AbortSignal): Promise<void> {
    const ms = Math.max(this.delayMs(), this.failures === 0 ? this.baseMs : 0);
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const sleepers = this.sleepers;
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
