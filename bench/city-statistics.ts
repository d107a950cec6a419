/**
 * `npm run bench -- city` (the statistics half): the city's monthly statistics over six counties of 200,000
 * registrations each, against one county's own over its 200,000, in one run. Both offices are built the way
 * they are kept: every registration a fact added through the same path the city's pull and a county's own
 * statistics use (one fact row, the monthly rows it adds to), so the table is what 1,200,000 registrations
 * leave, not a hand-made one. The query is a report's: the last twelve months, per month, kind and use, and
 * their totals.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { COUNTIES } from '#domain/city/counties.ts';
import { CITY_TOTAL, type StatFact, type StatKind, type StatUse, totalOf } from '#domain/city/statistics.ts';
import { type Db } from '#office/platform/db/db.ts';
import { addFacts, cityRows, statRows } from '#server/office/city/stat-store.ts';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { percentile, type BenchRow } from './report.ts';

const PER_COUNTY = 200_000;
const BATCH = 5_000;
const KINDS: readonly StatKind[] = ['first', 'transfer', 'change', 'cancel', 'correction', 'mortgage-first', 'mortgage-cancel', 'advance-notice'];
const USES: readonly StatUse[] = ['residential', 'non-residential', 'parking'];
/** Two years of months ending with the benchmark's fixed month (no clock: the same table every run). */
const MONTHS = Array.from({ length: 24 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
const [FROM, TO] = ['2026-01', '2026-12'];

function registration(county: number, i: number): StatFact {
  return {
    source: `event:dev-${county}-e${i}`,
    // Every month, kind and use in every county: 24 × 8 × 3 rows each.
    month: MONTHS[(i + county) % MONTHS.length] ?? '2026-01',
    kind: KINDS[Math.floor(i / MONTHS.length) % KINDS.length] ?? 'transfer',
    use: USES[Math.floor(i / (MONTHS.length * KINDS.length)) % USES.length] ?? 'residential',
    measures: { registrations: 1, registeredUnits: 1 + (i % 3), feeFen: i % 3 === 0 ? 55_000 : 8_000 },
  };
}

async function open(label: string, counties: readonly string[], rollUp: string | undefined): Promise<{ db: Db; buildMs: number; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `bench-city-stats-${label}-`));
  const storage = openSqliteStorage(dir);
  const t = performance.now();
  for (const [c, code] of counties.entries()) {
    for (let from = 0; from < PER_COUNTY; from += BATCH) {
      const facts = Array.from({ length: BATCH }, (_, k) => registration(c, from + k));
      await storage.db.transaction((tx) => addFacts(tx, code, facts, rollUp));
    }
  }
  return { db: storage.db, buildMs: performance.now() - t, close: async () => { await storage.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export async function benchCityStatistics(): Promise<BenchRow[]> {
  const county = COUNTIES[0]?.code ?? '230822';
  const one = await open('county', [county], undefined);
  const city = await open('city', COUNTIES.map((c) => c.code), CITY_TOTAL);
  const ask = { county: () => statRows(one.db, { offices: [county], fromMonth: FROM, toMonth: TO }), city: () => cityRows(city.db, FROM, TO) };
  const check = { county: totalOf(await ask.county()).registrations, city: totalOf(await ask.city()).registrations };
  // What the generator put into the twelve months asked for (about half of each county's).
  const inYear = (c: number) => Array.from({ length: PER_COUNTY }, (_, i) => registration(c, i).month >= FROM).filter(Boolean).length;
  const expected = { county: inYear(0), city: COUNTIES.reduce((n, _, c) => n + inYear(c), 0) };
  if (check.county !== expected.county || check.city !== expected.city) throw new Error(`statistics miscounted: ${JSON.stringify({ check, expected })}`);
  const times = { county: [] as number[], city: [] as number[] };
  // Interleaved, so both meet the same machine load.
  for (let round = 0; round < 300; round++) {
    for (const key of ['county', 'city'] as const) {
      const t = performance.now();
      totalOf(await ask[key]());
      times[key].push(performance.now() - t);
    }
  }
  const rate = (PER_COUNTY * COUNTIES.length) / (city.buildMs / 1000);
  await one.close();
  await city.close();
  const p50 = { county: percentile(times.county, 50), city: percentile(times.city, 50) };
  return [
    {
      measure: `city: monthly statistics of ${COUNTIES.length} counties × ${PER_COUNTY.toLocaleString('en')} registrations (12 months × kind × use), median of 300`,
      baseline: `one county's own over ${PER_COUNTY.toLocaleString('en')}: ${p50.county.toFixed(2)} ms`,
      ratio: p50.city / p50.county,
      target: '≤ 1.5',
      note: `${p50.city.toFixed(2)} ms; p95 ${percentile(times.city, 95).toFixed(2)} vs ${percentile(times.county, 95).toFixed(2)} ms; facts added at ${Math.round(rate).toLocaleString('en')}/s; load ${loadavg()[0]?.toFixed(1)}`,
    },
  ];
}
