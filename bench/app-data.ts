/**
 * The van app benchmark's bulk data, generated deterministically (same input, same documents) so the
 * page that inserts it and the Node side that checks it against the protocol schemas agree. Pure: it
 * runs in Node and in the bench page in Chromium.
 */
import { type AcceptedPayload, type Applicant, type UnhashedCaseEvent } from '#domain/case/events.ts';
import { queryCodeOf } from '#domain/case/status-link.ts';
import { hashEvent } from '#protocol/domain-bridge.ts';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { type CaseDoc, type CaseEventDoc, type ReceiptDoc } from '#protocol/documents/van.ts';

export type Unit = Omit<UnitDoc, '_deleted'>;
type Case = Omit<CaseDoc, '_deleted'>;
type CaseEvent = Omit<CaseEventDoc, '_deleted'>;
type Receipt = Omit<ReceiptDoc, '_deleted'>;

/** mulberry32: a small seeded generator, good enough for picking keys and names. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const pick = <T>(items: readonly T[], r: number): T => items[Math.floor(r * items.length) % items.length] as T;

const DISTRICTS = [
  { code: '230803', name: '向阳区' },
  { code: '230804', name: '前进区' },
  { code: '230805', name: '东风区' },
  { code: '230811', name: '郊区' },
] as const;
const ROADS = ['长安路', '中山街', '西林路', '光复路', '友谊路', '解放路', '保卫路', '杏林路', '通江路', '胜利路', '红旗路', '站前路'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['淑兰', '建国', '秀英', '玉珍', '德胜', '桂芝', '永福', '凤琴', '国栋', '海燕', '志强', '丽华', '春生', '雪梅'];
const SNAPSHOT_AT = '2026-11-29T18:00:00+08:00';

const nameAt = (r: () => number) => `${pick(SURNAMES, r())}${pick(GIVEN, r())}`;

/**
 * Unit snapshot `i` (0-based): a unique 28-character unit number (street code 9xx, which the demo data
 * never uses), a unique certificate number and an address shared by a handful of units (road + number).
 */
export function unitAt(i: number): Unit {
  const r = seeded(i * 7919 + 17);
  const district = pick(DISTRICTS, r());
  const unitNumber = `${district.code}9${pad(i % 100, 2)}${pad(i % 1000, 3)}GB${pad(Math.floor(i / 10) % 100_000, 5)}F${pad(i, 8)}`.slice(0, 28);
  const road = pick(ROADS, r());
  const houseNo = 1 + Math.floor(r() * 300);
  const building = 1 + Math.floor(r() * 12);
  const room = `${1 + Math.floor(r() * 18)}0${1 + Math.floor(r() * 4)}`;
  const owners = r() < 0.3 ? [{ name: nameAt(r), share: '共同共有' }, { name: nameAt(r), share: '共同共有' }] : [{ name: nameAt(r), share: '单独所有' }];
  return {
    id: unitNumber,
    unitNumber,
    certificateNumber: `黑(${2010 + (i % 16)})佳木斯市不动产权第${pad(1_000_000 + i, 7)}号`,
    districtCode: district.code,
    address: `佳木斯市${district.name}${road}${houseNo}号${building}栋${room}室`,
    use: r() < 0.85 ? 'residential' : r() < 0.5 ? 'non-residential' : 'parking',
    areaM2: Math.round((40 + r() * 110) * 10) / 10,
    owners,
    flags: { seized: r() < 0.01, mortgaged: r() < 0.2, advanceNotice: false, inProgress: r() < 0.02 },
    snapshotAt: SNAPSHOT_AT,
  };
}

/** What a user types to find unit `u` by address: the road and house number (e.g. 佳木斯市向阳区长安路12号). */
export const addressPrefixOf = (u: Pick<Unit, 'address'>): string => u.address.slice(0, u.address.indexOf('号') + 1);

