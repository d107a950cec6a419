/**
 * The page of charge-killed.test.ts, bundled for Chromium: the van's store as the app opens it (RxDB on Dexie over
 * the browser's IndexedDB, personal fields sealed), then charges case after case with the intake's own
 * `issueReceipt`, telling the test each number once its charge is written (when the app would print it). The
 * test kills the browser at random points and starts it again on the same profile.
 */
import { createRevision, getDefaultRxDocumentMeta } from 'rxdb';
import { openVanDatabase } from '#renderer/db/database.ts';
import { type Draft, type Trip, issueReceipt } from '#renderer/screens/intake/draft.ts';
import { type Quote } from '#renderer/screens/intake/intake-rules.ts';
import seed from '#fixtures/demo/seed.json' with { type: 'json' };

const DEVICE = 'van-killed';
const STAFF = 'staff-zhangwei';
const KILLED_TRIP = { ...(seed.trips[0] as unknown as Trip), receiptBlock: { prefix: 'JMS2026-', first: 1, last: 400, width: 6 } } as Trip;
const quote: Quote = { rules: 'gb-2016-2559@1', items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }, { name: '证书工本费', amountFen: 1000 }], totalFen: 9000, notes: [], rulesNumber: '发改价格规〔2016〕2559号', pieces: 1 };
const draft = (caseId: string): Draft => ({
  caseId, appointmentId: null, kind: 'transfer', use: 'residential', certificates: 1, applicants: [], units: [], mortgageeConsent: false, materials: [], feeCase: null, cause: 'sale',
});

const post = (path: string, body: unknown) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function run(): Promise<void> {
  // A fixed data key: the store is the sealed one the app keeps (docs/data-at-rest.md), opened again after each kill.
  const raw = new Uint8Array(32).fill(7);
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  const db = await openVanDatabase({ name: 'van', encryptionKey: () => Promise.resolve(key) });
  if (!(await db.trips.findOne(KILLED_TRIP.id).exec())) {
    // The trip as the office's replication writes it (the collection refuses local inserts), and this device's run.
    const row = { document: { ...KILLED_TRIP, _deleted: false, _attachments: {}, _meta: getDefaultRxDocumentMeta(), _rev: createRevision(db.token) } };
    await db.trips.storageInstance.bulkWrite([row], 'charge-killed');
    await db.tripLedger.insert({ id: `grant:${KILLED_TRIP.id}:1`, kind: 'receipt-grant', tripId: KILLED_TRIP.id, deviceId: DEVICE, first: 1, last: 400, grantedAt: '2026-11-30T00:00:00.000Z' });
  }
  const events = (await db.caseEvents.find({ selector: { deviceId: DEVICE } }).exec()).map((d) => d.toJSON());
  await post('/state', { events, receiptDocuments: await db.receipts.count().exec() });
  const ctx = { db, deviceId: DEVICE, staffId: STAFF, now: () => new Date('2026-11-30T02:00:00Z'), trip: KILLED_TRIP };
  for (let n = events.length + 1; n <= 400; n++) {
    const issued = await issueReceipt(ctx, draft(`case-${n}`), quote, '王淑兰', 'cash');
    if (typeof issued === 'string') throw new Error(issued);
    // Printed now: from here on the number is on paper.
    await post('/printed', { caseId: `case-${n}`, number: issued.number });
  }
}

run().catch((error: unknown) => void post('/failed', { error: String(error) }));
