import { createRevision, getDefaultRxDocumentMeta } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '#protocol/domain-bridge.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type CaseEvent, appendCaseEvent } from '#renderer/db/case-events.ts';
import { migrateFeeRecords, receiptOfCase } from '#renderer/db/charges.ts';
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
const number = (r: Awaited<ReturnType<typeof issueReceipt>>) => (typeof r === 'string' ? r : r.number);

/** A receipt document an older version wrote, as if the app then crashed before its fee event. */
async function olderReceipt(db: VanDatabase, number: string, extra: Record<string, unknown>, caseId = 'case-crash'): Promise<void> {
  await db.receipts.insert({
    id: `${trip.id}:${DEVICE}:${number}`, tripId: trip.id, caseId, deviceId: DEVICE, number, amountFen: 9000,
    items: [{ code: 'item-1', label: '不动产登记费（住宅）', amountFen: 8000 }, { code: 'item-2', label: '证书工本费', amountFen: 1000 }],
    payer: '王淑兰', issuedAt: '2026-11-30T02:00:00.000Z', issuedBy: 'staff-zhangwei', ...extra,
  });
}

const events = async (db: VanDatabase) => (await db.caseEvents.find({ selector: { deviceId: DEVICE } }).exec()).map((d) => d.toJSON() as CaseEvent);

