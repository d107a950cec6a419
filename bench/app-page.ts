/**
 * The van app benchmark's page (bench/app.ts): a separate bundle served beside the built renderer by
 * the browser host, so it shares the app's origin and therefore its IndexedDB. It opens the van's
 * database with the app's own `openVanDatabase`, fills it in bulk and times the app's own query and
 * save functions. It is never part of the app's build, so nothing here is reachable in the van.
 */
import { createRevision, getDefaultRxDocumentMeta, type RxDocumentData } from 'rxdb';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { openVanDatabase, type VanDatabase } from '#renderer/db/database.ts';
import { markAllSent } from '#renderer/db/outbox.ts';
import { findUnitByCertificate, findUnitByNumber, findUnitsByAddressPrefix } from '#renderer/db/queries.ts';
import { type Draft, type Trip, issueReceipt, materialLine, saveIntake } from '#renderer/screens/intake/draft.ts';
import { requiredMaterials } from '#renderer/screens/intake/intake-rules.ts';
import { type ChainHead, type Unit, addressPrefixOf, pastCaseAt, seeded, unitAt } from './app-data.ts';

export type FillResult = { units: number; cases: number; events: number; receipts: number; seconds: number };
export type LookupSamples = { byNumber: number[]; byCertificate: number[]; byAddress: number[] };
export type SaveSamples = { total: number[]; saveIntake: number[]; issueReceipt: number[] };

export type BenchApi = {
  open(deviceId: string): Promise<Record<string, number>>;
  fill(opts: { units: number; cases: number; vanId: string }): Promise<FillResult>;
  lookups(opts: { count: number; seed: number; bulkUnits: number }): Promise<LookupSamples>;
  saves(opts: { count: number; warm: number; seed: number; bulkUnits: number }): Promise<SaveSamples>;
  coldSaves(opts: { count: number; seed: number; bulkUnits: number }): Promise<SaveSamples>;
  close(): Promise<void>;
};

let db: VanDatabase | null = null;
let deviceId = '';
const need = (): VanDatabase => {
  if (!db) throw new Error('open first');
  return db;
};

async function counts(d: VanDatabase): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of ['units', 'cases', 'caseEvents', 'receipts', 'trips', 'appointments', 'staff'] as const) out[name] = await d[name].count().exec();
  return out;
}

async function staffId(d: VanDatabase): Promise<string> {
  const staff = await d.staff.findOne({ selector: { login: 'zhangwei' } }).exec();
  if (!staff) throw new Error('no staff pulled');
  return staff.id;
}

async function currentTrip(d: VanDatabase): Promise<Trip> {
  const trip = await d.trips.findOne({ sort: [{ date: 'desc' }] }).exec();
  if (!trip) throw new Error('no trip pulled');
  return trip.toJSON() as Trip;
}

/**
 * Units as the office's replication writes them: straight to the storage instance (the collection's
 * insert hook refuses local writes to office collections, as it should). Van documents through
 * `bulkInsert`, then marked as accepted by the office, as on a van whose past trips were synced.
 */
async function fill(opts: { units: number; cases: number; vanId: string }): Promise<FillResult> {
  const d = need();
  const t0 = performance.now();
  const BATCH = 2_000;
  for (let start = 0; start < opts.units; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(opts.units, start + BATCH); i += 1) {
      const document: RxDocumentData<Omit<UnitDoc, '_deleted'>> = { ...unitAt(i), _deleted: false, _attachments: {}, _meta: getDefaultRxDocumentMeta(), _rev: createRevision(d.token) };
      rows.push({ document });
    }
    const res = await d.units.storageInstance.bulkWrite(rows, 'bench-fill');
    if (res.error.length > 0) throw new Error(`unit insert failed: ${JSON.stringify(res.error[0]).slice(0, 300)}`);
  }
  const ctx = { deviceId, staffId: await staffId(d), vanId: opts.vanId, receiptPrefix: 'HJ', unitCount: opts.units };
  let head: ChainHead = { seq: 0, hash: null };
  const last = await d.caseEvents.findOne({ selector: { deviceId }, sort: [{ deviceId: 'desc' }, { seq: 'desc' }] }).exec();
  if (last) throw new Error('fill expects a device without events');
  let events = 0;
  for (let start = 0; start < opts.cases; start += BATCH / 2) {
    const batch = [];
    for (let j = start; j < Math.min(opts.cases, start + BATCH / 2); j += 1) {
      const next = pastCaseAt(j, ctx, head);
      head = next.head;
      batch.push(next.past);
    }
    const all = [
      await d.cases.bulkInsert(batch.map((b) => b.case)),
      await d.caseEvents.bulkInsert(batch.flatMap((b) => b.events)),
      await d.receipts.bulkInsert(batch.map((b) => b.receipt)),
    ];
    for (const r of all) if (r.error.length > 0) throw new Error(`case insert failed: ${JSON.stringify(r.error[0]).slice(0, 300)}`);
    events += batch.reduce((s, b) => s + b.events.length, 0);
  }
  await markAllSent(d, deviceId);
  return { units: opts.units, cases: opts.cases, events, receipts: opts.cases, seconds: (performance.now() - t0) / 1000 };
}

/** Keys a user would type: of the bulk units when there are any, else of the trip's own units. */
async function keyUnits(d: VanDatabase, bulkUnits: number, r: () => number, n: number): Promise<Unit[]> {
  if (bulkUnits > 0) return Array.from({ length: n }, () => unitAt(Math.floor(r() * bulkUnits)));
  const all = (await d.units.find().exec()).map((u) => u.toJSON() as Unit);
  if (all.length === 0) throw new Error('no units pulled');
  return Array.from({ length: n }, () => all[Math.floor(r() * all.length)] as Unit);
}

