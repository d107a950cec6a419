import { BUSINESS_KINDS, BUSINESS_KIND_KEYS, PROPERTY_USE_TEXT, type BusinessKind, type PropertyUse } from '#domain/business/business-kinds.ts';
import { type FeeTable, FEE_TREATMENT_TEXT } from '#domain/fees/fee-table.ts';
import { quote } from '#domain/fees/quote.ts';
import { BUILTIN_FEE_TABLES, feeTableInForce } from '#domain/fees/tables.ts';
import { DEFAULT_PROMISED_LIMITS, type PromisedLimits } from '#domain/calendar/promised-limits.ts';
import { type GuideFee, type GuideItem, type ServiceGuide } from './guide-types.ts';
import { GUIDE_TEXT } from './guide-text.ts';
import { materialsFor } from './guide-materials.ts';

const USES: readonly PropertyUse[] = ['residential', 'non-residential', 'parking'];

export type GuideError = { code: 'no-fee-rules-in-force'; date: string };

/**
 * The service guide (办事公开), generated from the same domain data the van charges with: business kinds and
 * their time limits, required materials, and the fee table in force on `date` run through the fee engine,
 * so the published fees can never disagree with the fees actually charged.
 */
export function serviceGuide(
  date: string,
  tables: readonly FeeTable[] = BUILTIN_FEE_TABLES,
  promisedLimits: PromisedLimits = DEFAULT_PROMISED_LIMITS,
): { ok: true; value: ServiceGuide } | { ok: false; error: GuideError } {
  const table = feeTableInForce(date, tables);
  if (!table) return { ok: false, error: { code: 'no-fee-rules-in-force', date } };
  return {
    ok: true,
    value: {
      title: GUIDE_TEXT.title,
      feeRuleVersion: table.title,
      // The table's public note only: its internal note (provenance, open questions) is never published.
      generalNotes: [...GUIDE_TEXT.generalNotes, ...(table.note ? [table.note] : [])],
      items: BUSINESS_KIND_KEYS.map((kind) => guideItem(kind, table, promisedLimits[kind])),
    },
  };
}

function guideItem(kind: BusinessKind, table: FeeTable, promisedDays: number): GuideItem {
  const info = BUSINESS_KINDS[kind];
  const fees: GuideFee[] = [];
  for (const use of USES) {
    const q = quote({ kind, use, rules: table });
    if (!q.ok) continue;
    for (const item of q.value.items) {
      if (fees.some((f) => f.label === item.name && f.amountFen === item.unitFen)) continue;
      fees.push({ label: item.name, amountFen: item.unitFen, basis: table.shortTitle, note: `${PROPERTY_USE_TEXT[use]}；${FEE_TREATMENT_TEXT[q.value.treatment]}` });
    }
  }
  const kindRule = table.kinds[kind];
  const issuesCertificate = table.certificateKinds.includes(kind);
  const feeRules = [
    `${FEE_TREATMENT_TEXT[kindRule.treatment]}：${kindRule.basis}（${table.shortTitle}）`,
    ...(issuesCertificate && table.certificateFen > 0 && kindRule.treatment !== 'free'
      ? [GUIDE_TEXT.extraCertificate(table.certificateItemName, table.certificateFen / 100)]
      : []),
    ...(!issuesCertificate && table.certificateKindsNote ? [table.certificateKindsNote] : []),
    ...(info.joint ? [GUIDE_TEXT.jointPayer] : []),
    ...table.specialCases
      .filter((c) => kindRule.treatment !== 'free' && (c.kinds === undefined || c.kinds.includes(kind)) && (c.treatment !== 'certificate-only' || issuesCertificate))
      .map((c) => `${c.name}：${FEE_TREATMENT_TEXT[c.treatment]}（${c.basis}）`),
  ];
  return {
    code: kind,
    name: info.name,
    registrationType: `${info.code} ${info.name2008 === info.name ? info.name : `${info.name}（原${info.name2008}）`}`,
    materials: materialsFor(kind),
    fees,
    feeRules,
    legalDays: info.legalDays,
    promisedDays: Math.min(promisedDays, info.legalDays),
    legalBasis: [...GUIDE_TEXT.legalBasis, table.title],
  };
}
