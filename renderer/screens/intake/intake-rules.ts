/**
 * The business rules the intake screens use, all taken from domain/. The screens call only these
 * functions, so each rule lives once. Bodies marked TEMPORARY stand in until the named domain
 * module lands, and are replaced by a re-export then.
 */
import { BUSINESS_KINDS, BUSINESS_KIND_KEYS, type BusinessKind, PROPERTY_USE_TEXT, type PropertyUse, findBusinessKind } from '#domain/business/business-kinds.ts';
import { RESIDENT_ID_ERROR_TEXT, checkResidentId } from '#domain/identity/resident-id.ts';
import { fen, formatYuanWithSign, toChineseUppercase } from '#domain/money.ts';
import { type UnitDoc, type FeeScheduleDoc } from '#protocol/documents/office.ts';

export { BUSINESS_KINDS, BUSINESS_KIND_KEYS, PROPERTY_USE_TEXT, findBusinessKind, type BusinessKind, type PropertyUse };

export type UnitFlags = UnitDoc['flags'];

/** The live check of a typed ID number: null when valid, otherwise the domain's message. */
export function residentIdProblem(input: string): { ok: true; birthDate: string; sex: string } | { ok: false; message: string } {
  const r = checkResidentId(input);
  return r.ok ? { ok: true, birthDate: r.value.birthDate, sex: r.value.sex } : { ok: false, message: RESIDENT_ID_ERROR_TEXT[r.error] };
}

export type UnitCheck = { ok: true; needsMortgageeConsent: boolean } | { ok: false; message: string };

/**
 * TEMPORARY until domain's `canProceed(kind, unitStatus)` lands: domain.md §1.5 as the brief states it:
 * 查封 blocks transfer and mortgage; 预告 and 在办 block disposal; 抵押 needs the mortgagee's consent.
 */
export function checkUnitForKind(kind: BusinessKind, flags: UnitFlags): UnitCheck {
  const info = BUSINESS_KINDS[kind];
  if (flags.seized && (info.code === '200' || kind === 'mortgage-first')) return { ok: false, message: '该不动产已被查封，不能办理转移或抵押登记' };
  if (flags.advanceNotice && info.disposes) return { ok: false, message: '该不动产已办理预告登记，未经预告权利人同意不能处分' };
  if (flags.inProgress && info.disposes) return { ok: false, message: '该不动产有正在办理的登记业务，办结前不能处分' };
  return { ok: true, needsMortgageeConsent: flags.mortgaged && info.disposes && info.right !== 'mortgage' };
}

export type QuoteItem = { name: string; amountFen: number };
export type Quote = { rules: string; items: QuoteItem[]; totalFen: number };

export const FEE_CASES: { key: string; name: string }[] = [
  { key: 'none', name: '无减免' },
];

/**
 * TEMPORARY until domain/fees `quote` lands: the registration fee of the trip's fee table by use,
 * plus extra certificates; the right-holder side pays once per case.
 */
export function quoteFee(schedule: Omit<FeeScheduleDoc, '_deleted'>, input: { use: PropertyUse; certificates: number; feeCase: string | null }): Quote {
  const rule = (code: string) => schedule.rules.find((r) => r.code === code)?.amountFen ?? 0;
  if (input.feeCase && input.feeCase !== 'none') return { rules: schedule.version, items: [], totalFen: 0 };
  const items: QuoteItem[] = [
    { name: `登记费（${PROPERTY_USE_TEXT[input.use]}）`, amountFen: rule(input.use === 'residential' ? 'registration-residential' : 'registration-non-residential') },
  ];
  if (input.certificates > 1) items.push({ name: `证书工本费 × ${input.certificates - 1}`, amountFen: rule('certificate-extra') * (input.certificates - 1) });
  return { rules: schedule.version, items, totalFen: items.reduce((s, i) => s + i.amountFen, 0) };
}

export type MaterialSpec = { key: string; name: string; original: boolean; count: number };

/** TEMPORARY until domain/materials lands: the core list of domain.md §1.4. */
export function requiredMaterials(kind: BusinessKind): MaterialSpec[] {
  const base: MaterialSpec[] = [
    { key: 'application-form', name: '不动产登记申请书', original: true, count: 1 },
    { key: 'identity', name: '申请人身份证明', original: false, count: 1 },
  ];
  const info = BUSINESS_KINDS[kind];
  if (info.code === '200') return [...base, { key: 'ownership-certificate', name: '不动产权属证书', original: true, count: 1 }, { key: 'transfer-contract', name: '买卖合同或其他转移证明', original: true, count: 1 }, { key: 'tax-proof', name: '完税凭证', original: false, count: 1 }];
  if (info.right === 'mortgage') return [...base, { key: 'ownership-certificate', name: '不动产权属证书', original: true, count: 1 }, { key: 'mortgage-contract', name: '主债权合同和抵押合同', original: true, count: 1 }];
  return [...base, { key: 'ownership-certificate', name: '不动产权属证书', original: true, count: 1 }];
}

/** Money for display and in words, from domain/money.ts. Amounts on documents are integer fen. */
export const formatYuan = (amount: number): string => formatYuanWithSign(fen(amount));
export const yuanInWords = (amount: number): string => toChineseUppercase(fen(amount));
