import { CITY_TOTAL, type Measures, type StatFact, type StatKind, type StatRow, type StatUse, MEASURE_KEYS, type MarketChange, addMeasures, zeroMeasures } from '#domain/city/statistics.ts';
import { type Queryable, type Tx } from '#office/platform/db/db.ts';
import { Sql, sql, sqlJoin, sqlLimit, sqlList } from '#office/platform/db/sql.ts';

/**
 * The statistics table (migration 0025): facts stored once per office and the monthly sums they add to, in
 * the same transaction; the checkpoints of whoever reads a source in order; and the market's change journal.
 */

/** A fact as an office serves it to the city: its own number in the office's order. */
export type NumberedFact = StatFact & { seq: number };

type FactRow = { seq: number; source: string; month: string; kind: string; use: string; measures: string };
type MonthRow = { office_code: string; month: string; kind: string; use: string } & Record<(typeof COLUMN)[keyof typeof COLUMN], number | string>;

/** Each measure's column. */
const COLUMN = {
  registrations: 'registrations', registeredUnits: 'registered_units', feeFen: 'fee_fen',
  newHomeCount: 'new_home_count', newHomeAreaDm2: 'new_home_area_dm2', newHomeFen: 'new_home_fen',
  secondHandCount: 'second_hand_count', secondHandAreaDm2: 'second_hand_area_dm2', secondHandFen: 'second_hand_fen',
  supplyUnits: 'supply_units', supplyAreaDm2: 'supply_area_dm2',
} as const satisfies Record<keyof Measures, string>;

// Fixed text from the column table above, never from input.
/** Facts per INSERT: 7 parameters each, well under SQLite's and PostgreSQL's limits. */
const CHUNK = 500;
const nonZero = (m: Partial<Measures>): Partial<Measures> => Object.fromEntries(MEASURE_KEYS.filter((k) => (m[k] ?? 0) !== 0).map((k) => [k, m[k]]));

const measureList = new Sql([MEASURE_KEYS.map((k) => COLUMN[k]).join(', ')], []);
const addList = new Sql([MEASURE_KEYS.map((k) => `${COLUMN[k]} = stat_months.${COLUMN[k]} + excluded.${COLUMN[k]}`).join(', ')], []);

/**
 * Stores the facts an office has not stored yet (its `source` names each) and adds each new one to the
 * monthly sums, the office's and, with `rollUp`, a total's too (the city's, CITY_TOTAL). Answers how many
 * were new. Runs inside the caller's transaction, with its checkpoint.
 */
export async function addFacts(tx: Tx, office: string, facts: readonly StatFact[], rollUp?: string): Promise<number> {
  if (facts.length === 0) return 0;
  // Facts are numbered under a lock held until commit, so a reader of an office's facts in `seq` order never
  // sees a lower number commit after a higher one it already read.
  await tx.lock('stat-facts-seq');
  let seq = Number((await tx.get<{ s: number | string | null }>(sql`SELECT max(seq) AS s FROM stat_facts`))?.s ?? 0);
  const bySource = new Map(facts.map((f) => [f.source, f]));
  const sums = new Map<string, { key: StatFact; measures: Measures }>();
  let added = 0;
  for (let i = 0; i < bySource.size; i += CHUNK) {
    const chunk = [...bySource.values()].slice(i, i + CHUNK);
    const rows = sqlJoin(chunk.map((f, k) => sql`(${seq + k + 1}, ${office}, ${f.source}, ${f.month}, ${f.kind}, ${f.use}, ${JSON.stringify(nonZero(f.measures))})`), ', ');
    // Only the facts not stored before come back, and only they are added to the sums.
    const fresh = await tx.all<{ source: string }>(sql`INSERT INTO stat_facts (seq, office_code, source, month, kind, use, measures) VALUES ${rows}
      ON CONFLICT (office_code, source) DO NOTHING RETURNING source`);
    seq += chunk.length;
    added += fresh.length;
    for (const { source } of fresh) {
      const f = bySource.get(source);
      if (!f) continue;
      const k = `${f.month}|${f.kind}|${f.use}`;
      const sum = sums.get(k) ?? { key: f, measures: zeroMeasures() };
      addMeasures(sum.measures, f.measures);
      sums.set(k, sum);
    }
  }
  for (const { key, measures } of sums.values()) {
    const values = sqlJoin(MEASURE_KEYS.map((m) => sql`${measures[m]}`), ', ');
    for (const into of rollUp === undefined ? [office] : [office, rollUp]) {
      await tx.run(sql`INSERT INTO stat_months (office_code, month, kind, use, ${measureList}) VALUES (${into}, ${key.month}, ${key.kind}, ${key.use}, ${values})
        ON CONFLICT (office_code, month, kind, use) DO UPDATE SET ${addList}`);
    }
  }
  return added;
}

