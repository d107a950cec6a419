import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';
import { type Db } from '#office/platform/db/db.ts';
import { createLogger } from '#office/platform/logger.ts';

const CHANNEL = 'tus_release';
const ACQUIRE_TIMEOUT_MS = 30_000;
const ASK_AGAIN_MS = 250;
const log = createLogger('tus-lock');

/** @tus/server answers a thrown error with its `status_code` and `body`: here its lock timeout. */
class LockTimeout extends Error {
  readonly status_code = ERRORS.ERR_LOCK_TIMEOUT.status_code;
  readonly body = ERRORS.ERR_LOCK_TIMEOUT.body;
  constructor() {
    super(ERRORS.ERR_LOCK_TIMEOUT.body);
  }
}

/**
 * The tus upload lock (tus 1.0 leaves concurrent requests on one upload to the server; @tus/server takes a
 * lock per upload) held in the office database, so that every office server sharing the upload folder
 * honours it (PostgreSQL advisory locks; in-process on SQLite, whose office is one process). A request
 * waiting for an upload asks its holder to let go, on whichever server it runs (LISTEN/NOTIFY): the holder
 * is usually a PATCH whose connection was cut and that the van has already resumed elsewhere.
 */
export class DbLocker implements Locker {
  /** The release callbacks of the uploads this server holds. */
  private readonly held = new Map<string, RequestRelease>();
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly timeoutMs = ACQUIRE_TIMEOUT_MS,
  ) {}

  async start(): Promise<void> {
    this.stopListening = await this.db.listen(CHANNEL, (id) => {
      if (id === null) return;
      const release = this.held.get(id);
      if (release) void Promise.resolve(release()).catch(() => undefined);
    });
  }

  stop(): void {
    this.stopListening?.();
  }

  newLock(id: string): Lock {
    const name = `tus-upload:${id}`;
    let unlock: (() => Promise<void>) | undefined;
    return {
      lock: async (signal, requestRelease) => {
        const deadline = Date.now() + this.timeoutMs;
        // Asked again now and then, as @tus/server's own locker does: a holder may not be able to stop yet.
        let askAt = 0;
        for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
          if (signal.aborted) throw new LockTimeout();
          unlock = await this.db.tryLock(name);
          if (unlock) break;
          if (Date.now() >= askAt) {
            askAt = Date.now() + ASK_AGAIN_MS;
            await this.askRelease(id);
          }
          if (Date.now() > deadline) throw new LockTimeout();
          await new Promise((r) => setTimeout(r, wait));
        }
        this.held.set(id, requestRelease);
      },
      unlock: async () => {
        if (this.held.get(id)) this.held.delete(id);
        const release = unlock;
        unlock = undefined;
        await release?.();
      },
    };
  }

  private async askRelease(id: string): Promise<void> {
    await this.db.transaction((tx) => Promise.resolve(tx.notify(CHANNEL, id))).catch((error: unknown) => {
      log.warn({ err: error }, 'could not ask the holder of an upload to let go');
    });
  }
}
