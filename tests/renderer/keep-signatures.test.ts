import { afterEach, describe, expect, it } from 'vitest';
import { type VanApi } from '#electron/ipc/contract.ts';
import { newFailureCode } from '#renderer/app/failure-log.ts';
import { ClockBehindError } from '#renderer/db/clock-guard.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { keepSignatures } from '#renderer/screens/intake/keep-signatures.ts';
import { openTestVan } from '../sync/helpers.ts';

const now = () => new Date('2026-11-30T02:00:00Z');
const signature = { sha256: 'a'.repeat(64), bytes: 7931, mime: 'image/png', pages: 1, name: 'signature-1.png', material: '申请人签名', caseId: 'case-1' };
type Logged = Parameters<VanApi['logPageFailure']>[0];

/** The main side as the step sees it: the import answers, and every failure the page sends is kept as the log would. */
function fakeVan(logged: Logged[]) {
  return {
    scansImport: () => Promise.resolve({ ok: true as const, value: [signature] }),
    logPageFailure: (failure: Logged) => {
      logged.push(failure);
      return Promise.resolve({ ok: true as const, value: { done: true as const } });
    },
    documentsAcceptanceNotice: () => Promise.reject(new Error('not drawn in this test')),
    documentsCorrectionNotice: () => Promise.reject(new Error('not drawn in this test')),
    documentsRefusalNotice: () => Promise.reject(new Error('not drawn in this test')),
  };
}

describe('the signatures kept with the case', () => {
  let db: VanDatabase | undefined;
  afterEach(async () => {
    await db?.remove();
    db = undefined;
  });

  it('records them as scans of the case', async () => {
    db = await openTestVan();
    const logged: Logged[] = [];
    const failed = await keepSignatures({ van: fakeVan(logged), db, deviceId: 'van-1', staffId: 'staff-zhangwei', now }, { caseId: 'case-1' }, [{ name: '刘建国', stagedId: 'f'.repeat(32), png: new Uint8Array([1]) }]);
    expect(failed).toBeNull();
    expect((await db.scans.find().exec()).map((s) => s.material.name)).toEqual(['申请人签名']);
    expect(logged).toEqual([]);
  });

  it('says in Chinese what was not saved, that the case is not lost and what to do, with a code; the store\'s own words go to the log', async () => {
    db = await openTestVan();
    // The van's store refuses the write (as RxDB does when IndexedDB is full or broken), in English.
    const refusing = { ...db, scans: Object.assign(Object.create(db.scans) as object, { bulkInsert: () => Promise.reject(new Error('RxError (COL20): Storage write error')) }) } as unknown as VanDatabase;
    const logged: Logged[] = [];
    const failed = await keepSignatures({ van: fakeVan(logged), db: refusing, deviceId: 'van-1', staffId: 'staff-zhangwei', now }, { caseId: 'case-1' }, [{ name: '刘建国', stagedId: 'f'.repeat(32), png: new Uint8Array([1]) }]);
    expect(logged).toHaveLength(1);
    const code = logged[0]!.code;
    expect(failed).toBe(`签名没有保存：案件已保存在本机，没有丢失，签名还在框内。请再点“确认签名并完成”，不会重复记录；仍不成功请联系办公室技术支持，告知错误代码 ${code}。`);
    expect(failed).not.toContain('RxError');
    expect(logged[0]).toMatchObject({ where: 'intake: record signature scans', name: 'Error', message: 'RxError (COL20): Storage write error' });
  });

  it('shows the clock guard\'s refusal as it is, which tells the clerk to set the laptop\'s clock, and logs nothing', async () => {
    db = await openTestVan();
    const behind = new ClockBehindError('本机时间（2026-11-29 10:00）早于本机已保存记录的时间（2026-11-30 10:00），为免资料无法同步，暂不能保存。请先把电脑时间校准为北京时间，再重试。');
    const refusing = { ...db, scans: Object.assign(Object.create(db.scans) as object, { bulkInsert: () => Promise.reject(behind) }) } as unknown as VanDatabase;
    const logged: Logged[] = [];
    const failed = await keepSignatures({ van: fakeVan(logged), db: refusing, deviceId: 'van-1', staffId: 'staff-zhangwei', now }, { caseId: 'case-1' }, [{ name: '刘建国', stagedId: 'f'.repeat(32), png: new Uint8Array([1]) }]);
    expect(failed).toBe(behind.message);
    expect(logged).toEqual([]);
  });
});

describe('the code a failure is shown and logged under', () => {
  it('is eight letters and digits that are read out without doubt, in two groups', () => {
    expect(newFailureCode(() => new Uint8Array([0, 1, 2, 29, 30, 31, 255, 100]))).toBe('234Z-23HC');
    for (let i = 0; i < 20; i++) expect(newFailureCode()).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
  });
});
