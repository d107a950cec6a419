import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '#domain/clock.ts';
import { VERIFY_ITEMS } from '#domain/market/listing.ts';
import { type RegisterEntryBody } from '#domain/register/entries.ts';
import { ok } from '#domain/result.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { ArchiveRegister } from '#server/office/market/archive-register.ts';
import { FilingService } from '#server/office/market/filing-service.ts';
import { ListingService } from '#server/office/market/listing-service.ts';
import { type MarketStores } from '#server/office/market/market-store.ts';
import { MarketWorker } from '#server/office/market/market-worker.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { openTestDb } from '../../support/backend.ts';
import { removeDir, tempDir } from '../../sync/helpers.ts';

// The market over the archive's own register store on one office database: no copy of the register anywhere.
const FLAT = '230804003012GB00200F00030502';
const NOW = '2026-06-05T02:00:00.000Z';
const owners = [
  { name: '张国强', idType: 'resident-id' as const, idNumber: '230804197803120414' },
  { name: '李秀梅', idType: 'resident-id' as const, idNumber: '230803198509211620' },
];
const established: RegisterEntryBody = {
  kind: 'unit-established',
  natural: { address: '佳木斯市前进区长安路5号', districtCode: '230804', buildingName: '3栋', floor: 5, totalFloors: 6, room: '502', areaM2: 76.5, structure: 'mixed', use: 'residential', completedYear: 2001 },
};
const owned: RegisterEntryBody = { kind: 'ownership-registered', cause: 'legacy', holders: owners.map((o) => ({ ...o, holding: { kind: 'joint' as const } })), certificateNumber: '佳房权证前字第0012345号' };
const seizure = (noticeNumber: string): RegisterEntryBody => ({
  kind: 'seizure-recorded',
  seizureId: noticeNumber,
  document: { court: '佳木斯市前进区人民法院', noticeNumber, rulingNumber: '（2026）黑0804执55号', deliveredAt: '2026-06-05T09:00:00+08:00' },
  respondent: '张国强',
  from: '2026-06-05',
  to: '2029-06-04',
  termMonths: null,
});
const facts = { unitNumber: FLAT, districtCode: '230804', place: '长安小区 3号楼', areaDm2: 7650, priceFen: 38_000_000, use: 'residential' as const, rooms: 2, halls: 1, floor: 5, totalFloors: 6, description: '近学校' };
const agency = { kind: 'agency' as const, orgId: 'agency-1', orgName: '佳木斯安居房地产经纪有限公司', agentName: '赵经纪' };

let dataDir: string;
let database: Awaited<ReturnType<typeof openTestDb>>;
let stores: MarketStores;
let register: ArchiveRegister;
let listings: ListingService;
let worker: MarketWorker;
const changed: string[] = [];

beforeEach(async () => {
  dataDir = tempDir('market-archive');
  database = await openTestDb(dataDir);
  register = new ArchiveRegister(dbRegisterStore(database.db));
  register.onChange((u) => changed.push(u));
  changed.length = 0;
  stores = dbMarketStores(database.db);
  const clock = fixedClock(NOW);
  listings = new ListingService(stores, register, clock);
  const filings = new FilingService(stores, register, clock, () => undefined);
  worker = new MarketWorker(stores, register, filings, listings, clock);
  const r = await register.store.appendNewUnits([{ unitNumber: FLAT, append: { entries: [{ id: 'e1', body: established }, { id: 'e2', body: owned }], source: { kind: 'office', reason: '测试' }, recordedBy: 'test', recordedAt: NOW, outbox: [] } }]);
  expect(r).toEqual({ ok: true });
});
afterEach(async () => {
  await worker.stop();
  await database.drop();
  removeDir(dataDir);
});

const seize = (noticeNumber: string) =>
  register.store.append(FLAT, () => ok({ entries: [{ id: `court:${noticeNumber}`, body: seizure(noticeNumber) }], source: { kind: 'court', court: '佳木斯市前进区人民法院', noticeNumber }, recordedBy: 'staff-chenjing', recordedAt: NOW, outbox: [] }));

