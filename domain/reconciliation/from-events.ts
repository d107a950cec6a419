import { type CaseEvent } from '#domain/case/events.ts';
import { CHAIN_BREAK_TEXT, type ChainHead, verifyChain } from '#domain/case/hash-chain.ts';
import { projectCase } from '#domain/case/lifecycle.ts';
import { quoteCase } from '#domain/fees/case-quote.ts';
import { type FeeTable } from '#domain/fees/fee-table.ts';
import { BUILTIN_FEE_TABLES, feeRulesLabel, feeTableInForce, findFeeTable } from '#domain/fees/tables.ts';
import { type DeviceChain } from './chains.ts';
import { type RecomputedFee } from './money-checks.ts';

/** The reconciliation verdict on one device's chain, from its events as stored (every hash recomputed). */
export function deviceChainOf(deviceId: string, events: readonly CaseEvent[], head?: ChainHead): DeviceChain {
  const r = verifyChain(deviceId, events.filter((e) => e.deviceId === deviceId), head);
  if (r.ok) return { deviceId, state: 'ok', detail: null };
  const { kind, atSeq } = r.error;
  return { deviceId, state: kind === 'gap' || kind === 'truncated' ? 'gap' : 'broken', detail: `${CHAIN_BREAK_TEXT[kind]}（第 ${atSeq} 号）` };
}

/**
 * The fee of one case recomputed from the rules: the intake's kind, its units (each its own 件, with the unit's
 * use, or the intake's use for intakes that did not record one), certificates and claimed special case, under
 * the table the van named when it charged (`id@version`), or the table in force on `acceptedOn` (YYYY-MM-DD,
 * office calendar) when nothing was charged. Null when no fee is due: the case was never accepted (a one-time
 * 补正 notice is not an acceptance, 条例 第17条, so nothing is charged until the materials are supplied), and
 * null when the named rules are unknown (the receipt then cannot be checked, which the caller reports).
 */
export function recomputedFeeOf(caseId: string, events: readonly CaseEvent[], acceptedOn: string, tables: readonly FeeTable[] = BUILTIN_FEE_TABLES): RecomputedFee | null {
  const p = projectCase(caseId, events);
  if (!p.intake || p.acceptedAt === null) return null;
  const charged = events.find((e) => e.caseId === caseId && e.kind === 'fee-charged');
  const table = charged?.kind === 'fee-charged' ? findFeeTable(charged.payload.rules, tables) : feeTableInForce(acceptedOn, tables);
  if (!table) return null;
  const intake = p.intake;
  const units = intake.units.length > 0 ? intake.units.map((u) => ({ unitNumber: u.unitNumber, use: u.use ?? intake.use })) : [{ unitNumber: '', use: intake.use }];
  const q = quoteCase({
    kind: intake.businessKind,
    units,
    certificates: intake.certificates,
    ...(intake.feeCase ? { specialCase: intake.feeCase.key } : {}),
    rules: table,
  });
  return q.ok ? { caseId, rulesLabel: feeRulesLabel(table), expectedFen: q.value.totalFen } : null;
}

/** The rules a case was charged under when the office does not know them (then its amount cannot be checked). */
export function unknownFeeRulesOf(caseId: string, events: readonly CaseEvent[], tables: readonly FeeTable[] = BUILTIN_FEE_TABLES): string | null {
  const charged = events.find((e) => e.caseId === caseId && e.kind === 'fee-charged');
  if (charged?.kind !== 'fee-charged') return null;
  return findFeeTable(charged.payload.rules, tables) ? null : charged.payload.rules;
}
