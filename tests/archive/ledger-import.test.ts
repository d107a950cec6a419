import iconv from 'iconv-lite';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegisterView } from '#domain/register/project.ts';
import { API_BASE } from '#protocol/version.ts';
import { dbImportStore } from '#server/office/archive/db-import-store.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { eventually, holdImportAfterFirstBatch, startArchiveOffice, unitDoc } from './harness.ts';

let office: Office;
let admin: string;

const HEAD = ['不动产单元号', '房屋所有权证号', '所有权人', '证件类型', '证件号码', '共有情况', '坐落', '幢号', '所在层', '总层数', '房号', '建筑面积', '结构', '用途', '竣工年份', '登记日期'];
/** A row of the old ledger for flat `room` of a building the demo register does not hold. */
const row = (room: string, over: Partial<Record<string, string>> = {}): string[] => {
  const cells: Record<string, string> = {
    不动产单元号: `230803003077GB00100F0001${room.padStart(4, '0')}`, 房屋所有权证号: `佳房权证向字第 00${room}77 号`, 所有权人: '张建国、李秀英', 证件类型: '身份证',
    证件号码: '230803195003151233、230804196805120026', 共有情况: '按份共有 1/2、1/2', 坐落: `佳木斯市向阳区西林路77号1栋${room}室`, 幢号: '1栋',
    所在层: room.slice(0, 1), 总层数: '6', 房号: room, 建筑面积: '86.50', 结构: '混合结构', 用途: '住宅', 竣工年份: '1998', 登记日期: '2003-07-15', ...over,
  };
  return HEAD.map((h) => cells[h] ?? '');
};
const csv = (rows: string[][]) => `\ufeff${[HEAD, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')}\r\n`;

