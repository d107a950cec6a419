/**
 * The business rules the intake screens use, all from domain/: each rule lives once. This file
 * only adapts them to the screens (documents in, Chinese messages out).
 */
import { BUSINESS_KINDS, BUSINESS_KIND_KEYS, type BusinessKind, PROPERTY_USE_TEXT, type PropertyUse, findBusinessKind } from '#domain/business/business-kinds.ts';
import { caseDeadlines } from '#domain/calendar/deadlines.ts';
import { quote } from '#domain/fees/quote.ts';
import { quoteErrorText } from '#domain/fees/fees-text.ts';
import { feeTableFromSchedule } from '#domain/fees/schedule.ts';
import { RESIDENT_ID_ERROR_TEXT, checkResidentId } from '#domain/identity/resident-id.ts';
import { type MaterialSpec, requiredMaterials as domainRequiredMaterials } from '#domain/materials/required-materials.ts';
import { fen, formatYuanWithSign, toChineseUppercase } from '#domain/money.ts';
import { nextNumber } from '#domain/receipts/number-block.ts';
import { UNIT_BLOCK_TEXT, UNIT_REQUIREMENT_TEXT, UNIT_WARNING_TEXT, canProceed } from '#domain/units/unit-status.ts';
import { type FeeScheduleDoc, type UnitDoc } from '#protocol/documents/office.ts';

export { BUSINESS_KINDS, BUSINESS_KIND_KEYS, PROPERTY_USE_TEXT, caseDeadlines, findBusinessKind, nextNumber, type BusinessKind, type MaterialSpec, type PropertyUse };

type Schedule = Omit<FeeScheduleDoc, '_deleted'>;
type Unit = Pick<UnitDoc, 'flags' | 'snapshotAt'>;

/** The live check of a typed ID number. */
export function residentIdProblem(input: string): { ok: true; birthDate: string; sex: string } | { ok: false; message: string } {
  const r = checkResidentId(input);
  return r.ok ? { ok: true, birthDate: r.value.birthDate, sex: r.value.sex } : { ok: false, message: RESIDENT_ID_ERROR_TEXT[r.error] };
}

export type UnitCheck = { ok: true; needsMortgageeConsent: boolean; notes: string[] } | { ok: false; message: string };

/** domain `canProceed`: 查封 blocks transfer and mortgage, 预告 and 在办 block disposal, 抵押 needs consent. */
export function checkUnitForKind(kind: BusinessKind, unit: Unit, now: Date, consents: { mortgagee?: boolean } = {}): UnitCheck {
  const r = canProceed(kind, { ...unit.flags, snapshotAt: unit.snapshotAt }, { now: now.toISOString(), consents });
  if (!r.ok) return { ok: false, message: r.error.map((b) => UNIT_BLOCK_TEXT[b]).join('；') };
  return {
    ok: true,
    needsMortgageeConsent: r.value.requirements.includes('mortgagee-consent'),
    notes: [...r.value.requirements.map((q) => UNIT_REQUIREMENT_TEXT[q]), ...r.value.warnings.map((w) => UNIT_WARNING_TEXT[w])],
  };
}

export type QuoteItem = { name: string; amountFen: number };
export type Quote = { rules: string; items: QuoteItem[]; totalFen: number; notes: string[] };

/** domain `quote` with the rules of the office's fee schedule document. */
export function quoteFee(schedule: Schedule, input: { kind: BusinessKind; use: PropertyUse; certificates: number; feeCase: string | null }): { ok: true; quote: Quote } | { ok: false; message: string } {
  const table = feeTableFromSchedule(schedule);
  if (!table.ok) return { ok: false, message: `收费标准 ${schedule.version} 无法使用（${table.error.code}）` };
  const r = quote({ kind: input.kind, use: input.use, certificates: input.certificates, rules: table.value, ...(input.feeCase ? { specialCase: input.feeCase } : {}) });
  if (!r.ok) return { ok: false, message: quoteErrorText(r.error) };
  return { ok: true, quote: { rules: r.value.rules, items: r.value.items.map((i) => ({ name: i.name, amountFen: i.amountFen })), totalFen: r.value.totalFen, notes: r.value.notes } };
}

/** The special cases (减半, 免收 …) of the schedule's table that apply to this kind. */
export function feeCasesFor(schedule: Schedule, kind: BusinessKind): { key: string; name: string }[] {
  const table = feeTableFromSchedule(schedule);
  if (!table.ok) return [];
  return table.value.specialCases.filter((c) => !c.kinds || c.kinds.includes(kind)).map((c) => ({ key: c.key, name: c.name }));
}

/** domain's 收件 list for the kind and circumstances. */
export const requiredMaterials = (kind: BusinessKind, circumstances: { mortgaged?: boolean; applicants?: number } = {}): MaterialSpec[] =>
  domainRequiredMaterials(kind, circumstances);

/** Money for display and in words (domain/money.ts); amounts are integer fen. */
export const formatYuan = (amount: number): string => formatYuanWithSign(fen(amount));
export const yuanInWords = (amount: number): string => toChineseUppercase(fen(amount));
