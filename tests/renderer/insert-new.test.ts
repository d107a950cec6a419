import { afterEach, describe, expect, it } from 'vitest';
import { type VanDatabase } from '#renderer/db/database.ts';
import { recordScans } from '#renderer/screens/intake/draft.ts';
import { openTestVan } from '../sync/helpers.ts';

const now = () => new Date('2026-11-30T02:00:00Z');
const scan = (sha: string) => ({ sha256: sha, bytes: 7931, mime: 'image/png', pages: 1, name: 'signature.png', material: '申请人签名', caseId: 'case-1' });

describe('scans recorded with ids from their content', () => {
  let db: VanDatabase | undefined;
  afterEach(async () => {
    await db?.remove();
    db = undefined;
  });

  it('keeps one scan for two identical files in one save (two applicants whose signatures are the same image), instead of refusing the save', async () => {
    db = await openTestVan();
    const same = 'a'.repeat(64);
    const other = 'b'.repeat(64);
    await recordScans({ db, deviceId: 'van-1', now }, 'case-1', { name: '申请人签名', original: true, copies: 1 }, [scan(same), scan(same), scan(other)]);
    const stored = (await db.scans.find().exec()).map((d) => d.id).sort();
    expect(stored).toEqual(['case-1:aaaaaaaaaaaaaaaa', 'case-1:bbbbbbbbbbbbbbbb']);
    // Saved again (a retry after a failure later in the step): nothing doubled, nothing refused.
    await recordScans({ db, deviceId: 'van-1', now }, 'case-1', { name: '申请人签名', original: true, copies: 1 }, [scan(same), scan(same)]);
    expect(await db.scans.count().exec()).toBe(2);
  });
});
