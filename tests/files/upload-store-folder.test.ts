import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HashingFileStore } from '#server/scans/hashing-file-store.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dir = tempFolderForTests('upload-store');

describe('the office’s upload store', () => {
  it('leaves its folder to the office, which makes it and waits for it: nothing of its own runs on after it is built', async () => {
    // tus's FileStore made the folder from its constructor, in a callback that throws: when the data folder went
    // away just after a failed start, that was an uncaught exception in whatever ran next.
    const uploads = join(dir(), 'uploads');
    new HashingFileStore(uploads);
    await sleep(100);
    expect(existsSync(uploads)).toBe(false);
  });
});
