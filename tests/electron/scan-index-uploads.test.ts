import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScanIndex } from '#electron/scans/scan-index.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dir = tempFolderForTests('van-scan-index');

const sha = 'ab'.repeat(32);
const office = 'http://[::1]:8787';

describe('the scan index\'s started uploads', () => {
  it('resumes an upload the previous version started (kept as tus-js-client stored it)', async () => {
    const file = join(dir(), 'older.json');
    const url = `${office}/api/v1/scans/uploads/u-1`;
    const older = { [`tus::scan-${sha}@${office}::a1b2c3d4e5f6`]: { size: 12, metadata: { sha256: sha }, creationTime: '2026-12-01T08:00:00.000Z', uploadUrl: url, urlStorageKey: 'x' } };
    writeFileSync(file, JSON.stringify({ version: 1, entries: [], uploads: older }));
    const index = await ScanIndex.open(file);
    expect(index.uploadUrl(`${sha}@${office}`)).toBe(url);
  });

  it('keeps a started upload\'s URL across a restart, and forgets it when told', async () => {
    const file = join(dir(), 'index.json');
    const key = `${sha}@${office}`;
    await (await ScanIndex.open(file)).setUploadUrl(key, `${office}/api/v1/scans/uploads/u-2`);
    const reopened = await ScanIndex.open(file);
    expect(reopened.uploadUrl(key)).toBe(`${office}/api/v1/scans/uploads/u-2`);
    await reopened.setUploadUrl(key, null);
    expect((await ScanIndex.open(file)).uploadUrl(key)).toBeUndefined();
  });
});
