import { assertNever } from '#domain/assert.ts';
import { BUSINESS_KINDS, PROPERTY_USE_TEXT, type BusinessKind, type PropertyUse } from '#domain/business/business-kinds.ts';
import { type Fen, ZERO_FEN, addFen, fen, halveFen, multiplyFen } from '#domain/money.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type FeeSpecialCase, type FeeTable, type FeeTreatment, feeTableRef, noticeNumber } from '#domain/fees/fee-table.ts';
import { BUILTIN_FEE_TABLES, feeTableInForce, findFeeTable } from '#domain/fees/tables.ts';

export type QuoteInput = {
  kind: BusinessKind;
  use: PropertyUse;
  /** Certificates issued (证书本数); defaults to 1 for kinds that issue a 权属证书, else 0. */
  certificates?: number;
  /** A special-case key of the table (减半, 免收, 不收, 只收工本费). */
  specialCase?: string;
  /** The rules to use; when absent, the table in force on `date`. */
  rules?: FeeTable;
  /** YYYY-MM-DD; picks the table when `rules` is absent. Comes in: domain never reads the clock. */
  date?: string;
  tables?: readonly FeeTable[];
};

export type QuoteItem = { name: string; amountFen: Fen; quantity: number; unitFen: Fen; basis: string };

export type FeeQuote = {
  /** `id@version` of the table, so the receipt can be recomputed years later. */
  rules: string;
  rulesTitle: string;
  /** The notice's own number (发改价格规〔2016〕2559号): what the receipt prints as its 收费依据. */
  rulesNumber: string;
  /** What was quoted, normalised (certificates filled in), so `recompute` needs nothing else. */
  input: { kind: BusinessKind; use: PropertyUse; certificates: number; specialCase: string | null };
  treatment: FeeTreatment;
  items: QuoteItem[];
  totalFen: Fen;
  /** 共同申请: only the side registered as right holder pays (924号, 2559号). */
  payer: 'holder' | 'applicant';
  /** Why the amount is what it is, in Chinese, for the notice and the receipt's 备注. */
  notes: string[];
};

export type QuoteError =
  | { code: 'no-rules-in-force'; date: string }
  | { code: 'date-or-rules-required' }
  | { code: 'certificates-invalid' }
  | { code: 'unknown-special-case'; key: string }
  | { code: 'special-case-not-applicable'; key: string; name: string; scope: string };

export const MAX_CERTIFICATES = 99;

function specialCaseFor(table: FeeTable, key: string): FeeSpecialCase | undefined {
  return table.specialCases.find((c) => c.key === key);
}

/**
 * A reduction applies only inside its scope, and the refusal says why: a kind the table does not charge for
 * (nothing to reduce), a kind or use it is not for, or 只收工本费 on a registration that issues a 登记证明,
 * which carries no 工本费 at all (2559号 一（三）).
 */
function specialCaseScopeError(table: FeeTable, special: FeeSpecialCase, kind: BusinessKind, use: PropertyUse, issuesCertificate: boolean): QuoteError | null {
  const refuse = (scope: string): QuoteError => ({ code: 'special-case-not-applicable', key: special.key, name: special.name, scope });
  const kindName = BUSINESS_KINDS[kind].name;
  if (table.kinds[kind].treatment === 'free') return refuse(`${kindName}不收取登记费，无可减免`);
  if (special.kinds && !special.kinds.includes(kind)) return refuse(special.scope ?? `只适用于${special.kinds.map((k) => BUSINESS_KINDS[k].name).join('、')}`);
  if (special.uses && !special.uses.includes(use)) return refuse(special.scope ?? `只适用于${special.uses.map((u) => PROPERTY_USE_TEXT[u]).join('、')}`);
  if (special.treatment === 'certificate-only' && !issuesCertificate) return refuse(special.scope ?? `${kindName}核发登记证明，不收工本费`);
  return null;
}

/**
 * The fee of one registration (按件收取: one case of one unit is one 件). Pure: the rules and the date come in.
 * Amounts follow the table's treatment for the kind, overridden by a special case when one is claimed.
 */
