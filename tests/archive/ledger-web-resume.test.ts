import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { buildOfficeApp } from '#server/app.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { openTestStorage } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { removeDir } from '../sync/helpers.ts';
import { loginAs, type Office } from '../office/harness.ts';
import { eventually, startArchiveOffice } from './harness.ts';

/**
 * The web upload of the old ledger, cut off part way by the office going down, and the same file uploaded again
 * after the restart: it continues the same import (found by the file's SHA-256) and writes only the records the
 * register does not hold yet.
 */
const ROWS = 1200;
const HEAD = ['不动产单元号', '房屋所有权证号', '所有权人', '证件类型', '证件号码', '共有情况', '坐落', '幢号', '所在层', '总层数', '房号', '建筑面积', '结构', '用途', '竣工年份', '登记日期'];
/** Flat `i` of buildings the demo register does not hold (24 flats a building). */
const unitOf = (i: number) => `230803003079GB00100F${String(1 + Math.floor(i / 24)).padStart(4, '0')}${String(100 * (1 + (Math.floor(i / 4) % 6)) + 1 + (i % 4)).padStart(4, '0')}`;
function row(i: number): string[] {
  const building = 1 + Math.floor(i / 24);
  const floor = 1 + (Math.floor(i / 4) % 6);
  const room = `${floor}0${1 + (i % 4)}`;
  return [unitOf(i), `佳房权证向字第 ${String(300_000 + i)} 号`, '张建国、李秀英', '身份证', '230803195003151233、230804196805120026', '按份共有 1/2、1/2', `佳木斯市向阳区西林路79号${building}栋${room}室`, `${building}栋`, String(floor), '6', room, '72.30', '混合结构', '住宅', '1996', '2002-05-20'];
}
const CSV = `\ufeff${[HEAD, ...Array.from({ length: ROWS }, (_, i) => row(i))].map((r) => r.join(',')).join('\r\n')}\r\n`;

let office: Office;
let admin: string;
/** The office after its restart, on the first one's data folder and database. */
let restarted: { url: string; storage: DbStorage; close: () => Promise<void> } | undefined;

beforeAll(async () => {
  office = await startArchiveOffice();
  admin = await loginAs(office, 'admin');
}, 120_000);
afterAll(async () => {
  await restarted?.close();
  if (!restarted) await office?.close();
});

/** Uploads the ledger through the import page's form; answers the import page it is sent to. */
async function upload(url: string, token: string): Promise<string> {
  const form = new FormData();
  form.set('mode', 'all-or-nothing');
  form.set('file', new Blob([new TextEncoder().encode(CSV)]), 'ledger.csv');
  const res = await fetch(`${url}/office/archive/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
  expect(res.status).toBe(303);
  return res.headers.get('location') ?? '';
}

const count = async (db: Db, q: ReturnType<typeof sql>) => Number((await db.get<{ n: number }>(q))?.n);

/**
 * The process dying once its second batch is committed and before it counted it: the second progress write
 * never happens (nor anything after it), so the register holds more of the file than the import says.
 */
function dieAtSecondCount(db: Db): Promise<void> {
  const target = db as { run: Db['run'] };
  const run = target.run.bind(db);
  let progressWrites = 0;
  return new Promise((died) => {
    target.run = async (q) => {
      if (q.chunks[0]?.startsWith('UPDATE archive_imports SET imported') && ++progressWrites >= 2) {
        died();
        throw new Error('the office went down');
      }
      return run(q);
    };
  });
}

/** Counts the units a transaction of `db` writes into the register from now on. */
function countUnitWrites(db: Db): { n: number } {
  const counted = { n: 0 };
  const transaction = db.transaction.bind(db);
  db.transaction = (fn, options) =>
    transaction((tx) => {
      const run = tx.run.bind(tx);
      tx.run = async (q) => {
        if (q.chunks[0]?.trimStart().startsWith('INSERT INTO archive_units')) counted.n += 1;
        return run(q);
      };
      return fn(tx);
    }, options);
  return counted;
}

describe('a web upload of the ledger cut off by a restart, uploaded again', () => {
  it('continues the same import, writes only what the register lacks, and ends with every row once', async () => {
    const died = dieAtSecondCount(office.storage.db);
    const first = await upload(office.url, admin);
    expect(first).toMatch(/^\/office\/archive\/imports\/ledger-/);
    const id = decodeURIComponent(first.split('/').at(-1) ?? '');
    // Checked and writing (a refused file would never reach its second batch).
    expect(await office.storage.db.get(sql`SELECT status, total FROM archive_imports WHERE id = ${id}`)).toMatchObject({ status: 'running', total: ROWS });
    await died;
    const units = sql`SELECT count(*) AS n FROM archive_units WHERE unit_number LIKE '230803003079GB%'`;
    // Two batches of 500 are in the register; the import counted one.
    await eventually(() => count(office.storage.db, units), (n) => n === 1000, 'the second batch committed');
    expect(await office.storage.db.get(sql`SELECT status, imported, total FROM archive_imports WHERE id = ${id}`)).toMatchObject({ status: 'running', imported: 500, total: ROWS });

    // The restart: the office closes (its database with it) and starts again on the same data folder.
    await office.app.close();
    const { storage, dispose } = await openTestStorage(office.dataDir);
    const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir: office.dataDir, storage, plugins: [officePlugin] });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    restarted = { url, storage, close: async () => { await app.close(); await dispose(); removeDir(office.dataDir); } };
    const token = await loginAs({ ...office, url, app, storage }, 'admin');
    const pageOf = async (path: string) => (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).text();
    // Still 导入中 with the count it last wrote, after the restart.
    expect(await pageOf(first)).toContain('正在导入：已导入 500 / 1200 条');

    const written = countUnitWrites(storage.db);
    const second = await upload(url, token);
    // The same import, found by the file's SHA-256: no second one.
    expect(second).toBe(first);
    const statusOf = async () => (await fetch(`${url}${second}/status`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<Record<string, unknown>>;
    const done = await eventually(statusOf, (s) => s['status'] !== 'running', 'the resumed import finished', 30);
    expect(done).toMatchObject({ status: 'imported', text: '已全部导入。共 1200 行，已导入 1200 行。', total: ROWS, imported: ROWS, problems: [] });
    // Only the 200 records the register did not hold were written.
    expect(written.n).toBe(ROWS - 1000);
    expect(await count(storage.db, sql`SELECT count(*) AS n FROM archive_imports WHERE file_sha256 = (SELECT file_sha256 FROM archive_imports WHERE id = ${id})`)).toBe(1);
    // Every row once: each unit of the file in the register, with its two entries, both from this import.
    expect(await count(storage.db, units)).toBe(ROWS);
    expect(await count(storage.db, sql`SELECT count(*) AS n FROM archive_entries WHERE unit_number LIKE '230803003079GB%'`)).toBe(ROWS * 2);
    expect(await count(storage.db, sql`SELECT count(DISTINCT unit_number) AS n FROM archive_entries WHERE id LIKE ${`legacy:${id}:%`}`)).toBe(ROWS);
    expect(await pageOf(first)).toContain('data-status="imported"');
  }, 180_000);
});
