/**
 * The business rules the intake screens use, all from domain/: each rule lives once. This file
 * only adapts them to the screens (documents in, Chinese messages out).
 */
import { BUSINESS_KINDS, BUSINESS_KIND_KEYS, type BusinessKind, PROPERTY_USE_TEXT, type PropertyUse, findBusinessKind } from '#domain/business/business-kinds.ts';
import { caseDeadlines } from '#domain/calendar/deadlines.ts';
import { DEFAULT_PROMISED_LIMITS, type PromisedLimits, parsePromisedLimits } from '#domain/calendar/promised-limits.ts';
import { isProvisionalDate, lastOfficialYear } from '#domain/calendar/working-days.ts';
import { type ReceivedMaterial } from '#domain/case/events.ts';
import { type IntakeDecision, decideIntake } from '#domain/case/intake-decision.ts';
import { quoteCase } from '#domain/fees/case-quote.ts';
import { noticeNumber } from '#domain/fees/fee-table.ts';
import { findFeeTable } from '#domain/fees/tables.ts';
import { CREDIT_CODE_ERROR_TEXT, checkCreditCode } from '#domain/identity/credit-code.ts';
import { quoteErrorText } from '#domain/fees/fees-text.ts';
import { feeTableFromSchedule } from '#domain/fees/schedule.ts';
import { RESIDENT_ID_ERROR_TEXT, checkResidentId } from '#domain/identity/resident-id.ts';
import { type MaterialCircumstances, type MaterialSpec, requiredMaterials as domainRequiredMaterials } from '#domain/materials/required-materials.ts';
import { fen, formatYuanWithSign, toChineseUppercase } from '#domain/money.ts';
import { nextNumber } from '#domain/receipts/number-block.ts';
import { type UnitStatus, UNIT_REQUIREMENT_TEXT, UNIT_WARNING_TEXT, canProceed, unitBlockText } from '#domain/units/unit-status.ts';
import { type FeeScheduleDoc, type UnitDoc } from '#protocol/documents/office.ts';

export {
  BUSINESS_KINDS, BUSINESS_KIND_KEYS, PROPERTY_USE_TEXT, caseDeadlines, findBusinessKind, isProvisionalDate, lastOfficialYear, nextNumber,
  type BusinessKind, type IntakeDecision, type MaterialCircumstances, type MaterialSpec, type PropertyUse,
};

type Schedule = Omit<FeeScheduleDoc, '_deleted'>;
type Unit = Pick<UnitDoc, 'flags' | 'snapshotAt'> & Partial<Pick<UnitDoc, 'register'>>;
type CaseUnit = Pick<UnitDoc, 'unitNumber' | 'use' | 'flags' | 'snapshotAt'> & Partial<Pick<UnitDoc, 'register'>>;

/** The status the domain checks: the snapshot's flags and its time, and the contract filing its register summary carries. */
const statusOf = (unit: Unit): UnitStatus => ({ ...unit.flags, snapshotAt: unit.snapshotAt, contractFiling: unit.register?.contractFiling ?? null });

/** The live check of a typed ID number. */
export function residentIdProblem(input: string): { ok: true; birthDate: string; sex: string } | { ok: false; message: string } {
  const r = checkResidentId(input);
  return r.ok ? { ok: true, birthDate: r.value.birthDate, sex: r.value.sex } : { ok: false, message: RESIDENT_ID_ERROR_TEXT[r.error] };
}

export type UnitCheck = { ok: true; needsMortgageeConsent: boolean; notes: string[] } | { ok: false; message: string };

/**
 * domain `canProceed` for one unit: 查封 bars transfer and new burdens, 预告 and 在办 block disposal, a filed sales
 * contract bars a 抵押权首次登记, 抵押 needs consent. A block is no dead end: the applicant gets the written
 * 不予受理告知书 (decideDraft).
 */
export function checkUnitForKind(kind: BusinessKind, unit: Unit, now: Date, consents: { mortgagee?: boolean } = {}): UnitCheck {
  const status = statusOf(unit);
  const r = canProceed(kind, status, { now: now.toISOString(), consents });
  if (!r.ok) return { ok: false, message: r.error.map((b) => unitBlockText(b, kind, status)).join('；') };
  return {
    ok: true,
    needsMortgageeConsent: r.value.requirements.includes('mortgagee-consent'),
    notes: [...r.value.requirements.map((q) => UNIT_REQUIREMENT_TEXT[q]), ...r.value.warnings.map((w) => UNIT_WARNING_TEXT[w])],
  };
}

