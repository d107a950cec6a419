import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '#domain/clock.ts';
import { type Db } from '#office/platform/db/db.ts';
import { sql, sqlId } from '#office/platform/db/sql.ts';
import { dbImportStore } from '#server/office/archive/db-import-store.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { LegacyImporter } from '#server/office/archive/legacy-import.ts';
import { openTestDb } from '../support/backend.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const repo = new URL('../../', import.meta.url).pathname;
const ROWS = 1200;
const BATCH = 40;

const HEAD = ['不动产单元号', '房屋所有权证号', '所有权人', '证件类型', '证件号码', '共有情况', '坐落', '所在层', '总层数', '房号', '建筑面积', '结构', '用途', '竣工年份', '登记日期'];
/** Flat `i` of a block of six-storey buildings the register does not hold: 24 flats a building. */
function row(i: number): string[] {
  const building = 1 + Math.floor(i / 24);
  const floor = 1 + (Math.floor(i / 4) % 6);
  const room = `${floor}0${1 + (i % 4)}`;
  return [
    `230803003078GB00100F${String(building).padStart(4, '0')}${room.padStart(4, '0')}`, `佳房权证向字第 ${String(100_000 + i)} 号`, '张建国、李秀英', '身份证',
    '230803195003151233、230804196805120026', '按份共有 1/2、1/2', `佳木斯市向阳区西林路78号${building}栋${room}室`, String(floor), '6', room,
    `${60 + (i % 50)}.50`, '混合结构', '住宅', '1998', `200${i % 10}-0${1 + (i % 9)}-15`,
  ];
}
const CSV = `\ufeff${[HEAD, ...Array.from({ length: ROWS }, (_, i) => row(i))].map((r) => r.join(',')).join('\r\n')}\r\n`;

type Run = { code: number | null; signal: NodeJS.Signals | null; lines: string[] };

/** Runs the import command; with `killAfter`, kills it (SIGKILL, no chance to tidy up) once it reports that many records. */
function runImport(args: string[], killAfter?: number): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync/server/import-ledger.ts', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    const m = /已导入 (\d+) \/ \d+ 条/.exec(line);
    if (killAfter !== undefined && m && Number(m[1]) >= killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, lines })));
}

const count = async (db: Db, table: 'archive_units' | 'archive_entries') => Number((await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${sqlId(table)}`))?.n);

/**
 * The register's content, whichever import wrote it: every entry in unit order, its import's id replaced and its
 * chain hashes left out (they seal the ids), hashed.
 */
async function registerDigest(db: Db): Promise<string> {
  const rows = await db.all<{ unit_number: string; body: string }>(sql`SELECT unit_number, body FROM archive_entries ORDER BY unit_number, seq`);
  const h = createHash('sha256');
  for (const r of rows) {
    const { hash: _h, prevHash: _p, ...entry } = JSON.parse(r.body) as Record<string, unknown>;
    h.update(JSON.stringify(entry).replace(/ledger-[0-9a-f]{12}-[0-9a-f]{8}/g, 'IMPORT'));
  }
  return h.digest('hex');
}

const dir = tempFolderForTests('ledger-resume');
let office: { db: Db; url: string | null; drop: () => Promise<void> };
let args: string[];
beforeAll(async () => {
  writeFileSync(join(dir(), 'ledger.csv'), CSV);
  office = await openTestDb(join(dir(), 'office'));
  args = [...(office.url ? ['--database', office.url] : ['--data', join(dir(), 'office')]), '--staff', 'staff-archive', '--batch', String(BATCH), join(dir(), 'ledger.csv')];
}, 60_000);
afterAll(async () => {
  await office?.drop();
});

describe('the ledger import command', () => {
  it('killed twice mid-run, resumes each time where it stopped, and ends with every record once', async () => {
    const first = await runImport(args, 200);
    expect(first.signal).toBe('SIGKILL');
    const imports = dbImportStore(office.db);
    const [job] = await imports.recent(5);
    expect(job).toMatchObject({ status: 'running', total: ROWS, fileName: 'ledger.csv' });
    // What the register holds is whole batches of whole records: each unit with both its entries.
    const afterFirst = await count(office.db, 'archive_units');
    expect(afterFirst).toBeGreaterThanOrEqual(200);
    expect(afterFirst).toBeLessThan(ROWS);
    expect(afterFirst % BATCH).toBe(0);
    expect(await count(office.db, 'archive_entries')).toBe(afterFirst * 2);

    const second = await runImport(args, 700);
    expect(second.signal).toBe('SIGKILL');
    // It said it was continuing the same import, from what the register held.
    expect(second.lines[0]).toBe(`继续中断的导入 ${job?.id}：已导入 ${afterFirst} / ${ROWS} 条`);
    const afterSecond = await count(office.db, 'archive_units');
    expect(afterSecond).toBeGreaterThanOrEqual(700);
    expect(afterSecond).toBeLessThan(ROWS);
    expect(await count(office.db, 'archive_entries')).toBe(afterSecond * 2);

    const third = await runImport(args);
    expect(third.code).toBe(0);
    expect(third.lines[0]).toBe(`继续中断的导入 ${job?.id}：已导入 ${afterSecond} / ${ROWS} 条`);
    expect(third.lines.at(-2)).toBe(`继续中断的导入 ${job?.id}：已导入 ${ROWS} / ${ROWS} 条`);
    expect(third.lines.at(-1)).toBe(`导入 ${job?.id} 结束：已全部导入。共 ${ROWS} 行，已导入 ${ROWS} 行。`);
    expect(await count(office.db, 'archive_units')).toBe(ROWS);
    expect(await count(office.db, 'archive_entries')).toBe(ROWS * 2);
    expect(await imports.recent(5)).toMatchObject([{ id: job?.id, status: 'imported', total: ROWS, imported: ROWS, problems: [] }]);

    // The same register as one uninterrupted import of the file makes.
    const clean = await openTestDb(join(dir(), 'clean'));
    try {
      const importer = new LegacyImporter(dbRegisterStore(clean.db), dbImportStore(clean.db), fixedClock(job?.createdAt ?? ''));
      const once = await importer.importLedger('staff-archive', 'ledger.csv', new TextEncoder().encode(CSV), 'all-or-nothing');
      expect(once).toMatchObject({ status: 'imported', imported: ROWS });
      expect(await registerDigest(office.db)).toBe(await registerDigest(clean.db));
    } finally {
      await clean.drop();
    }

    // Finished, the file is an import like any other: sent again, every row is already in the register.
    const again = await runImport(args);
    expect(again.code).toBe(1);
    expect(again.lines.at(-1)).toMatch(/结束：未导入。共 1200 行，已导入 0 行。$/);
  }, 240_000);
});
