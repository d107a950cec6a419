import { residentIdCheckChar } from '#domain/identity/resident-id.ts';
import { type Holder, type NaturalStatus, type RegisterEntryBody } from '#domain/register/entries.ts';
import { addDays } from '#domain/calendar/china-time.ts';
import { periodEnd } from '#domain/register/periods.ts';
import { UnitDoc } from '#protocol/documents/office.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { type RegisterStore, type UnitAppend } from './register-store.ts';
import { dbRegisterStore } from './db-register-store.ts';

/**
 * The demo office's register: every demo unit snapshot becomes a register with its history (and the seizures,
 * mortgages and 预告 its flags show), plus one whole building for the three-dimensional view. Seizure periods are
 * dated from the day it is seeded, so the demo keeps working on any later day. Deterministic otherwise.
 */

/** The demo building: 幸福家园 3 栋, seven floors of four flats. */
export const DEMO_BUILDING = { key: '230803003012GB00200F0003', address: '佳木斯市向阳区长安路88号幸福家园3栋', floors: 7, perFloor: 4 } as const;
/** Holds flat 301 of the demo building (a card in fixtures/devices/identities.json): the kiosk shows 有房. */
export const DEMO_HOLDER = { name: '张国强', idNumber: '230804197803120414' } as const;

const GIVEN_YEARS = [1948, 1953, 1961, 1967, 1972, 1979, 1984, 1990];

