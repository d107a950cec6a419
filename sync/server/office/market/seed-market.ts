import { readFileSync } from 'node:fs';
import { addDays } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { type Building, type BuildingUnit, type Project, type SalePermit } from '#domain/market/building-table.ts';
import { type ContractDraft } from '#domain/market/contract.ts';
import { type Actor } from '#domain/market/filing.ts';
import { type PortalRole } from '#domain/market/portal-roles.ts';
import { VERIFY_ITEMS } from '#domain/market/listing.ts';
import { projectRegister } from '#domain/register/project.ts';
import { type Db } from '#office/platform/db/db.ts';
import { DEMO_BUILDING } from '#server/office/archive/seed-register.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { ArchiveRegister } from './archive-register.ts';
import { FilingService } from './filing-service.ts';
import { ListingService } from './listing-service.ts';
import { MarketWorker } from './market-worker.ts';
import { dbMarketStores } from './db-market-store.ts';

/**
 * The demo market, dated from the day it is seeded: a developer's project of two buildings (one under a presale
 * permit, one not yet), contracts filed over the last five months, an agency's second-hand listings of the demo
 * register's building verified and published, and one refused because the court has seized the flat.
 */
export const DEMO_DEVELOPER: Actor = { kind: 'developer', id: 'acc-demo-sales', name: '王销售', orgId: 'dev-jiangjing', orgName: '佳木斯江景房地产开发有限公司' };
export const DEMO_BANK = { id: 'bank-ccb', name: '中国建设银行股份有限公司佳木斯分行', creditCode: '91230800MA1B2C3D5F' } as const;
export const DEMO_AGENCY = { id: 'agency-anju', name: '佳木斯安居房地产经纪有限公司', creditCode: '91230800MA1B2C3D6G' } as const;
/** A 建设单位 that uses the map's region query (拆迁、开发、建设单位 portal). */
export const DEMO_BUILDER = { id: 'builder-chengtou', name: '佳木斯市城市建设投资有限公司', creditCode: '91230800MA1B2C3D7H' } as const;
export const DEMO_PROJECT: Project = { id: 'p-jiangjing', name: '江景华府', developerId: 'dev-jiangjing', districtCode: '230803', address: '佳木斯市向阳区滨江路9号' };
export const DEMO_BUYERS = [
  { name: '张国强', idType: 'resident-id' as const, idNumber: '230804197803120414', share: '1/2', phone: '13904541234', readOn: null },
  { name: '李秀梅', idType: 'resident-id' as const, idNumber: '230803198509211620', share: '1/2', phone: '13904545678', readOn: null },
];
/** The portals' demo logins; their password is the demo staff's (the same hash, read from the office's demo seed). */
export const DEMO_PORTAL_LOGINS: readonly { id: string; orgId: string; login: string; name: string; roles: PortalRole[] }[] = [
  { id: 'acc-demo-sales', orgId: 'dev-jiangjing', login: 'jj-sales', name: '王销售', roles: ['sales'] },
  { id: 'acc-demo-manager', orgId: 'dev-jiangjing', login: 'jj-manager', name: '周经理', roles: ['manager'] },
  { id: 'acc-demo-dev-admin', orgId: 'dev-jiangjing', login: 'jj-admin', name: '江景管理员', roles: ['admin'] },
  { id: 'acc-demo-officer', orgId: 'bank-ccb', login: 'ccb-credit', name: '刘信贷', roles: ['officer'] },
  { id: 'acc-demo-agent', orgId: 'agency-anju', login: 'anju-agent', name: '赵经纪', roles: ['agent'] },
  { id: 'acc-demo-surveyor', orgId: 'builder-chengtou', login: 'ct-survey', name: '孙测量', roles: ['surveyor'] },
];
const DEMO_SEED = new URL('../../../../fixtures/demo/seed.json', import.meta.url);

function demoPasswordHash(): string {
  const seed = JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as { staff: { passwordHash: string }[] };
  const hash = seed.staff[0]?.passwordHash;
  if (!hash) throw new Error('the demo seed has no staff password');
  return hash;
}

/** Days before the seed day each demo contract was filed, and the flat (building 1, floor, room). */
const FILED: readonly { daysAgo: number; floor: number; room: number }[] = [
  { daysAgo: 150, floor: 1, room: 1 },
  { daysAgo: 120, floor: 2, room: 2 },
  { daysAgo: 90, floor: 3, room: 1 },
  { daysAgo: 60, floor: 4, room: 2 },
  { daysAgo: 30, floor: 5, room: 1 },
  { daysAgo: 1, floor: 6, room: 2 },
];
/** Flats of the demo register's building the agency lists; 502 is under a court's seizure. */
const LISTED_ROOMS = [301, 402, 203, 104];
const SEIZED_ROOM = 502;

export const demoUnitNumber = (building: number, floor: number, room: number): string => `230803003012GB00100F${String(10 + building).padStart(4, '0')}${String(floor).padStart(2, '0')}${String(room).padStart(2, '0')}`;

const BUILDINGS: Building[] = [
  { id: 'b-jiangjing-1', projectId: DEMO_PROJECT.id, name: '1号楼', floors: 6 },
  { id: 'b-jiangjing-2', projectId: DEMO_PROJECT.id, name: '2号楼', floors: 6 },
];

const units = (): BuildingUnit[] =>
  BUILDINGS.flatMap((b, bi) =>
    Array.from({ length: b.floors }, (_, f) =>
      [1, 2].map((room) => ({
        unitNumber: demoUnitNumber(bi + 1, f + 1, room),
        projectId: DEMO_PROJECT.id,
        buildingId: b.id,
        floor: f + 1,
        room: `${f + 1}0${room}`,
        use: 'residential' as const,
        areaDm2: room === 1 ? 8956 : 12_000,
        rooms: room === 1 ? 2 : 3,
        halls: 1,
        listFenPerM2: 680_000 + f * 5_000,
        withheld: false,
      })),
    ).flat(),
  );

