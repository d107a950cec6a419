/**
 * Async work one run at a time, with no runtime of its own, so the van's main side (electron/scans) and its page
 * (renderer/db) share it.
 */

/**
 * `fn` run one call at a time, a call made while a run waits to start joining that run: a burst of calls costs one
 * run after the current one, and every caller's promise settles with a run that started after its call (so a change
 * made before the call is never missed). A failed run rejects only its own callers. The scan index writes itself
 * this way (a change goes out in the next write), the scanner folder is looked at, and the sync's outbox drains and
 * pending counts run.
 */
export function coalesced<T>(fn: () => Promise<T>): () => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  let next: Promise<T> | null = null;
  return () => {
    if (next) return next;
    const run = last.then(() => {
      next = null;
      return fn();
    });
    last = run.catch(() => undefined);
    return (next = run);
  };
}

/** A queue of turns: each step given to it starts once every step given before has settled, failed or not. */
export function turns(): <T>(step: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (step) => {
    const run = last.then(step);
    last = run.catch(() => undefined);
    return run;
  };
}
