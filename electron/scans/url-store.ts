import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type PreviousUpload, type UrlStorage } from 'tus-js-client';
import { writeJsonAtomically } from '#files/replace-file.ts';

/**
 * tus-js-client's record of started uploads (fingerprint → upload URL), kept in one JSON file written
 * atomically, so an upload resumes where it stopped after the app restarts. (tus-js-client's own
 * FileUrlStorage uses proper-lockfile and rewrites in place; one writer per app needs neither.)
 */
export class JsonUrlStore implements UrlStorage {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(readonly file: string) {}

  private async load(): Promise<Record<string, PreviousUpload>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, PreviousUpload>;
    } catch {
      return {};
    }
  }

  private update<T>(fn: (all: Record<string, PreviousUpload>) => T): Promise<T> {
    const next = this.queue.then(async () => {
      const all = await this.load();
      const result = fn(all);
      await mkdir(dirname(this.file), { recursive: true });
      await writeJsonAtomically(this.file, all);
      return result;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async findAllUploads(): Promise<PreviousUpload[]> {
    return Object.values(await this.load());
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    const all = await this.load();
    return Object.entries(all)
      .filter(([key]) => key.startsWith(`tus::${fingerprint}::`))
      .map(([key, u]) => ({ ...u, urlStorageKey: key }));
  }

  removeUpload(urlStorageKey: string): Promise<void> {
    return this.update((all) => {
      delete all[urlStorageKey];
    });
  }

  addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    const key = `tus::${fingerprint}::${randomBytes(6).toString('hex')}`;
    return this.update((all) => {
      all[key] = { ...upload, urlStorageKey: key };
      return key;
    });
  }
}