export type QuoteItem = { name: string; amountFen: number };
/** `rulesNumber` is the notice's own number (发改价格规〔2016〕2559号): the receipt prints it as the fee's basis. */
export type Quote = { rules: string; rulesNumber: string; items: QuoteItem[]; totalFen: number; notes: string[]; pieces: number };

/**
 * domain `quoteCase` with the rules of the office's fee schedule document: every unit of the case is its own 件
 * (2559号 三), each at its own use.
 */
export function quoteFee(
  schedule: Schedule,
  input: { kind: BusinessKind; units: readonly { unitNumber: string; use: PropertyUse }[]; certificates: number; feeCase: string | null },
): { ok: true; quote: Quote } | { ok: false; message: string } {
  const table = feeTableFromSchedule(schedule);
  if (!table.ok) return { ok: false, message: `收费标准 ${schedule.version} 无法使用（${table.error.code}）` };
  const r = quoteCase({ kind: input.kind, units: input.units, certificates: input.certificates, rules: table.value, ...(input.feeCase ? { specialCase: input.feeCase } : {}) });
  if (!r.ok) return { ok: false, message: r.error.code === 'no-units' ? '请先选择不动产单元' : quoteErrorText(r.error) };
  const v = r.value;
  return { ok: true, quote: { rules: v.rules, rulesNumber: v.rulesNumber, items: v.items.map((i) => ({ name: i.name, amountFen: i.amountFen })), totalFen: v.totalFen, notes: v.notes, pieces: v.pieces.length } };
}

/** The notice number of a stored receipt's rules (`gb-2016-2559@2` → 发改价格规〔2016〕2559号), for a reprint. */
export const rulesNumberOf = (rules: string | undefined): string => {
  const table = rules === undefined ? undefined : findFeeTable(rules);
  return table ? noticeNumber(table) : (rules ?? '');
};

/** The office's 承诺时限 table as the trip carries it; the default table when the trip has none or it is malformed. */
export function promisedLimitsOf(table: unknown): PromisedLimits {
  if (table === undefined || table === null) return DEFAULT_PROMISED_LIMITS;
  const r = parsePromisedLimits(table);
  return r.ok ? r.value : DEFAULT_PROMISED_LIMITS;
}

/**
 * The answer at the counter (domain `decideIntake`, 条例 第十七条) for the units chosen and the materials
 * received so far.
 */
export function decideDraft(kind: BusinessKind, units: readonly CaseUnit[], required: readonly MaterialSpec[], received: readonly ReceivedMaterial[], now: Date, consents: { mortgagee?: boolean; advanceNoticeHolder?: boolean } = {}): IntakeDecision {
  return decideIntake({
    kind,
    units: units.map((u) => ({ unitNumber: u.unitNumber, status: statusOf(u) })),
    required,
    received,
    unitCheck: { now: now.toISOString(), consents },
  });
}

/** The live check of a typed 统一社会信用代码 (GB 32100). */
export function creditCodeProblem(input: string): string | null {
  const r = checkCreditCode(input);
  return r.ok ? null : CREDIT_CODE_ERROR_TEXT[r.error];
}

/** The special cases (减半, 免收 …) of the schedule's table that apply to this kind. */
export function feeCasesFor(schedule: Schedule, kind: BusinessKind): { key: string; name: string }[] {
  const table = feeTableFromSchedule(schedule);
  if (!table.ok) return [];
  return table.value.specialCases.filter((c) => !c.kinds || c.kinds.includes(kind)).map((c) => ({ key: c.key, name: c.name }));
}

/** domain's 收件 list for the kind and circumstances. */
export const requiredMaterials = (kind: BusinessKind, circumstances: MaterialCircumstances = {}): MaterialSpec[] => domainRequiredMaterials(kind, circumstances);

/** Money for display and in words (domain/money.ts); amounts are integer fen. */
export const formatYuan = (amount: number): string => formatYuanWithSign(fen(amount));
export const yuanInWords = (amount: number): string => toChineseUppercase(fen(amount));
