import { afterEach, describe, expect, it } from 'vitest';
import { ok, err } from '#domain/result.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { caseHistory } from '#renderer/db/case-events.ts';
import { reprintReceipt, receiptActionText, voidReceipt } from '#renderer/screens/cases/receipt-actions.ts';
import { type Draft, type Trip, issueReceipt } from '#renderer/screens/intake/draft.ts';
import { type Quote } from '#renderer/screens/intake/intake-rules.ts';
import seed from '#fixtures/demo/seed.json' with { type: 'json' };
import { openTestVan, storeGrant } from '../sync/helpers.ts';

const trip = { ...(seed.trips[0] as unknown as Trip), receiptBlock: { prefix: 'JMS2026-', first: 1, last: 12, width: 6 } } as Trip;
const quote: Quote = { rules: 'gb-2016-2559@1', items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }], totalFen: 8000, notes: [], rulesNumber: '发改价格规〔2016〕2559号', pieces: 1 };
const draft: Draft = {
  caseId: 'case-1', appointmentId: null, kind: 'transfer', use: 'residential', certificates: 1, applicants: [], units: [],
  mortgageeConsent: false, materials: [], feeCase: null, cause: 'sale',
};
const clerk = { staffId: 'staff-zhangwei', roles: ['van-clerk'] as const };

describe('reprint and void of a receipt on the van', () => {
  let db: VanDatabase | undefined;
  afterEach(async () => {
    await db?.remove();
  });

  async function issued(): Promise<{ ctx: Parameters<typeof voidReceipt>[0]; number: string }> {
    db = await openTestVan();
    await storeGrant(db, trip.id, 'van-1', 1, 12);
    const now = () => new Date('2026-11-30T02:00:00Z');
    const receipt = await issueReceipt({ db, deviceId: 'van-1', staffId: clerk.staffId, now, trip }, draft, quote, '王淑兰', 'cash');
    if (typeof receipt === 'string') throw new Error(receipt);
    return { ctx: { db, deviceId: 'van-1', actor: clerk, now }, number: receipt.number };
  }

  it('records a reprint only after the printer printed it, and counts reprints', async () => {
    const { ctx, number } = await issued();
    let prints = 0;
    const failed = await reprintReceipt(ctx, 'case-1', number, () => Promise.resolve(err({ message: '打印机缺纸' })));
    expect(failed.ok ? '' : receiptActionText(failed.error)).toBe('打印机缺纸');
    for (let i = 0; i < 2; i++) {
      expect((await reprintReceipt(ctx, 'case-1', number, () => Promise.resolve(ok(++prints)))).ok).toBe(true);
    }
    const reprints = (await caseHistory(ctx.db, 'case-1')).filter((e) => e.kind === 'receipt-reprinted').map((e) => e.id);
    expect(reprints).toEqual([`case-1:reprint:1:${number}`, `case-1:reprint:2:${number}`]);
  });

  it('refuses to reprint or void again a voided receipt, without printing or storing anything', async () => {
    const { ctx, number } = await issued();
    expect((await voidReceipt(ctx, 'case-1', number, '金额填错')).ok).toBe(true);
    let printed = false;
    const again = await reprintReceipt(ctx, 'case-1', number, () => { printed = true; return Promise.resolve(ok(null)); });
    expect(again.ok ? '' : receiptActionText(again.error)).toBe('该票据已作废');
    expect(printed).toBe(false);
    const twice = await voidReceipt(ctx, 'case-1', number, '重复操作');
    expect(twice.ok ? '' : receiptActionText(twice.error)).toBe('该票据已作废');
    expect((await caseHistory(ctx.db, 'case-1')).map((e) => e.kind)).toEqual(['fee-charged', 'receipt-voided']);
  });

  it('needs a reason to void and refuses a number that is not this case’s', async () => {
    const { ctx, number } = await issued();
    const noReason = await voidReceipt(ctx, 'case-1', number, '  ');
    expect(noReason.ok ? '' : receiptActionText(noReason.error)).toBe('此操作须写明理由（至少 2 个字）');
    const other = await voidReceipt(ctx, 'case-1', 'JMS2026-000009', '填错');
    expect(other.ok ? '' : receiptActionText(other.error)).toBe('该票据不属于本案件');
    expect((await caseHistory(ctx.db, 'case-1')).map((e) => e.kind)).toEqual(['fee-charged']);
  });
});
