import { CITY_CODE } from '#domain/city/counties.ts';
import { CITY_TOTAL, type StatRow } from '#domain/city/statistics.ts';
import { type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { statRows } from './stat-store.ts';

/**
 * The statistics rows an office publishes: a county's own; at the city, the city's whole figure (its own and every
 * county's, CITY_TOTAL) where it sums counties, else its own districts'. One look at the table's key tells which.
 */
export async function publishedRows(db: Queryable, countyCode: string | null, fromMonth: string, toMonth: string): Promise<{ figure: string; rows: StatRow[] }> {
  let figure = countyCode;
  if (figure === null) figure = (await db.get<{ x: number }>(sql`SELECT 1 AS x FROM stat_months WHERE office_code = ${CITY_TOTAL} LIMIT 1`)) ? CITY_TOTAL : CITY_CODE;
  return { figure, rows: await statRows(db, { offices: [figure], fromMonth, toMonth }) };
}