export function demoDraft(unit: BuildingUnit, signedOn: string): ContractDraft {
  const totalFen = Math.round(((unit.listFenPerM2 ?? 0) * unit.areaDm2) / 100);
  const down = Math.round(totalFen * 0.3);
  return {
    template: 'GF-2014-0171',
    unitNumber: unit.unitNumber,
    areaDm2: unit.areaDm2,
    innerAreaDm2: null,
    pricing: { basis: 'building-area', fenPerM2: unit.listFenPerM2 ?? 0, totalFen },
    payment: { method: 'loan', downPaymentFen: down, downPaymentDueOn: signedOn, loanFen: totalFen - down, loanKind: 'commercial', lender: DEMO_BANK.name },
    deliveryOn: `${Number(signedOn.slice(0, 4)) + 1}-12-31`,
    signedOn,
    buyers: DEMO_BUYERS,
  };
}

/** `--seed demo`: the demo market on the office's database, once (after the register is seeded). */
export async function seedMarket(db: Db, name: string, today: string): Promise<{ seeded: boolean; filings: number; listings: number }> {
  if (name !== 'demo') throw new Error(`unknown market seed "${name}" (known: demo)`);
  const stores = dbMarketStores(db);
  if ((await stores.table.orgs('developer')).length > 0) return { seeded: false, filings: 0, listings: 0 };
  // The seed's clock moves to each demo day, so filings and listings carry dates relative to `today`.
  let day = today;
  const clock: Clock = { now: () => new Date(`${day}T10:00:00+08:00`) };
  const register = new ArchiveRegister(dbRegisterStore(db));
  const filings = new FilingService(stores, register, clock);
  const listings = new ListingService(stores, register, clock);
  const worker = new MarketWorker(stores, register, filings, listings, clock);
  const at = clock.now().toISOString();
  await stores.table.createOrg({ id: DEMO_PROJECT.developerId, kind: 'developer', name: DEMO_DEVELOPER.orgName ?? '', creditCode: '91230800MA1B2C3D4E', active: true, createdBy: 'seed', createdAt: at });
  await stores.table.createOrg({ id: DEMO_BANK.id, kind: 'bank', name: DEMO_BANK.name, creditCode: DEMO_BANK.creditCode, active: true, createdBy: 'seed', createdAt: at });
  await stores.table.createOrg({ id: DEMO_AGENCY.id, kind: 'agency', name: DEMO_AGENCY.name, creditCode: DEMO_AGENCY.creditCode, active: true, createdBy: 'seed', createdAt: at });
  await stores.table.createOrg({ id: DEMO_BUILDER.id, kind: 'builder', name: DEMO_BUILDER.name, creditCode: DEMO_BUILDER.creditCode, active: true, createdBy: 'seed', createdAt: at });
  const passwordHash = demoPasswordHash();
  for (const a of DEMO_PORTAL_LOGINS) await stores.portal.createAccount({ ...a, passwordHash, active: true, updatedAt: at });
  const all = units();
  await stores.table.createProject(DEMO_PROJECT, BUILDINGS, all, 'seed', at);
  const permit: SalePermit = { id: 'permit-jiangjing-1', projectId: DEMO_PROJECT.id, kind: 'presale', number: `佳房预售证第${today.slice(0, 4)}018号`, authority: '佳木斯市住房和城乡建设局', issuedOn: addDays(today, -200), buildingIds: [BUILDINGS[0]?.id ?? ''], revokedOn: null };
  await stores.table.addPermit(permit, 'seed', at);
  let filed = 0;
  for (const f of FILED) {
    day = addDays(today, -f.daysAgo);
    const unit = all.find((u) => u.unitNumber === demoUnitNumber(1, f.floor, f.room));
    if (!unit) continue;
    const d = await filings.createDraft(DEMO_DEVELOPER, demoDraft(unit, day));
    if (d.ok && (await filings.file(DEMO_DEVELOPER, d.value.id)).ok) filed++;
  }
  day = today;
  const agency = { kind: 'agency' as const, orgId: DEMO_AGENCY.id, orgName: DEMO_AGENCY.name, agentName: '赵经纪' };
  let published = 0;
  for (const [i, room] of [...LISTED_ROOMS, SEIZED_ROOM].entries()) {
    day = addDays(today, -(LISTED_ROOMS.length - i));
    const unitNumber = `${DEMO_BUILDING.key}${String(room).padStart(4, '0')}`;
    const v = projectRegister(unitNumber, await register.store.entriesOf(unitNumber), day);
    const sellers = (v.ownership?.holders ?? []).map((h) => ({ name: h.name, idType: h.idType, idNumber: h.idNumber }));
    const floor = Math.floor(room / 100);
    const facts = { unitNumber, districtCode: '230803', place: '幸福家园 3栋', areaDm2: Math.round((v.natural?.areaM2 ?? 0) * 100), priceFen: (58 + i * 3) * 1_000_000, use: 'residential' as const, rooms: room % 2 === 0 ? 2 : 3, halls: 1, floor, totalFloors: DEMO_BUILDING.floors, description: '南北通透，近学校' };
    const r = await listings.submit(agency, 'acc-demo-agent', facts, sellers);
    if (!r.ok) continue;
    for (const item of VERIFY_ITEMS) await listings.verify('staff-chenjing', r.value.id, item, true, '');
    published++;
  }
  day = today;
  await worker.tick();
  return { seeded: true, filings: filed, listings: published };
}