describe('the market over the archive register', () => {
  it('reads holders, area and a seizure from the register, and hears of the seizure', async () => {
    expect(await register.facts(FLAT, '2026-06-05')).toMatchObject({ holderIds: owners.map((o) => o.idNumber), holderCount: 2, areaDm2: 7650, seizure: null });
    expect(await register.facts('230804003012GB00200F00030999', '2026-06-05')).toBeNull();
    await seize('（2026）黑0804执协55号');
    expect(changed).toEqual([FLAT, FLAT]);
    expect((await register.facts(FLAT, '2026-06-05'))?.seizure).toEqual({ court: '佳木斯市前进区人民法院', noticeNumber: '（2026）黑0804执协55号' });
  });

  it('names the case whose 登簿 registered the ownership, which is what closes a filing', async () => {
    expect((await register.facts(FLAT, '2026-06-05'))?.ownershipCase).toBeNull();
    const buyer = { name: '金永哲', idType: 'resident-id' as const, idNumber: '230822196201050832', holding: { kind: 'sole' as const } };
    const source = { kind: 'case' as const, caseId: 'case-9', caseNumber: 'JMS2026-000901', eventId: 'ev-9' };
    await register.store.append(FLAT, () => ok({ entries: [{ id: 'case:ev-9', body: { kind: 'ownership-registered', cause: 'transfer', holders: [buyer], certificateNumber: null } }], source, recordedBy: 'staff-chenjing', recordedAt: NOW, outbox: [] }));
    expect(await register.facts(FLAT, '2026-06-05')).toMatchObject({ holderIds: ['230822196201050832'], ownershipCase: { caseId: 'case-9', caseNumber: 'JMS2026-000901', registeredAt: NOW } });
  });

  it('refuses a listing of a seized unit with the reason, and ends a published one when the court seizes it', async () => {
    const r = await listings.submit(agency, 'acc-agent', facts, owners);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    for (const item of VERIFY_ITEMS) await listings.verify('staff-wangfang', r.value.id, item, true, '');
    expect((await stores.listings.listing(r.value.id))?.status).toBe('published');
    worker.start();
    await seize('（2026）黑0804执协56号');
    await worker.tick();
    expect(await stores.listings.listing(r.value.id)).toMatchObject({ status: 'ended', endReason: 'seized' });
    const again = await listings.submit(agency, 'acc-agent', facts, owners);
    if (again.ok || again.error.code !== 'refused') throw new Error('expected a refusal');
    expect(again.error.checks.filter((c) => !c.ok).map((c) => c.item)).toEqual(['seizure']);
  });

  it('writes a filing into the unit\'s chain once, and its ending over it', async () => {
    const filed = { kind: 'filed' as const, unitNumber: FLAT, filingId: 'f1', contractNumber: 'YS20260000001', buyers: ['王明'], filedOn: '2026-06-05' };
    await register.writeFiling(filed, NOW);
    await register.writeFiling(filed, NOW);
    expect((await register.store.entriesOf(FLAT)).map((e) => e.kind)).toEqual(['unit-established', 'ownership-registered', 'contract-filed']);
    expect((await register.facts(FLAT, '2026-06-05'))?.contractNumber).toBe('YS20260000001');
    await register.writeFiling({ kind: 'ended', unitNumber: FLAT, filingId: 'other', reason: '解除' }, NOW);
    await register.writeFiling({ kind: 'ended', unitNumber: FLAT, filingId: 'f1', reason: '双方协商解除' }, NOW);
    expect((await register.store.entriesOf(FLAT)).map((e) => e.kind).at(-1)).toBe('contract-filing-cancelled');
    expect((await register.store.entriesOf(FLAT))).toHaveLength(4);
    expect((await register.facts(FLAT, '2026-06-05'))?.contractNumber).toBeNull();
    // A home sold off-plan is not in the register yet: nothing is written for it.
    await register.writeFiling({ ...filed, unitNumber: '230803003012GB00100F00110101' }, NOW);
    expect(await register.store.entriesOf('230803003012GB00100F00110101')).toEqual([]);
  });
});
