import { BUSINESS_KINDS, type BusinessKind } from '#domain/business/business-kinds.ts';
import { chinaDate, chinaIso } from '#domain/calendar/china-time.ts';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { type Holder, type RegisterEntry } from '#domain/register/entries.ts';
import { projectRegister, type RegisterView } from '#domain/register/project.ts';
import { holdingCode, houseUseCode, idTypeCode, recTypeOf, rightTypeOf, structureCode } from './exchange-codes.ts';
import { type RightTable, rightTableOf } from './exchange-rights.ts';

/**
 * The 接入 message of one 登簿 on one unit, as the national 不动产登记数据接入规范 lays it out: a head (报文头) naming the
 * message, the office and the business, and the data tables of the 不动产登记数据库标准 the business changed. Built
 * from the 登簿 event, its case's intake and the unit's register alone, so the same 登簿 always gives the same
 * message; whether it is complete is the schema's to say before anything is sent (docs/province-exchange.md).
 */

/** 接入标准ID of the 2015 接入规范. */
export const ASID = 'AS100';

export type ExchangeHead = {
  /** 业务报文ID: 行政区划代码 (6) + 日期 yyMMdd (6) + the office's serial of the day (6). */
  BizMsgID: string;
  ASID: string;
  /** 行政区划代码 of the unit (GB/T 2260): the first six characters of its 不动产单元号. */
  AreaCode: string;
  RecType: string;
  RightType: string;
  /** 登记类型: 100 首次 … 900 其他. */
  RegType: string;
  /** When the 登簿 was made, China time with its offset. */
  CreateDate: string;
  /** 业务流水号: the case number, with `-n` for the n-th unit of a case of several units. */
  RecFlowID: string;
  RegOrgID: string;
  /** 宗地代码: the first 19 characters of the 不动产单元号 (GB/T 37346). */
  ParcelID: string;
  EstateNum: string;
  PreEstateNum: string;
  /** The certificate or 证明 this registration replaces or ends, when the register holds its number. */
  PreCertID: string;
  CertCount: number;
  ProofCount: number;
};

/** 权利人 (ZTT_GY_QLR). */
export type ExchangeHolder = { BDCDYH: string; QLRMC: string; ZJZL: string; ZJH: string; GYFS: string; QLBL: string; QLRLX: string };

/** 户 (KTT_FW_H): the house as the register describes it; null when the register holds no 自然状况 of the unit. */
export type ExchangeHouse = { BDCDYH: string; ZL: string; SZC: number; ZCS: number; JZMJ: number; GHYT: string; FWJG: string; JGSJ: string; QXDM: string };

export type ExchangeMessage = {
  Head: ExchangeHead;
  Data: { KTT_FW_H: ExchangeHouse | null; QLR: ExchangeHolder[]; right: RightTable | null };
};

export type RegistrationFacts = {
  event: { id: string; at: string };
  caseNumber: string;
  intake: AcceptedPayload;
  unitNumber: string;
  /** Every entry of the unit's chain (entries after this 登簿 are left out by the builder). */
  entries: readonly RegisterEntry[];
  /** 登簿人 as the message names them. */
  registrar: string;
};

export type ExchangeOffice = { regOrgId: string; regOrgName: string };

export const bizMsgId = (areaCode: string, day: string, serial: number): string =>
  `${areaCode}${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}${String(serial % 1_000_000).padStart(6, '0')}`;

/** Kinds whose 登簿 gives a 不动产权证书 (实施细则 第二十条), and kinds that give a 不动产登记证明 instead. */
const CERTIFYING = new Set<BusinessKind>(['first', 'transfer', 'change', 'correction']);
const PROVING = new Set<BusinessKind>(['mortgage-first', 'mortgage-transfer', 'mortgage-change', 'advance-notice']);