/**
 * The Unit step's search, as UnitStep.find runs it: unit number first, then certificate number, then
 * address prefix (20 results). A certificate search therefore pays for a missed unit-number lookup, and
 * an address search for two misses. Every lookup is checked to find what it looked for.
 */
async function lookups(opts: { count: number; seed: number; bulkUnits: number }): Promise<LookupSamples> {
  const d = need();
  const r = seeded(opts.seed);
  const units = await keyUnits(d, opts.bulkUnits, r, opts.count);
  const out: LookupSamples = { byNumber: [], byCertificate: [], byAddress: [] };
  const find = async (q: string) => (await findUnitByNumber(d, q)) ?? (await findUnitByCertificate(d, q)) ?? (await findUnitsByAddressPrefix(d, q, 20));
  for (const u of units) {
    let t = performance.now();
    const a = await find(u.unitNumber);
    out.byNumber.push(performance.now() - t);
    if (Array.isArray(a) || a.id !== u.id) throw new Error(`unit number lookup missed ${u.unitNumber}`);
    t = performance.now();
    const b = await find(u.certificateNumber);
    out.byCertificate.push(performance.now() - t);
    if (Array.isArray(b) || b.id !== u.id) throw new Error(`certificate lookup missed ${u.certificateNumber}`);
    const prefix = addressPrefixOf(u);
    t = performance.now();
    const c = await find(prefix);
    out.byAddress.push(performance.now() - t);
    if (!Array.isArray(c) || c.length === 0 || !c.every((x) => x.address.startsWith(prefix))) throw new Error(`address lookup failed for ${prefix}`);
  }
  return out;
}

const hex64 = (r: () => number) => Array.from({ length: 64 }, () => Math.floor(r() * 16).toString(16)).join('');

/** An intake as the intake flow builds it: a transfer of one unit, two applicants, every material scanned. */
function draftFor(unit: Unit, r: () => number): Draft {
  const caseId = crypto.randomUUID();
  const materials = requiredMaterials('transfer', { applicants: 2 }).map((m) => ({
    ...materialLine(m),
    received: true,
    scans: [{ sha256: hex64(r), bytes: 180_000, mime: 'application/pdf', pages: 2, name: `${m.key}.pdf`, material: m.key, caseId }],
  }));
  return {
    caseId,
    appointmentId: null,
    kind: 'transfer',
    use: unit.use,
    certificates: 1,
    applicants: [
      { name: '王淑兰', idType: 'resident-id', idNumber: '230803195001011234', side: 'obligor' },
      { name: '李建国', idType: 'resident-id', idNumber: '230804196002022345', side: 'holder' },
    ],
    units: [unit],
    mortgageeConsent: false,
    materials,
    feeCase: null,
    cause: 'sale',
  };
}

/** FeesStep's save: `saveIntake` (case, scan records, accepted event) then `issueReceipt` (receipt, fee event). */
async function saves(opts: { count: number; warm: number; seed: number; bulkUnits: number }): Promise<SaveSamples> {
  const d = need();
  const r = seeded(opts.seed);
  const ctx = { db: d, deviceId, staffId: await staffId(d), now: () => new Date(), trip: await currentTrip(d) };
  const units = await keyUnits(d, opts.bulkUnits, r, opts.count + opts.warm);
  const quote = { rules: '2026', rulesNumber: '2026', items: [{ name: '住宅登记费', amountFen: 8000 }], totalFen: 8000, notes: [], pieces: 1 };
  const out: SaveSamples = { total: [], saveIntake: [], issueReceipt: [] };
  for (const [k, unit] of units.entries()) {
    const draft = draftFor(unit, r);
    const t0 = performance.now();
    await saveIntake(ctx, draft, { kind: 'accepted', promisedDays: 5 });
    const t1 = performance.now();
    const issued = await issueReceipt(ctx, draft, quote, '李建国', 'cash');
    const t2 = performance.now();
    if (typeof issued === 'string') throw new Error(`receipt not issued: ${issued}`);
    if (k < opts.warm) continue;
    out.total.push(t2 - t0);
    out.saveIntake.push(t1 - t0);
    out.issueReceipt.push(t2 - t1);
  }
  return out;
}

/**
 * The first save after the store is opened (as after a launch): RxDB's query cache is empty, so every
 * query of the save path reaches IndexedDB. Each sample closes and reopens the database.
 */
async function coldSaves(opts: { count: number; seed: number; bulkUnits: number }): Promise<SaveSamples> {
  const out: SaveSamples = { total: [], saveIntake: [], issueReceipt: [] };
  for (let i = 0; i < opts.count; i += 1) {
    await need().close();
    db = await openVanDatabase({ name: `van-${deviceId}` });
    await counts(db); // the collections' storage is open before the clock starts, as the trip screen leaves it
    const s = await saves({ count: 1, warm: 0, seed: opts.seed + i, bulkUnits: opts.bulkUnits });
    out.total.push(...s.total);
    out.saveIntake.push(...s.saveIntake);
    out.issueReceipt.push(...s.issueReceipt);
  }
  return out;
}

const api: BenchApi = {
  async open(id) {
    deviceId = id;
    db = await openVanDatabase({ name: `van-${id}` });
    return counts(db);
  },
  fill,
  lookups,
  saves,
  coldSaves,
  async close() {
    await db?.close();
    db = null;
  },
};

(globalThis as unknown as { vanBench: BenchApi }).vanBench = api;
