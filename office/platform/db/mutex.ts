/** Runs async sections one at a time, in the order they asked (a FIFO lock inside one process). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  private held = false;

  get isHeld(): boolean {
    return this.held;
  }

  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(async () => {
      this.held = true;
      try {
        return await fn();
      } finally {
        this.held = false;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** One `Mutex` per name, forgotten when nobody holds or waits for it. */
export class NamedMutexes {
  private readonly waiting = new Map<string, { mutex: Mutex; users: number }>();

  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const entry = this.waiting.get(name) ?? { mutex: new Mutex(), users: 0 };
    entry.users += 1;
    this.waiting.set(name, entry);
    try {
      return await entry.mutex.run(fn);
    } finally {
      entry.users -= 1;
      if (entry.users === 0) this.waiting.delete(name);
    }
  }

  isHeld(name: string): boolean {
    return this.waiting.has(name);
  }
}
