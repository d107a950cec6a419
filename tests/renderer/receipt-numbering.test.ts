import { afterEach, describe, expect, it } from 'vitest';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type Draft, type Trip, issueReceipt } from '#renderer/screens/intake/draft.ts';
import { type Quote } from '#renderer/screens/intake/intake-rules.ts';
import seed from '#fixtures/demo/seed.json' with { type: 'json' };
import { openTestVan, storeGrant } from '../sync/helpers.ts';

const trip = { ...(seed.trips[0] as unknown as Trip), receiptBlock: { prefix: 'JMS2026-', first: 1, last: 12, width: 6 } } as Trip;
const quote: Quote = { rules: 'gb-2016-2559@1', items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }], totalFen: 8000, notes: [], rulesNumber: '发改价格规〔2016〕2559号', pieces: 1 };
const draft = (i: number): Draft => ({
  caseId: `case-${i}`, appointmentId: null, kind: 'transfer', use: 'residential', certificates: 1, applicants: [], units: [],
  mortgageeConsent: false, materials: [], feeCase: null, cause: 'sale',
});

const charges = async (db: VanDatabase) => (await db.caseEvents.find({ selector: { kind: 'fee-charged' } }).exec()).length;

describe('receipt numbers on the van', () => {
  let db: VanDatabase | undefined;
  afterEach(async () => {
    await db?.remove();
  });

  it('issues nothing before the office granted this device numbers, and never from another device’s run', async () => {
    db = await openTestVan();
    const ctx = { db, deviceId: 'van-1', staffId: 'staff-zhangwei', now: () => new Date('2026-11-30T02:00:00Z'), trip };
    expect(await issueReceipt(ctx, draft(1), quote, '王淑兰', 'cash')).toBe('no-grant');
    await storeGrant(db, trip.id, 'van-2', 1, 6);
    expect(await issueReceipt(ctx, draft(1), quote, '王淑兰', 'cash')).toBe('no-grant');
    await storeGrant(db, trip.id, 'van-1', 7, 12);
    const issued = await issueReceipt(ctx, draft(1), quote, '王淑兰', 'cash');
    expect(typeof issued === 'string' ? issued : issued.number).toBe('JMS2026-000007');
    // A charge is its 收费 event alone: no receipt document.
    expect(await charges(db)).toBe(1);
    expect(await db.receipts.count().exec()).toBe(0);
  });

  it('gives receipts issued at the same moment different numbers from the device’s run, in order', async () => {
    db = await openTestVan();
    await storeGrant(db, trip.id, 'van-1', 1, 12);
    const ctx = { db, deviceId: 'van-1', staffId: 'staff-zhangwei', now: () => new Date('2026-11-30T02:00:00Z'), trip };
    const issued = await Promise.all(Array.from({ length: 10 }, (_, i) => issueReceipt(ctx, draft(i), quote, '王淑兰', 'cash')));
    const numbers = issued.map((r) => (typeof r === 'string' ? r : r.number));
    expect(new Set(numbers).size).toBe(10);
    expect([...numbers].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `JMS2026-${String(i + 1).padStart(6, '0')}`));
    expect(await charges(db)).toBe(10);
  });

  it('returns the same receipt when a case is charged again, and reports an exhausted run before storing anything', async () => {
    db = await openTestVan();
    await storeGrant(db, trip.id, 'van-1', 1, 12);
    const ctx = { db, deviceId: 'van-1', staffId: 'staff-zhangwei', now: () => new Date('2026-11-30T02:00:00Z'), trip };
    for (let i = 0; i < 12; i++) await issueReceipt(ctx, draft(i), quote, '王淑兰', 'cash');
    const again = await issueReceipt(ctx, draft(3), quote, '王淑兰', 'cash');
    expect(typeof again === 'string' ? again : again.number).toBe('JMS2026-000004');
    expect(await issueReceipt(ctx, draft(12), quote, '王淑兰', 'cash')).toBe('exhausted');
    expect(await charges(db)).toBe(12);
  });
});
