import { BUSINESS_KIND_KEYS, BUSINESS_KINDS, type BusinessKind, LEGAL_DAYS, isBusinessKind } from '#domain/business/business-kinds.ts';
import { assertNever } from '#domain/assert.ts';
import { type Result, err, ok } from '#domain/result.ts';

/**
 * 承诺时限: the working days the office promises per kind, shown beside the legal limit of
 * 《不动产登记暂行条例》第二十条 (30 working days). The office sets the table; a promise can be shorter than the
 * law, never longer. The defaults follow the national target of 5 working days for ordinary and mortgage
 * registrations (国务院办公厅《关于压缩不动产登记办理时间的通知》, 国办发〔2019〕8号), and one day for 查封 and
 * 异议, which offices register on the day they receive them.
 */
export type PromisedLimits = Readonly<Record<BusinessKind, number>>;

export const DEFAULT_PROMISED_LIMITS: PromisedLimits = Object.freeze(
  Object.fromEntries(BUSINESS_KIND_KEYS.map((k) => [k, k === 'seizure' || k === 'objection' ? 1 : 5])) as Record<BusinessKind, number>,
);

export type PromisedLimitError =
  | { code: 'not-a-table' }
  | { code: 'unknown-kind'; kind: string }
  | { code: 'days-invalid'; kind: BusinessKind; days: unknown };

export const promisedLimitErrorText = (e: PromisedLimitError): string => {
  switch (e.code) {
    case 'not-a-table':
      return '承诺时限表格式不正确';
    case 'unknown-kind':
      return `承诺时限表中有未知的登记类型“${e.kind}”`;
    case 'days-invalid':
      return `${BUSINESS_KINDS[e.kind].name}的承诺时限须为 1 到 ${LEGAL_DAYS} 之间的整数个工作日（不得超过法定时限）`;
    default:
      return assertNever(e, 'promised limit error');
  }
};

/**
 * Reads an office table (`{ kind: days }`). Kinds left out keep their default, so a table written before a
 * kind existed still works; a promise longer than the legal limit or not a whole number of days is refused.
 */
export function parsePromisedLimits(input: unknown): Result<PromisedLimits, PromisedLimitError> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return err({ code: 'not-a-table' });
  const out: Record<BusinessKind, number> = { ...DEFAULT_PROMISED_LIMITS };
  for (const [kind, days] of Object.entries(input as Record<string, unknown>)) {
    if (!isBusinessKind(kind)) return err({ code: 'unknown-kind', kind });
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > BUSINESS_KINDS[kind].legalDays) return err({ code: 'days-invalid', kind, days });
    out[kind] = days;
  }
  return ok(Object.freeze(out));
}