async function send(bytes: Uint8Array, mode: 'all-or-nothing' | 'good-rows' = 'all-or-nothing', token = admin, name = 'ledger.csv') {
  const form = new FormData();
  form.set('mode', mode);
  form.set('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${office.url}${API_BASE}/office/archive/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as { status: string; total: number; imported: number; lines: string[] } };
}
const registerOf = async (unit: string) => api(office, admin, 'GET', `/office/archive/units/${unit}`);
const unit = (room: string) => `230803003077GB00100F0001${room.padStart(4, '0')}`;
const utf8 = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  office = await startArchiveOffice();
  admin = await loginAs(office, 'admin');
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('importing the old 房屋所有权证 ledger', () => {
  const withBadRow = csv([row('101'), row('102', { 建筑面积: '-3', 用途: '厂房' }), row('201')]);

  it('imports nothing from a file with a bad row, and says what is wrong by row and column', async () => {
    const r = await send(utf8(withBadRow));
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ status: 'refused', total: 3, imported: 0 });
    expect(r.json.lines).toEqual([
      '第 3 行「建筑面积」：建筑面积应为大于 0 的数（平方米，最多两位小数）（-3）',
      '第 3 行「用途」：用途应为 住宅、非住宅（商业、办公等）或 车库/车位/储藏间（厂房）',
    ]);
    expect((await registerOf(unit('101'))).status).toBe(404);
  });

  it('imports only the good rows when asked, each into the register with its owners and its source row', async () => {
    const r = await send(utf8(withBadRow), 'good-rows');
    expect(r).toMatchObject({ status: 201, json: { status: 'partly-imported', total: 3, imported: 2 } });
    expect(r.json.lines).toHaveLength(2);
    const v = (await registerOf(unit('201'))).json as unknown as RegisterView;
    expect(v.ownership?.holders.map((h) => [h.name, h.holding])).toEqual([['张建国', { kind: 'shares', share: '1/2' }], ['李秀英', { kind: 'shares', share: '1/2' }]]);
    expect(v.natural).toMatchObject({ floor: 2, areaM2: 86.5, structure: 'mixed' });
    expect(v.history.map((e) => [e.kind, e.recordedAt, e.source])).toEqual([
      ['unit-established', '2003-07-15T00:00:00+08:00', { kind: 'legacy', batchId: expect.any(String) as string, row: 4, legacyCertificate: '佳房权证向字第 0020177 号' }],
      ['ownership-registered', '2003-07-15T00:00:00+08:00', { kind: 'legacy', batchId: expect.any(String) as string, row: 4, legacyCertificate: '佳房权证向字第 0020177 号' }],
    ]);
    expect((await registerOf(unit('102'))).status).toBe(404);
    // The vans' snapshot of the unit is built from the register.
    await eventually(() => unitDoc(office, unit('201')).catch(() => null), (u) => u !== null, 'the imported unit’s snapshot');
  });

  it('refuses rows already in the register, so a file fixed and sent again imports only what is new', async () => {
    const fixed = csv([row('101'), row('102'), row('201')]);
    const again = await send(utf8(fixed));
    expect(again.json).toMatchObject({ status: 'refused', imported: 0 });
    expect(again.json.lines).toEqual([`第 2 行「不动产单元号」：该不动产单元已在登记簿中，不能重复导入（${unit('101')}）`, `第 4 行「不动产单元号」：该不动产单元已在登记簿中，不能重复导入（${unit('201')}）`]);
    expect((await send(utf8(csv([row('102')])))).json).toMatchObject({ status: 'imported', imported: 1 });
  });

  it('reads a GBK CSV as Excel on a Chinese Windows saves it, and an Excel workbook', async () => {
    const gbk = iconv.encode(csv([row('301')]).slice(1), 'gb18030');
    expect((await send(gbk)).json).toMatchObject({ status: 'imported', imported: 1 });
    const xlsx = await writeXlsxFile([HEAD, row('302'), row('303', { 登记日期: '2005-01-20' })].map((r) => r.map((value) => ({ value })))).toBuffer();
    expect((await send(xlsx, 'all-or-nothing', admin, 'ledger.xlsx')).json).toMatchObject({ status: 'imported', total: 2, imported: 2 });
    expect(((await registerOf(unit('303'))).json as unknown as RegisterView).history[0]?.recordedAt).toBe('2005-01-20T00:00:00+08:00');
  });

  it('refuses a file without the required columns or not a table at all, and anyone but the administration', async () => {
    const noArea = `${HEAD.filter((h) => h !== '建筑面积').join(',')}\r\n`;
    expect((await send(utf8(noArea))).json.lines).toEqual(['第 1 行：文件缺少必需的列（建筑面积）']);
    expect((await send(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).json.lines).toEqual(['第 1 行：文件无法读取：请上传第一行为列名的 CSV（UTF-8 或 GBK）或 Excel（.xlsx）文件']);
    expect((await send(utf8(csv([row('401')])), 'all-or-nothing', await loginAs(office, 'wangfang'))).status).toBe(403);
    expect((await registerOf(unit('401'))).status).toBe(404);
  });

  it('lists each import on the page with its result, and shows its problems row by row', async () => {
    const pageOf = async (path: string) => (await fetch(`${office.url}${path}`, { headers: { authorization: `Bearer ${admin}` } })).text();
    const list = await pageOf('/office/archive/imports');
    expect(list).toContain('导入历史登记台账（房屋所有权证）');
    const latest = /href="\/office\/archive\/imports\/(ledger-[^"]+)"/.exec(list)?.[1];
    // Eight imports above (the one refused for its sender is not one), the latest first: the file that is not a table.
    expect((list.match(/<tr><td>/g) ?? []).length).toBe(8);
    const shown = await pageOf(`/office/archive/imports/${latest ?? ''}`);
    expect(shown).toContain('第 1 行：文件无法读取');
    expect(shown).toContain('data-status="refused"');
  });

  it('refuses a file of headings alone and says it holds no records, rather than refusing without a reason', async () => {
    const r = await send(utf8(csv([])), 'good-rows', admin, 'headings-only.csv');
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ status: 'refused', total: 0, imported: 0 });
    expect(r.json.lines).toEqual(['第 2 行：文件中没有台账记录：第一行为列名，从第二行起每行一条记录']);
  });

  it('names a row after a blank one by the number the spreadsheet shows, and does not count the blank rows', async () => {
    // Row 3 of cells left empty (as Excel saves a cleared row), row 4 an empty line, row 5 the bad one.
    const lines = csv([row('401'), HEAD.map(() => ''), row('402', { 建筑面积: '-1' })]).split('\r\n');
    lines.splice(3, 0, '');
    const r = await send(utf8(lines.join('\r\n')), 'all-or-nothing', admin, 'blank-rows.csv');
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ status: 'refused', total: 2, imported: 0 });
    expect(r.json.lines).toEqual(['第 5 行「建筑面积」：建筑面积应为大于 0 的数（平方米，最多两位小数）（-1）']);
  });

  it('shows an import cut off mid-way as 导入中 with its count, on the list and its own page', async () => {
    const imports = dbImportStore(office.storage.db);
    const id = 'ledger-cut-off';
    expect(await imports.create({ id, fileName: 'cut-off.csv', fileSha256: 'f'.repeat(64), mode: 'all-or-nothing', status: 'running', createdBy: 'staff-admin', createdAt: new Date().toISOString(), finishedAt: null, total: 1000, imported: 0, problems: [] })).toBe('ok');
    await imports.progress(id, 500, []);
    const pageOf = async (path: string) => (await fetch(`${office.url}${path}`, { headers: { authorization: `Bearer ${admin}` } })).text();
    expect(await pageOf('/office/archive/imports')).toMatch(/cut-off\.csv<\/a><\/td><td>[^<]+<\/td><td>导入中<\/td><td>1000<\/td><td>500<\/td>/);
    const shown = await pageOf(`/office/archive/imports/${id}`);
    expect(shown).toContain('data-status="running"');
    expect(shown).toContain('正在导入：已导入 500 / 1000 条');
  });

  it('answers a web upload once the file is checked, with the import’s page, which shows 导入中 with its count while the records are written, and the outcome once done', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => row(String(1000 + i)));
    // The import is held after its first batch of 500.
    const { held, release, restore } = holdImportAfterFirstBatch(office);
    try {
      const form = new FormData();
      form.set('mode', 'all-or-nothing');
      form.set('file', new Blob([utf8(csv(rows))]), 'big.csv');
      const res = await fetch(`${office.url}/office/archive/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${admin}` }, redirect: 'manual' });
      expect(res.status).toBe(303);
      const path = res.headers.get('location') ?? '';
      expect(path).toMatch(/^\/office\/archive\/imports\/ledger-/);
      await held;
      const pageOf = async () => (await fetch(`${office.url}${path}`, { headers: { authorization: `Bearer ${admin}` } })).text();
      const statusOf = async () => (await fetch(`${office.url}${path}/status`, { headers: { authorization: `Bearer ${admin}` } })).json() as Promise<Record<string, unknown>>;
      const running = await pageOf();
      expect(running).toContain('data-status="running"');
      expect(running).toContain('正在导入：已导入 500 / 1200 条（已写入 1 批，每批 500 条；本页自动更新）');
      expect(running).toContain(`data-poll="${path}/status"`);
      expect(await statusOf()).toMatchObject({ status: 'running', total: 1200, imported: 500 });
      await release();
      const done = await eventually(statusOf, (s) => s['status'] !== 'running', 'the import finished');
      expect(done).toMatchObject({ status: 'imported', tone: 'okbox', text: '已全部导入。共 1200 行，已导入 1200 行。', total: 1200, imported: 1200, problems: [] });
      const shown = await pageOf();
      expect(shown).toContain('data-status="imported"');
      expect(shown).not.toContain('data-poll');
      expect((await registerOf(unit('2199'))).status).toBe(200);
    } finally {
      restore();
    }
  });
});

