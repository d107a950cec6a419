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

  delayMs(): number {
    if (this.failures === 0) return 0;
    const raw = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures - 1, 30));
    return raw / 2 + (Math.random() * raw) / 2;
  }

  /** Waits the current delay (resolves early when `signal` aborts). */
  sleep(signal?: AbortSignal): Promise<void> {
    const ms = Math.max(this.delayMs(), this.failures === 0 ? this.baseMs : 0);
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
