import { type Result, err, ok } from '#domain/result.ts';
import { type FeeTable, parseFeeTable } from '#domain/fees/fee-table.ts';
import { BUILTIN_FEE_TABLES, feeTableInForce } from '#domain/fees/tables.ts';

/** The flat amounts a `feeSchedules` document carries (sync/protocol/documents/office.ts), by code. */
export type ScheduleRule = { code: string; amountFen: number };

const CODES = {
  'registration-residential': (t: FeeTable) => t.registrationFen.residential,
  'registration-non-residential': (t: FeeTable) => t.registrationFen['non-residential'],
  'registration-parking': (t: FeeTable) => t.registrationFen.parking,
  'certificate-extra': (t: FeeTable) => t.certificateFen,
} as const;

export type ScheduleError =
  | { code: 'no-base-table'; effectiveFrom: string }
  | { code: 'unknown-rule-code'; ruleCode: string }
  | { code: 'invalid-fee-table'; path: string };

/**
 * The fee table an office `feeSchedules` document stands for. A schedule names the national standard in force on
 * its `effectiveFrom` and may override its amounts by code; when it changes nothing, the national table itself is
 * returned (so quotes carry `gb-2016-2559@1`), otherwise a table named after the schedule, checked like any other.
 */
export function feeTableFromSchedule(
  schedule: { id: string; effectiveFrom: string; rules: readonly ScheduleRule[] },
  tables: readonly FeeTable[] = BUILTIN_FEE_TABLES,
): Result<FeeTable, ScheduleError> {
  const base = feeTableInForce(schedule.effectiveFrom, tables);
  if (!base) return err({ code: 'no-base-table', effectiveFrom: schedule.effectiveFrom });
  const amounts = { ...base.registrationFen };
  let certificateFen = base.certificateFen;
  let changed = false;
  for (const rule of schedule.rules) {
    if (!Object.hasOwn(CODES, rule.code)) return err({ code: 'unknown-rule-code', ruleCode: rule.code });
    const current = CODES[rule.code as keyof typeof CODES](base);
    if (current === rule.amountFen) continue;
    changed = true;
    if (rule.code === 'certificate-extra') certificateFen = rule.amountFen;
    else if (rule.code === 'registration-residential') amounts.residential = rule.amountFen;
    else if (rule.code === 'registration-non-residential') amounts['non-residential'] = rule.amountFen;
    else amounts.parking = rule.amountFen;
  }
  if (!changed) return ok(base);
  const derived = parseFeeTable({
    ...base,
    id: schedule.id.toLowerCase().replace(/[^a-z0-9-]/g, '-'),
    version: 1,
    effectiveFrom: schedule.effectiveFrom,
    registrationFen: amounts,
    certificateFen,
    note: `${base.note ?? ''}（本地收费表 ${schedule.id}，在 ${base.shortTitle} 基础上调整金额）`,
  });
  return derived.ok ? ok(derived.value) : err(derived.error);
}

/** The office fee schedule in force on `date` (YYYY-MM-DD): the newest whose `effectiveFrom` is not after it. */
export function scheduleInForce<S extends { effectiveFrom: string }>(schedules: readonly S[], date: string): S | undefined {
  return schedules.filter((s) => s.effectiveFrom <= date).reduce<S | undefined>((best, s) => (!best || s.effectiveFrom > best.effectiveFrom ? s : best), undefined);
}
