import { strictAssert } from '#domain/assert.ts';
import { type FeeTable, feeTableRef, noticeNumber, parseFeeTable } from '#domain/fees/fee-table.ts';
import table2008 from '#domain/fees/tables/gb-2008-924.json' with { type: 'json' };
import table2016v1 from '#domain/fees/tables/gb-2016-2559-v1.json' with { type: 'json' };
import table2016 from '#domain/fees/tables/gb-2016-2559.json' with { type: 'json' };

function load(raw: unknown): FeeTable {
  const r = parseFeeTable(raw);
  strictAssert(r.ok, `bundled fee table is invalid: ${r.ok ? '' : r.error.path}`);
  return r.value;
}

/**
 * The national standards bundled with the app, oldest first. Checked once at load: a bad file is a bug.
 * 2559号 version 1 stays so receipts charged under it are recomputed with the rules they name; version 2
 * (the narrower scopes of its reductions) is the one in force.
 */
export const BUILTIN_FEE_TABLES: readonly FeeTable[] = [load(table2008), load(table2016v1), load(table2016)];

/** Short names accepted where a person picks the rules (`--rules 2016`). */
const ALIASES: Record<string, string> = { '2008': 'gb-2008-924', '924': 'gb-2008-924', '2016': 'gb-2016-2559', '2559': 'gb-2016-2559' };

/** Finds a table by `id@version`, id (newest version), or alias (2008, 2016, 924, 2559). */
export function findFeeTable(ref: string, tables: readonly FeeTable[] = BUILTIN_FEE_TABLES): FeeTable | undefined {
  const q = ref.trim();
  const exact = tables.find((t) => feeTableRef(t) === q);
  if (exact) return exact;
  const id = ALIASES[q] ?? q;
  return tables.filter((t) => t.id === id).sort((a, b) => b.version - a.version)[0];
}

/** The table in force on `date` (YYYY-MM-DD): the latest start on or before it, within its end date. */
export function feeTableInForce(date: string, tables: readonly FeeTable[] = BUILTIN_FEE_TABLES): FeeTable | undefined {
  return tables
    .filter((t) => t.effectiveFrom <= date && (t.effectiveTo === undefined || date <= t.effectiveTo))
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : b.version - a.version))[0];
}

/**
 * The rules a fee was worked out by, as staff read them in a case or a reconciliation: the notice and which of our
 * encodings of it (发改价格规〔2016〕2559号收费表第2版), or the office's own schedule by name, never the raw
 * `id@version` a receipt carries.
 */
export function feeRulesLabel(t: Pick<FeeTable, 'id' | 'version' | 'title' | 'shortTitle'>): string {
  return BUILTIN_FEE_TABLES.some((b) => b.id === t.id) ? `${noticeNumber(t)}收费表第${t.version}版` : `本地收费表 ${t.id}（以${t.shortTitle}为基础）`;
}
