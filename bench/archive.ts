/**
 * `npm run bench -- archive`: reading one unit's register (its entries from the store, the projection as of a day,
 * the hash chain checked, as the register page does) for a unit with 200 history entries, in an office of 100,000
 * units against an office of 100, in one run and interleaved, so both meet the same machine load; and the viewer's
 * first page of a 300-page scanned file against the same file in Chromium's own PDF viewer and against a 1-page file
 * (`archive-viewer.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyUnitChain } from '#domain/register/chain.ts';
import { type NaturalStatus, type RegisterEntryBody } from '#domain/register/entries.ts';
import { projectRegister } from '#domain/register/project.ts';
import { ok } from '#domain/result.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { type UnitAppend } from '#server/office/archive/register-store.ts';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { percentile, type BenchRow } from './report.ts';
import { benchViewerFirstPage } from './archive-viewer.ts';

const DAY = '2026-11-30';
const HISTORY = 200;
const unitNumber = (i: number) => `230803003012GB${String(Math.floor(i / 100)).padStart(5, '0')}F0001${String(i % 100).padStart(4, '0')}`;
const natural = (i: number): NaturalStatus => ({
  address: `佳木斯市向阳区测试路${Math.floor(i / 100)}号${i % 100}室`, districtCode: '230803', buildingName: '1栋', floor: 1 + (i % 7), totalFloors: 7,
  room: String(i % 100), areaM2: 80, structure: 'mixed', use: 'residential', completedYear: 2000,
});
const append = (id: string, bodies: RegisterEntryBody[]): UnitAppend => ({
  entries: bodies.map((body, k) => ({ id: `${id}:${k}`, body })), source: { kind: 'office', reason: 'bench' }, recordedBy: 'bench', recordedAt: '2020-01-01T00:00:00.000Z', outbox: [],
});

async function openOffice(units: number) {
  const dir = mkdtempSync(join(tmpdir(), `bench-archive-${units}-`));
  const storage = openSqliteStorage(dir);
  const store = dbRegisterStore(storage.db);
  const holder = { name: '张三', idType: 'resident-id' as const, idNumber: '230803195003151233', holding: { kind: 'sole' as const } };
  for (let from = 0; from < units; from += 2000) {
    const batch = [];
    for (let i = from; i < Math.min(units, from + 2000); i++) {
      batch.push({ unitNumber: unitNumber(i), append: append(`u${i}`, [{ kind: 'unit-established', natural: natural(i) }, { kind: 'ownership-registered', cause: 'first', holders: [holder], certificateNumber: `C${i}` }]) });
    }
    await store.appendNewUnits(batch);
  }
  // The unit read: 2 entries so far, then mortgages registered and cancelled up to 200 entries.
  const target = unitNumber(Math.floor(units / 2));
  for (let k = 2; k < HISTORY; k += 2) {
    await store.append(target, () => ok(append(`m${k}`, [
      { kind: 'mortgage-registered', mortgageId: `m${k}`, mortgagee: '银行', debtor: '张三', amountFen: 100_000_00, maximum: false, termFrom: null, termTo: null, certificateNumber: null },
      { kind: 'mortgage-cancelled', mortgageId: `m${k}`, reason: '清偿' },
    ])));
  }
  const read = async () => {
    const entries = await store.entriesOf(target);
    const view = projectRegister(target, entries, DAY);
    if (view.history.length !== HISTORY || !verifyUnitChain(target, entries).ok) throw new Error('register read wrong');
  };
  return { read, close: async () => { await storage.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export async function benchArchive(): Promise<BenchRow[]> {
  const small = await openOffice(100);
  const big = await openOffice(100_000);
  const times = { small: [] as number[], big: [] as number[] };
  for (let round = 0; round < 400; round++) {
    for (const [key, office] of [['small', small], ['big', big]] as const) {
      const t = performance.now();
      await office.read();
      times[key].push(performance.now() - t);
    }
  }
  await small.close();
  await big.close();
  const p95 = { small: percentile(times.small, 95), big: percentile(times.big, 95) };
  const register: BenchRow = {
    measure: `archive: the register of a unit with ${HISTORY} entries in an office of 100,000 units, p95`,
    baseline: `an office of 100 units: ${p95.small.toFixed(2)} ms`,
    ratio: p95.big / p95.small,
    target: '≤ 1.5',
    note: `${p95.big.toFixed(2)} ms; p50 ${percentile(times.big, 50).toFixed(2)} vs ${percentile(times.small, 50).toFixed(2)} ms; load ${loadavg()[0]?.toFixed(1)}`,
  };
  return [register, ...(await benchViewerFirstPage())];
}
