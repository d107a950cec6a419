/**
 * `fn` run one call at a time, a call made while a run waits to start joining that run: a burst of calls costs one
 * run after the current one, and every caller's promise settles after a run that started after its call. The scan
 * index writes itself this way (a change goes out in the next write) and the scanner folder is looked at.
 */
export function coalesced(fn: () => Promise<void>): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  let next: Promise<void> | null = null;
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
