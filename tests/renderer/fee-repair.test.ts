import { createRevision, getDefaultRxDocumentMeta } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '#protocol/domain-bridge.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type CaseEvent } from '#renderer/db/case-events.ts';
import { repairFeeEvents } from '#renderer/db/fee-repair.ts';
import { type Draft, type Trip, issueReceipt } from '#renderer/screens/intake/draft.ts';
import { type Quote } from '#renderer/screens/intake/intake-rules.ts';
import seed from '#fixtures/demo/seed.json' with { type: 'json' };
import { openTestVan, storeGrant } from '../sync/helpers.ts';

const DEVICE = 'van-1';
const trip = { ...(seed.trips[0] as unknown as Trip), receiptBlock: { prefix: 'JMS2026-', first: 1, last: 12, width: 6 } } as Trip;
const quote: Quote = { rules: 'gb-2016-2559@1', items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }, { name: '证书工本费', amountFen: 1000 }], totalFen: 9000, notes: [], rulesNumber: '发改价格规〔2016〕2559号', pieces: 1 };
const draft = (i: number): Draft => ({
  caseId: `case-${i}`, appointmentId: null, kind: 'transfer', use: 'residential', certificates: 2, applicants: [], units: [],
  mortgageeConsent: false, materials: [], feeCase: null, cause: 'sale',
});
const now = () => new Date('2026-11-30T02:00:00Z');

/** A receipt stored as if the app had crashed right after writing it, before its fee event. */
async function receiptWithoutEvent(db: VanDatabase, number: string, extra: Record<string, unknown>): Promise<void> {
  await db.receipts.insert({
    id: `${trip.id}:${number}`, tripId: trip.id, caseId: 'case-crash', deviceId: DEVICE, number, amountFen: 9000,
    items: [{ code: 'item-1', label: '不动产登记费（住宅）', amountFen: 8000 }, { code: 'item-2', label: '证书工本费', amountFen: 1000 }],
    payer: '王淑兰', issuedAt: '2026-11-30T02:00:00.000Z', issuedBy: 'staff-zhangwei', ...extra,
  });
}

const events = async (db: VanDatabase) => (await db.caseEvents.find({ selector: { deviceId: DEVICE } }).exec()).map((d) => d.toJSON() as CaseEvent);

describe('a receipt whose fee event was lost to a crash', () => {
  let db: VanDatabase | undefined;
  afterEach(async () => {
    await db?.remove();
  });

  async function open(): Promise<VanDatabase> {
    db = await openTestVan();
    // The trip as the office's replication writes it (the collection refuses local inserts).
    const row = { document: { ...trip, _deleted: false, _attachments: {}, _meta: getDefaultRxDocumentMeta(), _rev: createRevision(db.token) } };
    expect((await db.trips.storageInstance.bulkWrite([row], 'test')).error).toEqual([]);
    await storeGrant(db, trip.id, DEVICE, trip.receiptBlock?.first ?? 1, trip.receiptBlock?.last ?? 1);
    return db;
  }

  it('gets the same fee event back at start-up as issuing would have written, once', async () => {
    const van = await open();
    const issued = await issueReceipt({ db: van, deviceId: DEVICE, staffId: 'staff-zhangwei', now, trip }, draft(1), quote, '王淑兰', 'bank-card');
    if (typeof issued === 'string') throw new Error(issued);
    await receiptWithoutEvent(van, 'JMS2026-000002', { method: 'bank-card', rules: 'gb-2016-2559@1' });

    expect(await repairFeeEvents(van, DEVICE)).toEqual(['JMS2026-000002']);
    expect(await repairFeeEvents(van, DEVICE)).toEqual([]);

    const all = await events(van);
    const normal = all.find((e) => e.id === 'case-1:fee');
    const repaired = all.find((e) => e.id === 'case-crash:fee');
    expect(repaired).toMatchObject({ kind: 'fee-charged', caseId: 'case-crash', at: '2026-11-30T02:00:00.000Z', actor: 'staff-zhangwei', seq: 2 });
    // Built the same way as the event written at issue: only the number differs.
    expect(repaired?.payload).toEqual({ ...normal?.payload, receiptNumber: 'JMS2026-000002' });
    expect(verifyChain(DEVICE, all as Parameters<typeof verifyChain>[1]).ok).toBe(true);
  });

  it('is repaired too when staff charge the case again: the same number comes back, not a new one', async () => {
    const van = await open();
    await receiptWithoutEvent(van, 'JMS2026-000001', { method: 'cash', rules: 'gb-2016-2559@1' });
    const again = await issueReceipt({ db: van, deviceId: DEVICE, staffId: 'staff-zhangwei', now, trip }, { ...draft(0), caseId: 'case-crash' }, quote, '王淑兰', 'cash');
    expect(typeof again === 'string' ? again : again.number).toBe('JMS2026-000001');
    expect((await events(van)).map((e) => [e.id, e.payload.receiptNumber, e.payload.method])).toEqual([['case-crash:fee', 'JMS2026-000001', 'cash']]);
    expect(await van.receipts.count().exec()).toBe(1);
  });

  it('leaves alone a receipt from before protocol 3 (no payment method to rebuild it from) and other devices’ receipts', async () => {
    const van = await open();
    await receiptWithoutEvent(van, 'JMS2026-000003', {});
    await van.receipts.insert({
      id: `${trip.id}:JMS2026-000004`, tripId: trip.id, caseId: 'case-other', deviceId: 'van-2', number: 'JMS2026-000004', amountFen: 100,
      items: [], payer: '李', issuedAt: '2026-11-30T02:00:00.000Z', issuedBy: 'staff-lisi', method: 'cash', rules: 'gb-2016-2559@1',
    });
    expect(await repairFeeEvents(van, DEVICE)).toEqual([]);
    expect(await events(van)).toEqual([]);
  });
});
