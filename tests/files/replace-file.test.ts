import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncPath, writeFileDurably, writeJsonAtomically } from '#files/replace-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replace-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('replacing a file whole', () => {
  it('replaces an existing file with the new bytes and leaves no temporary file', async () => {
    const path = join(dir, 'page.jpg');
    await writeFile(path, 'old');
    await writeFileDurably(path, new TextEncoder().encode('new bytes'));
    expect(await readFile(path, 'utf8')).toBe('new bytes');
    expect(await readdir(dir)).toEqual(['page.jpg']);
  });

  it('lets two writes of one file at once both finish, the file holding one of them whole', async () => {
    const path = join(dir, 'notice.pdf');
    const a = 'a'.repeat(200_000);
    const b = 'b'.repeat(100_000);
    await Promise.all([writeFileDurably(path, new TextEncoder().encode(a)), writeFileDurably(path, new TextEncoder().encode(b))]);
    expect([a, b]).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['notice.pdf']);
  });

  it('removes its temporary file when the write fails, and leaves the old file as it was', async () => {
    const path = join(dir, 'index.json');
    await writeFile(path, 'kept');
    // The temporary file is written, then the rename fails: the target's folder does not exist.
    await expect(writeFileDurably(join(dir, 'gone', 'index.json'), new Uint8Array([1]), join(dir, 'own.tmp'))).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(['index.json']);
    expect(await readFile(path, 'utf8')).toBe('kept');
  });

  it('writes JSON that reads back whole', async () => {
    const path = join(dir, 'scans.json');
    await writeJsonAtomically(path, { scans: [{ sha256: 'ab', pages: 2 }] });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ scans: [{ sha256: 'ab', pages: 2 }] });
    expect(await readdir(dir)).toEqual(['scans.json']);
  });

  it('flushes a file and a folder alike', async () => {
    const path = join(dir, 'feed.yml');
    await writeFile(path, 'version: 1');
    await expect(syncPath(path)).resolves.toBeUndefined();
    await expect(syncPath(dir)).resolves.toBeUndefined();
    await expect(syncPath(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