const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const uuidAt = (r: () => number) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-8${hex(r, 3)}-${hex(r, 12)}`;

export type PastCase = { case: Case; events: CaseEvent[]; receipt: Receipt };
export type ChainHead = { seq: number; hash: string | null };

/** Who and where the bulk cases were taken: this device, past trips of this van. */
export type CaseContext = { deviceId: string; staffId: string; vanId: string; receiptPrefix: string; unitCount: number };

/**
 * Past case `j`: the case, its accepted and fee-charged events (continuing this device's hash chain
 * from `head`) and its receipt. 200 cases per past trip, one trip a day going back from 2026-11-27.
 */
export function pastCaseAt(j: number, ctx: CaseContext, head: ChainHead): { past: PastCase; head: ChainHead } {
  const r = seeded(j * 104_729 + 3);
  const day = new Date(Date.UTC(2026, 10, 27) - Math.floor(j / 200) * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  const tripId = `trip-${date}-${ctx.vanId}`;
  const at = new Date(day.getTime() + (9 * 60 + (j % 200) * 2) * 60_000 - 8 * 3_600_000).toISOString();
  const id = uuidAt(r);
  const unit = unitAt((j * 5) % ctx.unitCount);
  const applicants: Applicant[] = [
    { name: nameAt(r), idType: 'resident-id', idNumber: `230803${1950 + Math.floor(r() * 50)}0${1 + Math.floor(r() * 9)}1${Math.floor(r() * 9)}${pad(Math.floor(r() * 1000), 3)}X`, side: 'obligor' },
    { name: nameAt(r), idType: 'resident-id', idNumber: `230804${1960 + Math.floor(r() * 40)}1${Math.floor(r() * 3)}2${Math.floor(r() * 8)}${pad(Math.floor(r() * 1000), 3)}1`, side: 'holder' },
  ];
  const accepted: AcceptedPayload = {
    caseNumber: `${date.replaceAll('-', '')}-${id.slice(0, 8).toUpperCase()}`,
    queryCode: queryCodeOf(id),
    businessKind: 'transfer',
    use: unit.use,
    applicants,
    units: [{ unitNumber: unit.unitNumber, address: unit.address, certificateNumber: unit.certificateNumber, snapshotAt: unit.snapshotAt }],
    materials: [
      { key: 'application-form', name: '不动产登记申请书', original: true, count: 1, pages: 2, scanIds: [hex(r, 64)] },
      { key: 'applicant-identity', name: '申请人身份证明', original: false, count: 2, pages: 2, scanIds: [hex(r, 64)] },
    ],
    certificates: 1,
  };
  const number = `${ctx.receiptPrefix}${pad(j + 1, 7)}`;
  const fee = { receiptCode: ctx.receiptPrefix, receiptNumber: number, payer: applicants[1]?.name ?? '', items: [{ name: '住宅登记费', amountFen: 8000 }], totalFen: 8000, method: 'cash', rules: '2026' };
  const bodies = [
    { id: `${id}:intake`, kind: 'accepted' as const, payload: accepted },
    { id: `${id}:fee`, kind: 'fee-charged' as const, payload: fee },
  ];
  const events: CaseEvent[] = [];
  let last = head;
  for (const b of bodies) {
    const unhashed = { ...b, caseId: id, deviceId: ctx.deviceId, seq: last.seq + 1, at, actor: ctx.staffId, prevHash: last.hash };
    const hash = hashEvent(unhashed as UnhashedCaseEvent);
    events.push({ ...unhashed, hash });
    last = { seq: unhashed.seq, hash };
  }
  return {
    past: {
      case: { id, tripId, appointmentId: null, deviceId: ctx.deviceId, businessKind: 'transfer', unitIds: [unit.id], applicants, createdAt: at, createdBy: ctx.staffId },
      events,
      receipt: { id: `${tripId}:${number}`, tripId, caseId: id, deviceId: ctx.deviceId, number, amountFen: 8000, items: [{ code: 'item-1', label: '住宅登记费', amountFen: 8000 }], payer: fee.payer, issuedAt: at, issuedBy: ctx.staffId },
    },
    head: last,
  };
}
