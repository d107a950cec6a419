import { type IdDocumentType } from '#domain/case/events.ts';
import { isIsoDate } from '#domain/register/periods.ts';
import { checkResidentId } from '#domain/identity/resident-id.ts';
import { type AreaDm2 } from '#domain/map/region-summary.ts';
import { type BuildingUnit, type PermitKind } from './building-table.ts';

/**
 * A sale contract as the developer drafts it online from the national model text (商品房买卖合同示范文本,
 * 住房和城乡建设部、国家工商行政管理总局 2014: GF-2014-0171 预售, GF-2014-0172 现售). Only what the office
 * files and checks is data here; the model text's other articles are printed around it (contract-text.ts).
 * The price terms follow its 第六条 (计价方式与价款) and 第七条 (付款方式及期限).
 */

/** The model text a contract is drafted from: presale under a 预售许可, sale of a finished home under a completion filing. */
export type ContractTemplate = 'GF-2014-0171' | 'GF-2014-0172';

export const templateFor = (kind: PermitKind): ContractTemplate => (kind === 'presale' ? 'GF-2014-0171' : 'GF-2014-0172');

export type Buyer = {
  name: string;
  idType: IdDocumentType;
  idNumber: string;
  /** 按份共有 share as a fraction ("1/2"); null for a sole buyer or 共同共有. */
  share: string | null;
  phone: string;
  /** Read on an ID card reader (and where), rather than typed: the office can tell the two apart later. */
  readOn: { stationId: string; at: string } | null;
};

/** 第六条: by 套内建筑面积, by 建筑面积, or per set (按套). */
export type PricingBasis = 'building-area' | 'inner-area' | 'per-set';

export type Pricing = {
  basis: PricingBasis;
  /** Price per m² in fen (of the area the basis names); null when priced per set. */
  fenPerM2: number | null;
  totalFen: number;
};

/** 第七条（二）: 一次性付款, 分期付款, 贷款方式付款, 其他方式. */
export type Payment =
  | { method: 'lump-sum'; dueOn: string }
  | { method: 'instalments'; instalments: readonly { dueOn: string; fen: number }[] }
  | { method: 'loan'; downPaymentFen: number; downPaymentDueOn: string; loanFen: number; loanKind: 'commercial' | 'provident-fund' | 'combined'; lender: string }
  | { method: 'other'; text: string };

export type PaymentMethod = Payment['method'];
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['lump-sum', 'instalments', 'loan', 'other'];

export type ContractTerms = {
  template: ContractTemplate;
  unitNumber: string;
  /** 预测 (or 实测) building area the price refers to, as the building table holds it. */
  areaDm2: AreaDm2;
  /** 套内建筑面积 when the price is by inner area; null otherwise. */
  innerAreaDm2: AreaDm2 | null;
  pricing: Pricing;
  payment: Payment;
  /** 第十一条: the day the developer hands the home over. */
  deliveryOn: string;
  signedOn: string;
};

export type ContractDraft = ContractTerms & { buyers: readonly Buyer[] };

export type DraftProblem =
  | { code: 'no-buyers' }
  | { code: 'too-many-buyers' }
  | { code: 'buyer-name'; index: number }
  | { code: 'buyer-id'; index: number; detail: string }
  | { code: 'buyer-twice'; index: number }
  | { code: 'buyer-phone'; index: number }
  | { code: 'shares'; detail: 'mixed' | 'format' | 'sum' }
  | { code: 'template'; expected: ContractTemplate }
  | { code: 'area'; expectedDm2: AreaDm2 }
  | { code: 'inner-area' }
  | { code: 'price-missing' }
  | { code: 'total'; expectedFen: number }
  | { code: 'payment-sum'; expectedFen: number; gotFen: number }
  | { code: 'payment-date'; field: string }
  | { code: 'lender' }
  | { code: 'delivery-before-signing' }
  | { code: 'date-missing'; field: 'signedOn' | 'deliveryOn' }
  | { code: 'signed-in-future' }
  | { code: 'signed-too-long-ago'; days: number };