/** The register just before and just after this 登簿: entries after it (a later 登簿, a court act) do not count. */
export function registerAround(unitNumber: string, entries: readonly RegisterEntry[], eventId: string, day: string): { before: RegisterView; after: RegisterView; made: RegisterEntry[] } {
  const ordered = [...entries].sort((a, b) => a.seq - b.seq);
  const made = ordered.filter((e) => e.source.kind === 'case' && e.source.eventId === eventId);
  const first = made[0]?.seq ?? Number.POSITIVE_INFINITY;
  const last = made.at(-1)?.seq ?? Number.POSITIVE_INFINITY;
  return {
    before: projectRegister(unitNumber, ordered.filter((e) => e.seq < first), day),
    after: projectRegister(unitNumber, ordered.filter((e) => e.seq <= last), day),
    made,
  };
}

export function buildExchangeMessage(f: RegistrationFacts, office: ExchangeOffice, serial: number): ExchangeMessage {
  const kind = f.intake.businessKind;
  const day = chinaDate(f.event.at);
  const { before, after, made } = registerAround(f.unitNumber, f.entries, f.event.id, day);
  const units = f.intake.units.length;
  const index = f.intake.units.findIndex((u) => u.unitNumber === f.unitNumber) + 1;
  const recFlowId = units > 1 ? `${f.caseNumber}-${index}` : f.caseNumber;
  const preCert = before.ownership?.certificateNumber ?? '';
  const context = { unitNumber: f.unitNumber, recFlowId, registeredAt: chinaIso(new Date(f.event.at)), registrar: f.registrar, regOrgName: office.regOrgName, kind, reason: BUSINESS_KINDS[kind].name };
  return {
    Head: {
      BizMsgID: bizMsgId(f.unitNumber.slice(0, 6), day, serial),
      ASID,
      AreaCode: f.unitNumber.slice(0, 6),
      RecType: recTypeOf(kind),
      RightType: rightTypeOf(kind),
      RegType: BUSINESS_KINDS[kind].code,
      CreateDate: context.registeredAt,
      RecFlowID: recFlowId,
      RegOrgID: office.regOrgId,
      ParcelID: f.unitNumber.slice(0, 19),
      EstateNum: f.unitNumber,
      PreEstateNum: preCert === '' ? '' : f.unitNumber,
      PreCertID: kind === 'first' ? '' : preCert,
      CertCount: CERTIFYING.has(kind) && made.some((e) => e.kind === 'ownership-registered') ? (units === 1 ? Math.max(1, f.intake.certificates) : 1) : 0,
      ProofCount: PROVING.has(kind) ? 1 : 0,
    },
    Data: {
      KTT_FW_H: houseOf(after, f.unitNumber),
      QLR: holdersOf(made, f.unitNumber),
      right: rightTableOf(context, made, before, after),
    },
  };
}

function houseOf(v: RegisterView, unitNumber: string): ExchangeHouse | null {
  const n = v.natural;
  if (!n) return null;
  return {
    BDCDYH: unitNumber, ZL: n.address, SZC: n.floor, ZCS: n.totalFloors, JZMJ: n.areaM2, GHYT: houseUseCode(n.use),
    FWJG: structureCode(n.structure), JGSJ: n.completedYear === null ? '' : String(n.completedYear), QXDM: n.districtCode,
  };
}

/** The holders this 登簿 wrote: of the ownership or of the 预告 it registered. */
function holdersOf(made: readonly RegisterEntry[], unitNumber: string): ExchangeHolder[] {
  const holders: Holder[] = made.flatMap((e) => (e.kind === 'ownership-registered' || e.kind === 'advance-notice-registered' ? e.holders : []));
  return holders.map((h) => ({
    BDCDYH: unitNumber, QLRMC: h.name, ZJZL: idTypeCode(h.idType), ZJH: h.idNumber, GYFS: holdingCode(h.holding),
    QLBL: h.holding.kind === 'shares' ? h.holding.share : '', QLRLX: h.idType === 'business-license' ? '2' : '1',
  }));
}
