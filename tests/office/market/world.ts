import { fixedClock, type Clock } from '#domain/clock.ts';
import { type Building, type BuildingUnit, type Project, type SalePermit } from '#domain/market/building-table.ts';
import { type ContractDraft } from '#domain/market/contract.ts';
import { type Actor } from '#domain/market/filing.ts';
import { FilingService } from '#server/office/market/filing-service.ts';
import { ListingService } from '#server/office/market/listing-service.ts';
import { type MarketStores } from '#server/office/market/market-store.ts';
import { MarketWorker } from '#server/office/market/market-worker.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { openTestDb } from '../../support/backend.ts';
import { removeDir, tempDir } from '../../sync/helpers.ts';
import { MemoryRegister } from './memory-register.ts';

/** A market of its own on a fresh office database: one developer, one project of two buildings, one permit. */
export const DEV: Actor = { kind: 'developer', id: 'acc-dev', name: '王销售', orgId: 'dev-1', orgName: '佳木斯江景房地产开发有限公司' };
export const BANK: Actor = { kind: 'bank', id: 'acc-bank', name: '刘信贷', orgId: 'bank-1', orgName: '中国建设银行佳木斯分行' };

export const unitNo = (building: number, floor: number, room: number): string => `230803003012GB00100F${String(10 + building).padStart(4, '0')}${String(floor).padStart(2, '0')}${String(room).padStart(2, '0')}`;

export const PROJECT: Project = { id: 'p1', name: '江景华府', developerId: 'dev-1', districtCode: '230803', address: '佳木斯市向阳区滨江路9号' };
export const BUILDINGS: Building[] = [
  { id: 'b1', projectId: 'p1', name: '1号楼', floors: 6 },
  { id: 'b2', projectId: 'p1', name: '2号楼', floors: 6 },
];
export const UNITS: BuildingUnit[] = BUILDINGS.flatMap((b, bi) =>
  Array.from({ length: 6 }, (_, f) =>
    [1, 2].map((room) => ({
      unitNumber: unitNo(bi + 1, f + 1, room),
      projectId: 'p1',
      buildingId: b.id,
      floor: f + 1,
      room: `${f + 1}0${room}`,
      use: 'residential' as const,
      areaDm2: room === 1 ? 8956 : 12_000,
      rooms: room === 1 ? 2 : 3,
      halls: 1,
      listFenPerM2: 680_000,
      withheld: false,
    })),
  ).flat(),
);
export const PERMIT: SalePermit = { id: 'permit-1', projectId: 'p1', kind: 'presale', number: '佳房预售证第2026018号', authority: '佳木斯市住房和城乡建设局', issuedOn: '2026-03-01', buildingIds: ['b1'], revokedOn: null };

export const draftFor = (unitNumber: string, signedOn: string): ContractDraft => ({
  template: 'GF-2014-0171',
  unitNumber,
  areaDm2: 8956,
  innerAreaDm2: null,
  pricing: { basis: 'building-area', fenPerM2: 680_000, totalFen: 60_900_800 },
  payment: { method: 'loan', downPaymentFen: 18_270_240, downPaymentDueOn: signedOn, loanFen: 42_630_560, loanKind: 'commercial', lender: '中国建设银行佳木斯分行' },
  deliveryOn: '2027-12-31',
  signedOn,
  buyers: [
    { name: '张国强', idType: 'resident-id', idNumber: '230804197803120414', share: '1/2', phone: '13904541234', readOn: null },
    { name: '李秀梅', idType: 'resident-id', idNumber: '230803198509211620', share: '1/2', phone: '13904545678', readOn: null },
  ],
});

export type World = { dataDir: string; stores: MarketStores; register: MemoryRegister; filings: FilingService; listings: ListingService; worker: MarketWorker; clock: Clock; close(): Promise<void> };

export async function marketWorld(now = '2026-06-05T02:00:00.000Z'): Promise<World> {
  const dataDir = tempDir('market');
  const database = await openTestDb(dataDir);
  const stores = dbMarketStores(database.db);
  const clock = fixedClock(now);
  const register = new MemoryRegister();
  const listings = new ListingService(stores, register, clock);
  const ref: { worker?: MarketWorker } = {};
  const filings = new FilingService(stores, register, clock, () => void ref.worker?.tick());
  const worker = new MarketWorker(stores, register, filings, listings, clock);
  ref.worker = worker;
  await stores.table.createOrg({ id: 'dev-1', kind: 'developer', name: DEV.orgName ?? '', creditCode: '91230800MA1B2C3D4E', active: true, createdBy: 'test', createdAt: now });
  await stores.table.createProject(PROJECT, BUILDINGS, UNITS, 'test', now);
  await stores.table.addPermit(PERMIT, 'test', now);
  await worker.tick();
  return {
    dataDir,
    stores,
    register,
    filings,
    listings,
    worker,
    clock,
    close: async () => {
      await worker.stop();
      await database.drop();
      removeDir(dataDir);
    },
  };
}