function demoId(district: string, i: number): string {
  const year = GIVEN_YEARS[i % GIVEN_YEARS.length] ?? 1960;
  const first17 = `${district}${year}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(100 + (i % 900)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

const holder = (name: string, idNumber: string): Holder => ({ name, idType: 'resident-id', idNumber, holding: { kind: 'sole' } });
const at = (date: string) => `${date}T09:30:00+08:00`;

type Seeded = { unitNumber: string; append: UnitAppend }[];

const appendOf = (entries: { body: RegisterEntryBody; on: string }[], unitNumber: string): UnitAppend => ({
  entries: entries.map((e, i) => ({ id: `demo:${unitNumber}:${i}`, body: e.body, recordedAt: at(e.on) })),
  source: { kind: 'office', reason: '演示数据' },
  recordedBy: 'staff-chenjing',
  recordedAt: at(entries.at(-1)?.on ?? '2016-01-01'),
  outbox: [{ kind: 'snapshot' }],
});

function fromSnapshot(u: UnitDoc, i: number, today: string): { unitNumber: string; append: UnitAppend } {
  const room = u.unitNumber.slice(24);
  const natural: NaturalStatus = {
    address: u.address, districtCode: u.districtCode, buildingName: `${Number(u.unitNumber.slice(20, 24))}栋`, floor: Math.max(1, Math.floor(Number(room) / 100)),
    totalFloors: 7, room: String(Number(room)), areaM2: u.areaM2, structure: i % 3 === 0 ? 'reinforced-concrete' : 'mixed', use: u.use, completedYear: 1988 + (i % 30),
  };
  const owners = u.owners.map((o, k) => holder(o.name, demoId(u.districtCode, i * 3 + k)));
  const entries: { body: RegisterEntryBody; on: string }[] = [
    { body: { kind: 'unit-established', natural }, on: '2005-06-01' },
    { body: { kind: 'ownership-registered', cause: 'legacy', holders: owners, certificateNumber: u.certificateNumber }, on: '2005-06-01' },
  ];
  if (u.flags.mortgaged) {
    entries.push({ body: { kind: 'mortgage-registered', mortgageId: `demo-m-${i}`, mortgagee: i % 2 === 0 ? '中国建设银行股份有限公司佳木斯分行' : '佳木斯农村商业银行股份有限公司', debtor: owners[0]?.name ?? null, amountFen: (200_000 + (i % 7) * 50_000) * 100, maximum: false, termFrom: '2022-03-01', termTo: '2042-03-01', certificateNumber: `黑(2022)佳木斯市不动产证明第${String(5000 + i).padStart(7, '0')}号` }, on: '2022-03-01' });
  }
  if (u.flags.advanceNotice) {
    entries.push({ body: { kind: 'advance-notice-registered', noticeId: `demo-a-${i}`, holders: [holder('李淑珍', demoId('230804', i + 500))], certificateNumber: `黑(2025)佳木斯市不动产证明第${String(9000 + i).padStart(7, '0')}号` }, on: '2025-09-01' });
  }
  if (u.flags.seized) {
    const from = addDays(today, -120 - (i % 30));
    const delivered = `${from}T10:00:00+08:00`;
    entries.push({ body: { kind: 'seizure-recorded', seizureId: `demo-s-${i}`, document: { court: '佳木斯市向阳区人民法院', noticeNumber: `(${from.slice(0, 4)})黑0803执协${100 + i}号`, rulingNumber: `(${from.slice(0, 4)})黑0803执${100 + i}号`, deliveredAt: delivered }, respondent: owners[0]?.name ?? '', from, to: addDays(periodEnd(from, 36), -1), termMonths: null }, on: from });
    if (i % 2 === 0) {
      const second = addDays(from, 20);
      entries.push({ body: { kind: 'seizure-recorded', seizureId: `demo-s2-${i}`, document: { court: '佳木斯市中级人民法院', noticeNumber: `(${second.slice(0, 4)})黑08执协${300 + i}号`, rulingNumber: `(${second.slice(0, 4)})黑08执${300 + i}号`, deliveredAt: `${second}T14:00:00+08:00` }, respondent: owners[0]?.name ?? '', from: null, to: null, termMonths: 36 }, on: second });
    }
  }
  return { unitNumber: u.unitNumber, append: appendOf(entries, u.unitNumber) };
}

/** The demo building's flats: mostly registered, some mortgaged, one seized, two sold under a filed contract, three unsold. */
function demoBuilding(today: string): Seeded {
  const out: Seeded = [];
  for (let floor = 1; floor <= DEMO_BUILDING.floors; floor++) {
    for (let n = 1; n <= DEMO_BUILDING.perFloor; n++) {
      const room = floor * 100 + n;
      const unitNumber = `${DEMO_BUILDING.key}${String(room).padStart(4, '0')}`;
      const k = floor * 10 + n;
      const natural: NaturalStatus = { address: `${DEMO_BUILDING.address}${room}室`, districtCode: '230803', buildingName: '3栋', floor, totalFloors: DEMO_BUILDING.floors, room: String(room), areaM2: n % 2 === 0 ? 89.6 : 112.3, structure: 'reinforced-concrete', use: 'residential', completedYear: 2019 };
      const entries: { body: RegisterEntryBody; on: string }[] = [{ body: { kind: 'unit-established', natural }, on: '2019-10-01' }];
      const unsold = floor === 7 && n !== 4;
      const filed = floor === 6 && n <= 2;
      const owner = room === 301 ? holder(DEMO_HOLDER.name, DEMO_HOLDER.idNumber) : holder(`业主${room}`, demoId('230803', k));
      if (filed) entries.push({ body: { kind: 'contract-filed', filingId: `demo-f-${room}`, contractNumber: `JMS-YS-2025-${room}`, buyers: [`买受人${room}`], filedOn: '2025-11-20' }, on: '2025-11-20' });
      else if (!unsold) entries.push({ body: { kind: 'ownership-registered', cause: 'first', holders: [owner], certificateNumber: `黑(2020)佳木斯市不动产权第${String(80000 + room).padStart(7, '0')}号` }, on: '2020-05-10' });
      if (!filed && !unsold && k % 3 === 0) entries.push({ body: { kind: 'mortgage-registered', mortgageId: `demo-bm-${room}`, mortgagee: '中国工商银行股份有限公司佳木斯分行', debtor: owner.name, amountFen: 45_000_000, maximum: false, termFrom: '2020-05-10', termTo: '2040-05-10', certificateNumber: null }, on: '2020-05-10' });
      if (room === 502) {
        const from = addDays(today, -30);
        entries.push({ body: { kind: 'seizure-recorded', seizureId: 'demo-bs-502', document: { court: '佳木斯市前进区人民法院', noticeNumber: `(${from.slice(0, 4)})黑0804执协77号`, rulingNumber: `(${from.slice(0, 4)})黑0804执77号`, deliveredAt: `${from}T10:00:00+08:00` }, respondent: owner.name, from, to: addDays(periodEnd(from, 24), -1), termMonths: null }, on: from });
      }
      out.push({ unitNumber, append: appendOf(entries, unitNumber) });
    }
  }
  return out;
}

/** Seeds the register from the office's unit snapshots once, when the register is empty. Answers how many units. */
export async function seedDemoRegister(storage: OfficeStorage, store: RegisterStore, today: string): Promise<number> {
  if ((await store.countUnits()) > 0) return 0;
  const snapshots = (await storage.listDocuments('units')).flatMap((d) => {
    const p = UnitDoc.safeParse(d.body);
    return p.success ? [p.data] : [];
  });
  const units = [...snapshots.map((u, i) => fromSnapshot(u, i, today)), ...demoBuilding(today)];
  const r = await store.appendNewUnits(units);
  return r.ok ? units.length : 0;
}

/** `--seed demo`: the demo register on the office's database, once (the office seeds its snapshots first). */
export async function seedArchive(storage: OfficeStorage, name: string, today: string): Promise<{ seeded: boolean; units: number }> {
  if (name !== 'demo') throw new Error(`unknown archive seed "${name}" (known: demo)`);
  const units = await seedDemoRegister(storage, dbRegisterStore(storage.db), today);
  return { seeded: units > 0, units };
}