describe('a charge on the van is one write: its 收费 event', () => {
  const names: string[] = [];
  let db: VanDatabase | undefined;
  afterEach(async () => {
    await db?.remove();
    db = undefined;
  });

  /** Opens (again, after a "crash") the van store of this test: fake IndexedDB keeps it across close(). */
  async function open(fresh = true): Promise<VanDatabase> {
    if (fresh) names.push(`fee-records-${process.pid}-${names.length}`);
    db = await openTestVan(names.at(-1));
    if (!fresh) return db;
    // The trip as the office's replication writes it (the collection refuses local inserts).
    const row = { document: { ...trip, _deleted: false, _attachments: {}, _meta: getDefaultRxDocumentMeta(), _rev: createRevision(db.token) } };
    expect((await db.trips.storageInstance.bulkWrite([row], 'test')).error).toEqual([]);
    await storeGrant(db, trip.id, DEVICE, trip.receiptBlock?.first ?? 1, trip.receiptBlock?.last ?? 1);
    return db;
  }
  const ctx = (van: VanDatabase) => ({ db: van, deviceId: DEVICE, staffId: 'staff-zhangwei', now, trip });

  it('stores the 收费 event naming its trip and no receipt document; the receipt read from it is the one an older van stored', async () => {
    const van = await open();
    const issued = await issueReceipt(ctx(van), draft(1), quote, '王淑兰', 'wechat', '4200001234202611300123456789');
    expect(number(issued)).toBe('JMS2026-000001');
    expect(await van.receipts.count().exec()).toBe(0);
    const [fee] = await events(van);
    expect(fee).toMatchObject({ id: 'case-1:fee', kind: 'fee-charged', seq: 1, payload: { receiptNumber: 'JMS2026-000001', tripId: trip.id, method: 'wechat', totalFen: 9000 } });
    expect(await receiptOfCase(van, 'case-1', trip.id)).toEqual({
      id: `${trip.id}:${DEVICE}:JMS2026-000001`, tripId: trip.id, caseId: 'case-1', deviceId: DEVICE, number: 'JMS2026-000001', amountFen: 9000,
      items: [{ code: 'item-1', label: '不动产登记费（住宅）', amountFen: 8000 }, { code: 'item-2', label: '证书工本费', amountFen: 1000 }],
      payer: '王淑兰', issuedAt: '2026-11-30T02:00:00.000Z', issuedBy: 'staff-zhangwei', method: 'wechat', rules: 'gb-2016-2559@1', transactionRef: '4200001234202611300123456789',
    });
  });

  it('leaves no charge when the app dies during the write, and one whole charge when it dies after it', async () => {
    let van = await open();
    // Dies while the event is written: the write never completes.
    const write = van.caseEvents.bulkInsert.bind(van.caseEvents);
    van.caseEvents.bulkInsert = () => Promise.reject(new Error('killed'));
    await expect(issueReceipt(ctx(van), draft(1), quote, '王淑兰', 'cash')).rejects.toThrow('killed');
    van.caseEvents.bulkInsert = write;
    await van.close();
    van = await open(false);
    expect(await events(van)).toEqual([]);
    expect(await van.receipts.count().exec()).toBe(0);
    // Charged again after the restart: the number was never used, so it is the same one, not lost and not doubled.
    expect(number(await issueReceipt(ctx(van), draft(1), quote, '王淑兰', 'cash'))).toBe('JMS2026-000001');
    // Dies right after the write: the charge is whole, and charging again gives it back.
    await van.close();
    van = await open(false);
    expect(number(await issueReceipt(ctx(van), draft(1), quote, '王淑兰', 'cash'))).toBe('JMS2026-000001');
    expect(number(await issueReceipt(ctx(van), draft(2), quote, '李建国', 'cash'))).toBe('JMS2026-000002');
    expect((await events(van)).map((e) => [e.id, e.payload['receiptNumber']])).toEqual([['case-1:fee', 'JMS2026-000001'], ['case-2:fee', 'JMS2026-000002']]);
    expect(verifyChain(DEVICE, (await events(van)) as Parameters<typeof verifyChain>[1]).ok).toBe(true);
  });

  it('migrates a store an older version wrote, once: a receipt whose event a crash lost gets it, the rest is left as it is', async () => {
    const van = await open();
    // Written whole by the older version: the receipt document, then its event.
    await olderReceipt(van, 'JMS2026-000001', { method: 'bank-card', rules: 'gb-2016-2559@1' }, 'case-older');
    const older = { receiptCode: 'JMS2026-', receiptNumber: 'JMS2026-000001', payer: '王淑兰', items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }, { name: '证书工本费', amountFen: 1000 }], totalFen: 9000, method: 'bank-card' as const, rules: 'gb-2016-2559@1' };
    await appendCaseEvent(van, DEVICE, { id: 'case-older:fee', caseId: 'case-older', at: '2026-11-30T02:00:00.000Z', actor: 'staff-zhangwei', kind: 'fee-charged', payload: older });
    // Its event lost to a crash between the two writes.
    await olderReceipt(van, 'JMS2026-000002', { method: 'bank-card', rules: 'gb-2016-2559@1' });
    // From before protocol 3 (and before grants): no payment method to build an event from.
    await olderReceipt(van, 'JMS2026-000011', {}, 'case-before-3');
    await van.receipts.insert({
      id: `${trip.id}:van-2:JMS2026-000004`, tripId: trip.id, caseId: 'case-other', deviceId: 'van-2', number: 'JMS2026-000004', amountFen: 100,
      items: [], payer: '李', issuedAt: '2026-11-30T02:00:00.000Z', issuedBy: 'staff-lisi', method: 'cash', rules: 'gb-2016-2559@1',
    });

    expect(await migrateFeeRecords(van, DEVICE)).toEqual(['JMS2026-000002']);
    expect(await migrateFeeRecords(van, DEVICE)).toEqual([]);
    const crash = (await events(van)).find((e) => e.id === 'case-crash:fee');
    expect(crash).toMatchObject({ kind: 'fee-charged', caseId: 'case-crash', at: '2026-11-30T02:00:00.000Z', actor: 'staff-zhangwei' });
    // As the older version wrote it: no trip named, the receipt document goes to the office itself.
    expect(crash?.payload).toEqual({ receiptCode: 'JMS2026-', receiptNumber: 'JMS2026-000002', payer: '王淑兰', items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }, { name: '证书工本费', amountFen: 1000 }], totalFen: 9000, method: 'bank-card', rules: 'gb-2016-2559@1' });
    // The migrated charge is found again, and numbering goes on above the highest number printed on the trip
    // (the receipt from before protocol 3 included: paper carries it).
    expect(number(await issueReceipt(ctx(van), { ...draft(0), caseId: 'case-crash' }, quote, '王淑兰', 'cash'))).toBe('JMS2026-000002');
    expect(number(await issueReceipt(ctx(van), draft(5), quote, '赵', 'cash'))).toBe('JMS2026-000012');
    expect((await events(van)).map((e) => e.id).sort()).toEqual(['case-5:fee', 'case-crash:fee', 'case-older:fee']);
    expect(await van.receipts.count().exec()).toBe(4);
    expect(verifyChain(DEVICE, (await events(van)) as Parameters<typeof verifyChain>[1]).ok).toBe(true);
  });

  it('never prints a number twice when the laptop clock is set back, and stops at the charges of an earlier trip', async () => {
    const van = await open();
    // An earlier trip's charge on this device, from another block.
    const earlier = { receiptCode: 'JMS2026-', receiptNumber: 'JMS2026-000500', payer: '孙', items: [{ name: '证书工本费', amountFen: 1000 }], totalFen: 1000, method: 'cash' as const, rules: 'gb-2016-2559@1', tripId: 'trip-earlier' };
    await appendCaseEvent(van, DEVICE, { id: 'case-earlier:fee', caseId: 'case-earlier', at: '2026-11-20T02:00:00.000Z', actor: 'staff-zhangwei', kind: 'fee-charged', payload: earlier });
    // A flat CMOS battery: the laptop believes it is 2000, years before the trip's date.
    const stale = { ...ctx(van), now: () => new Date('2000-01-01T08:00:00Z') };
    const printed = [];
    for (let i = 1; i <= 3; i++) printed.push(number(await issueReceipt(stale, draft(i), quote, '王淑兰', 'cash')));
    expect(printed).toEqual(['JMS2026-000001', 'JMS2026-000002', 'JMS2026-000003']);
    expect((await events(van)).filter((e) => e.kind === 'fee-charged').map((e) => e.payload['receiptNumber'])).toEqual(['JMS2026-000500', 'JMS2026-000001', 'JMS2026-000002', 'JMS2026-000003']);
  });
});
