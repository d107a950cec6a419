import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type StoredDraft, saveDraft } from '#renderer/screens/intake/draft-store.ts';
import { type Draft } from '#renderer/screens/intake/draft.ts';
import { uploadLabels$ } from '#renderer/screens/sync/upload-labels.ts';
import { openTestVan } from '../sync/helpers.ts';

const shared = 'a'.repeat(64);
const own = 'b'.repeat(64);
const at = '2026-11-30T02:00:00.000Z';

function scan(id: string, caseId: string, sha256: string, material: string) {
  return { id, caseId, deviceId: 'van-1', sha256, bytes: 1024, mime: 'application/pdf' as const, pages: 2, material: { name: material, original: true, copies: 1 }, createdAt: at };
}

/** A draft not saved yet whose materials hold the given scans (only what the labels read is filled in). */
function unsavedDraft(caseId: string, materials: { name: string; scans: string[] }[]): StoredDraft {
  const draft = {
    caseId,
    applicants: [{ name: '王秀兰' }],
    materials: materials.map((m) => ({ key: m.name, name: m.name, scans: m.scans.map((sha256) => ({ sha256, pages: 1 })) })),
  } as unknown as Draft;
  return { draft, step: 2, saved: null, appointment: null, startedBy: { id: 'staff-zhangwei', name: '张伟' }, updatedAt: at };
}

describe('the names the 同步 page gives a scan it uploads', () => {
  let db: VanDatabase | undefined;
  afterEach(async () => {
    await db?.remove();
    db = undefined;
  });

  it('names every material one saved file was scanned for, once per file', async () => {
    db = await openTestVan();
    await db.scans.bulkInsert([scan(`case-1:${shared.slice(0, 16)}`, 'case-1', shared, '身份证明'), scan(`case-1:${shared.slice(0, 16)}:m2`, 'case-1', shared, '婚姻证明'), scan(`case-1:${own.slice(0, 16)}`, 'case-1', own, '户口簿')]);
    const labels = await firstValueFrom(uploadLabels$(db));
    expect(labels.get(`case-1 ${shared}`)).toEqual({ applicants: '', material: '身份证明、婚姻证明', pages: 2, unsaved: false });
    expect(labels.get(`case-1 ${own}`)?.material).toBe('户口簿');
  });

  it('names the unsaved draft’s materials for its files, and its own names replace a saved record’s rather than join them', async () => {
    db = await openTestVan();
    await db.scans.bulkInsert([scan(`case-2:${shared.slice(0, 16)}`, 'case-2', shared, '旧的材料名')]);
    await saveDraft(db, unsavedDraft('case-2', [{ name: '身份证明', scans: [shared] }, { name: '婚姻证明', scans: [shared, own] }]));
    const labels = await firstValueFrom(uploadLabels$(db));
    expect(labels.get(`case-2 ${shared}`)).toEqual({ applicants: '王秀兰', material: '身份证明、婚姻证明', pages: 1, unsaved: true });
    expect(labels.get(`case-2 ${own}`)).toEqual({ applicants: '王秀兰', material: '婚姻证明', pages: 1, unsaved: true });
  });
});