export function quote(input: QuoteInput): Result<FeeQuote, QuoteError> {
  const tables = input.tables ?? BUILTIN_FEE_TABLES;
  let table = input.rules;
  if (!table) {
    if (input.date === undefined) return err({ code: 'date-or-rules-required' });
    table = feeTableInForce(input.date, tables);
    if (!table) return err({ code: 'no-rules-in-force', date: input.date });
  }
  const issuesCertificate = table.certificateKinds.includes(input.kind);
  const certificates = input.certificates ?? (issuesCertificate ? 1 : 0);
  if (!Number.isInteger(certificates) || certificates < 0 || certificates > MAX_CERTIFICATES) return err({ code: 'certificates-invalid' });

  const kindRule = table.kinds[input.kind];
  let treatment: FeeTreatment = kindRule.treatment;
  let basis = `${table.shortTitle}：${kindRule.basis}`;
  const notes: string[] = [];
  let special: FeeSpecialCase | undefined;
  if (input.specialCase !== undefined) {
    special = specialCaseFor(table, input.specialCase);
    if (!special) return err({ code: 'unknown-special-case', key: input.specialCase });
    const outOfScope = specialCaseScopeError(table, special, input.kind, input.use, issuesCertificate);
    if (outOfScope) return err(outOfScope);
    treatment = special.treatment;
    basis = `${table.shortTitle}：${special.name}，${special.basis}`;
  }
  notes.push(basis);

  const regFull = fen(table.registrationFen[input.use]);
  const certFee = fen(table.certificateFen);
  const regName = table.registrationItemName[input.use];
  const items: QuoteItem[] = [];
  const registration = (amount: Fen, suffix: string) => {
    if (amount > 0) items.push({ name: suffix ? `${regName}（${suffix}）` : regName, amountFen: amount, quantity: 1, unitFen: amount, basis });
  };
  const certificateItems = (count: number) => {
    if (count > 0 && certFee > 0) items.push({ name: table.certificateItemName, amountFen: multiplyFen(certFee, count), quantity: count, unitFen: certFee, basis: `${table.shortTitle}：每本${certFee / 100}元` });
  };
  const extraBooks = issuesCertificate ? Math.max(0, certificates - 1) : 0;
  switch (treatment) {
    case 'charged':
      registration(regFull, '');
      certificateItems(extraBooks);
      break;
    case 'halved':
      registration(halveFen(regFull), '减半');
      certificateItems(extraBooks);
      break;
    case 'free':
      break;
    case 'exempt':
      certificateItems(extraBooks);
      break;
    case 'certificate-only':
      certificateItems(Math.max(1, certificates));
      break;
    default:
      return assertNever(treatment, 'fee treatment');
  }
  if (!issuesCertificate && certificates > 0 && treatment !== 'certificate-only') notes.push(`${table.shortTitle}：${table.certificateKindsNote ?? '登记证明不收工本费'}`);
  const joint = BUSINESS_KINDS[input.kind].joint;
  if (joint) notes.push('共同申请的，只向登记为权利人的一方收取');
  return ok({
    rules: feeTableRef(table),
    rulesTitle: table.title,
    rulesNumber: noticeNumber(table),
    input: { kind: input.kind, use: input.use, certificates, specialCase: special?.key ?? null },
    treatment,
    items,
    totalFen: items.length === 0 ? ZERO_FEN : addFen(...items.map((i) => i.amountFen)),
    payer: joint ? 'holder' : 'applicant',
    notes,
  });
}


export type RecomputeError = { code: 'unknown-rules'; rules: string } | { code: 'quote-error'; error: QuoteError } | { code: 'mismatch'; expectedFen: Fen; quotedFen: number };

/**
 * Recomputes a stored quote (or a receipt's) with the exact table it names. Reconciliation calls this years
 * later: a receipt whose items or total differ from the rules is reported, never silently corrected.
 */
export function recompute(
  stored: { rules: string; input: FeeQuote['input']; items: readonly { name: string; amountFen: number }[]; totalFen: number },
  tables: readonly FeeTable[] = BUILTIN_FEE_TABLES,
): Result<FeeQuote, RecomputeError> {
  const table = tables.find((t) => feeTableRef(t) === stored.rules) ?? (stored.rules.includes('@') ? undefined : findFeeTable(stored.rules, tables));
  if (!table) return err({ code: 'unknown-rules', rules: stored.rules });
  const again = quote({ ...stored.input, specialCase: stored.input.specialCase ?? undefined, rules: table });
  if (!again.ok) return err({ code: 'quote-error', error: again.error });
  const sameItems =
    again.value.items.length === stored.items.length &&
    again.value.items.every((item, i) => item.name === stored.items[i]?.name && item.amountFen === stored.items[i]?.amountFen);
  if (!sameItems || again.value.totalFen !== stored.totalFen) return err({ code: 'mismatch', expectedFen: again.value.totalFen, quotedFen: stored.totalFen });
  return ok(again.value);
}