export const MAX_BUYERS = 10;
const MAX_FEN = 10_000_000_000_000;

/**
 * 《城市商品房预售管理办法》第十条 and 《城市房地产开发经营管理条例》第二十六条: the contract is filed within 30
 * days of signing. An older signing date is refused: such a contract must be explained at the office.
 */
export const FILE_WITHIN_DAYS = 30;

const isFen = (n: number): boolean => Number.isSafeInteger(n) && n > 0 && n <= MAX_FEN;
const SHARE = /^(\d{1,3})\/(\d{1,3})$/;

function shareProblems(buyers: readonly Buyer[]): DraftProblem[] {
  const withShare = buyers.filter((b) => b.share !== null);
  if (withShare.length === 0) return [];
  if (buyers.length === 1 || withShare.length !== buyers.length) return [{ code: 'shares', detail: 'mixed' }];
  const parts = withShare.map((b) => SHARE.exec(b.share ?? ''));
  if (parts.some((m) => !m || Number(m[1]) === 0 || Number(m[2]) === 0)) return [{ code: 'shares', detail: 'format' }];
  // The shares' sum as an exact fraction, reduced after each term so it stays a small integer pair.
  let num = 0;
  let den = 1;
  for (const m of parts) {
    const [n, d] = [Number(m?.[1]), Number(m?.[2])];
    num = num * d + n * den;
    den = den * d;
    const g = gcd(num, den);
    num /= g;
    den /= g;
  }
  return num === den ? [] : [{ code: 'shares', detail: 'sum' }];
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function buyerProblems(buyers: readonly Buyer[], today: string): DraftProblem[] {
  if (buyers.length === 0) return [{ code: 'no-buyers' }];
  if (buyers.length > MAX_BUYERS) return [{ code: 'too-many-buyers' }];
  const out: DraftProblem[] = [];
  buyers.forEach((b, index) => {
    if (b.name.trim() === '') out.push({ code: 'buyer-name', index });
    if (b.idType === 'resident-id') {
      const r = checkResidentId(b.idNumber, today);
      if (!r.ok) out.push({ code: 'buyer-id', index, detail: r.error });
    } else if (b.idNumber.trim().length < 5) out.push({ code: 'buyer-id', index, detail: 'length' });
    if (buyers.findIndex((o) => o.idType === b.idType && o.idNumber.trim().toUpperCase() === b.idNumber.trim().toUpperCase()) < index) out.push({ code: 'buyer-twice', index });
    if (!/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(b.phone.trim())) out.push({ code: 'buyer-phone', index });
  });
  return [...out, ...shareProblems(buyers)];
}

/** The total the price per m² gives for the area the basis names, rounded to the fen (half up). */
export function totalFor(pricing: Pick<Pricing, 'basis' | 'fenPerM2'>, areaDm2: AreaDm2, innerAreaDm2: AreaDm2 | null): number | null {
  if (pricing.basis === 'per-set' || pricing.fenPerM2 === null) return null;
  const area = pricing.basis === 'inner-area' ? innerAreaDm2 : areaDm2;
  if (area === null) return null;
  return Math.floor((pricing.fenPerM2 * area + 50) / 100);
}

function priceProblems(t: ContractTerms): DraftProblem[] {
  const out: DraftProblem[] = [];
  if (t.pricing.basis === 'inner-area' && (t.innerAreaDm2 === null || t.innerAreaDm2 <= 0 || t.innerAreaDm2 > t.areaDm2)) out.push({ code: 'inner-area' });
  if (!isFen(t.pricing.totalFen) || (t.pricing.basis !== 'per-set' && (t.pricing.fenPerM2 === null || !isFen(t.pricing.fenPerM2)))) return [...out, { code: 'price-missing' }];
  const expected = totalFor(t.pricing, t.areaDm2, t.innerAreaDm2);
  if (expected !== null && expected !== t.pricing.totalFen) out.push({ code: 'total', expectedFen: expected });
  return out;
}

function paymentProblems(t: ContractTerms): DraftProblem[] {
  const p = t.payment;
  const total = t.pricing.totalFen;
  const dated = (field: string, day: string): DraftProblem[] => (isIsoDate(day) && day >= t.signedOn ? [] : [{ code: 'payment-date', field }]);
  switch (p.method) {
    case 'lump-sum':
      return dated('dueOn', p.dueOn);
    case 'instalments': {
      const sum = p.instalments.reduce((s, i) => s + i.fen, 0);
      const dates = p.instalments.flatMap((i, n) => dated(`instalments.${n}`, i.dueOn));
      const bad = p.instalments.length < 2 || p.instalments.some((i) => !isFen(i.fen));
      return [...dates, ...(bad || sum !== total ? [{ code: 'payment-sum' as const, expectedFen: total, gotFen: sum }] : [])];
    }
    case 'loan': {
      const sum = p.downPaymentFen + p.loanFen;
      const out = dated('downPaymentDueOn', p.downPaymentDueOn);
      if (!isFen(p.downPaymentFen) || !isFen(p.loanFen) || sum !== total) out.push({ code: 'payment-sum', expectedFen: total, gotFen: sum });
      if (p.lender.trim() === '') out.push({ code: 'lender' });
      return out;
    }
    case 'other':
      return p.text.trim().length < 4 ? [{ code: 'payment-date', field: 'text' }] : [];
  }
}

const dayDiff = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * Every problem of a draft against the unit it sells and the permit that allows the sale, so the page can
 * show them all at once. An empty list means the draft may be filed (the office still checks the unit's
 * register and that no other filing stands).
 */
export function checkDraft(d: ContractDraft, unit: BuildingUnit, permitKind: PermitKind, today: string): DraftProblem[] {
  const out: DraftProblem[] = [...buyerProblems(d.buyers, today)];
  const template = templateFor(permitKind);
  if (d.template !== template) out.push({ code: 'template', expected: template });
  if (d.areaDm2 !== unit.areaDm2) out.push({ code: 'area', expectedDm2: unit.areaDm2 });
  out.push(...priceProblems(d), ...paymentProblems(d));
  // A day the calendar does not have (empty, 2026-02-30) would pass every comparison below as text.
  const signed = isIsoDate(d.signedOn);
  const delivered = isIsoDate(d.deliveryOn);
  if (!signed) out.push({ code: 'date-missing', field: 'signedOn' });
  else if (d.signedOn > today) out.push({ code: 'signed-in-future' });
  else if (dayDiff(d.signedOn, today) > FILE_WITHIN_DAYS) out.push({ code: 'signed-too-long-ago', days: dayDiff(d.signedOn, today) });
  if (!delivered) out.push({ code: 'date-missing', field: 'deliveryOn' });
  else if (signed && d.deliveryOn < d.signedOn) out.push({ code: 'delivery-before-signing' });
  return out;
}

/** The price per m² of building area a contract comes to, in fen (for averages): per-set prices are divided out. */
export const fenPerM2Of = (t: Pick<ContractTerms, 'pricing' | 'areaDm2'>): number => (t.areaDm2 > 0 ? Math.round((t.pricing.totalFen * 100) / t.areaDm2) : 0);

/** A buyer's ID number as compared: trimmed, upper case (a lowercase x on a typed number). */
export const normalizeIdNumber = (idNumber: string): string => idNumber.trim().toUpperCase();

/**
 * The contract number (网签合同编号) the office gives a draft: YS for a presale contract, XS for the sale of a
 * finished home, the year, and the office's sequence of that year in seven digits.
 */
export const contractNumberOf = (template: ContractTemplate, year: number, seq: number): string =>
  `${template === 'GF-2014-0171' ? 'YS' : 'XS'}${year}${String(seq).padStart(7, '0')}`;

export const CONTRACT_NUMBER_PATTERN = /^(YS|XS)\d{11}$/;
