import { type FeeScheduleDoc } from '#protocol/documents/office.ts';
import { type FeeTable } from '#domain/fees/fee-table.ts';
import { type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { feeTablesOf } from './domain-adapter.ts';
import { parsedReads } from './office-data.ts';

/**
 * The fee tables some cases' fee checks need (`feeTableNeeds`): the national tables, the office's schedule in
 * force on each date (the latest start on or before it; a fee schedule's `ref` is the day it takes effect,
 * migration 0031) and the schedules the charges name, each on an index, never every schedule the office has.
 */
export async function feeTablesFor(q: Queryable, needs: readonly { dates: readonly string[]; tableIds: readonly string[] }[]): Promise<FeeTable[]> {
  const dates = [...new Set(needs.flatMap((n) => n.dates))];
  const ids = [...new Set(needs.flatMap((n) => n.tableIds))];
  const starts = new Set<string>();
  for (const date of dates) {
    const row = await q.get<{ start: string | null }>(sql`SELECT max(ref) AS start FROM documents WHERE collection = 'feeSchedules' AND ref <= ${date}`);
    if (row?.start) starts.add(row.start);
  }
  const reads = parsedReads(q);
  const inForce: FeeScheduleDoc[] = [];
  for (const start of starts) inForce.push(...(await reads.byRef('feeSchedules', start)));
  const named = await reads.many('feeSchedules', ids);
  const unique = new Map([...inForce, ...named].map((s) => [s.id, s]));
  return feeTablesOf([...unique.values()]);
}

