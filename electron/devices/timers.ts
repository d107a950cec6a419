/** Small promise helpers for drivers: an abortable sleep and an explicit fire-and-forget. */

/** Resolves after `ms`, or early (with `false`) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Marks a promise whose result nobody waits for; its failure is still reported, never swallowed silently. */
export function drop(p: Promise<unknown>, onError: (error: unknown) => void): void {
  void p.catch(onError);
}

/** Runs tasks one at a time, in order (a serial line carries one command/reply at a time). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