export async function checkpointOf(q: Queryable, source: string): Promise<number> {
  const row = await q.get<{ checkpoint: number | string }>(sql`SELECT checkpoint FROM stat_checkpoints WHERE source = ${source}`);
  return Number(row?.checkpoint ?? 0);
}

export async function setCheckpoint(tx: Tx, source: string, checkpoint: number): Promise<void> {
  await tx.run(sql`INSERT INTO stat_checkpoints (source, checkpoint) VALUES (${source}, ${checkpoint}) ON CONFLICT (source) DO UPDATE SET checkpoint = excluded.checkpoint`);
}

/** An office's own facts after `after`, in its order (what a county serves the city). */
export async function factsAfter(q: Queryable, office: string, after: number, limit: number): Promise<NumberedFact[]> {
  const rows = await q.all<FactRow>(sql`SELECT seq, source, month, kind, use, measures FROM stat_facts WHERE office_code = ${office} AND seq > ${after} ORDER BY seq ${sqlLimit(limit)}`);
  return rows.map((r) => ({ seq: Number(r.seq), source: r.source, month: r.month, kind: r.kind as StatKind, use: r.use as StatUse, measures: JSON.parse(r.measures) as Partial<Measures> }));
}

/** An office's facts after `after` (on the index by office and seq: as many rows as are behind). */
export async function factsPending(q: Queryable, office: string, after: number): Promise<number> {
  const row = await q.get<{ n: number | string }>(sql`SELECT count(*) AS n FROM stat_facts WHERE office_code = ${office} AND seq > ${after}`);
  return Number(row?.n ?? 0);
}

export type StatQuery = { offices?: readonly string[]; fromMonth: string; toMonth: string };

/** The monthly rows of some offices (all when none are named) between two months, on the table's keys. */
export async function statRows(q: Queryable, query: StatQuery): Promise<StatRow[]> {
  const offices = query.offices ? sql`AND office_code IN ${sqlList([...query.offices])}` : sql``;
  const rows = await q.all<MonthRow>(sql`SELECT office_code, month, kind, use, ${measureList} FROM stat_months
    WHERE month >= ${query.fromMonth} AND month <= ${query.toMonth} ${offices} ORDER BY office_code, month, kind, use`);
  return rows.map((r) => {
    const out = { office: r.office_code, month: r.month, kind: r.kind as StatKind, use: r.use as StatUse } as StatRow;
    for (const k of MEASURE_KEYS) out[k] = Number(r[COLUMN[k]]);
    return out;
  });
}

/** The city's monthly statistics (its own and every county's, summed as they came), one row per month, kind and use. */
export const cityRows = (q: Queryable, fromMonth: string, toMonth: string): Promise<StatRow[]> => statRows(q, { offices: [CITY_TOTAL], fromMonth, toMonth });

type ChangeRow = { seq: number | string; kind: MarketChange['kind']; before_status: string | null; body: string };

/** The market's journalled changes after `after`, in commit order. */
export async function marketChangesAfter(q: Queryable, after: number, limit: number): Promise<MarketChange[]> {
  const rows = await q.all<ChangeRow>(sql`SELECT seq, kind, before_status, body FROM market_changes WHERE seq > ${after} ORDER BY seq ${sqlLimit(limit)}`);
  return rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, before: r.before_status, row: JSON.parse(r.body) as never }));
}
