import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { dbImportStore } from '#server/office/archive/db-import-store.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { startArchiveOffice } from './harness.ts';

/**
 * The ledger import against files made to exhaust the office (OWASP ASVS 4.0 12.1.1, 12.1.2): an .xlsx is a ZIP, and
 * read-excel-file inflates it whole and builds its sheet as a table up to the last cell's address, with no limit of its
 * own. A few kilobytes that inflate to hundreds of megabytes, or name a cell at XFD1048576 or row 300,000, held the
 * import (and the office's memory) for minutes. Each is now refused at once with the limit it passed, in Chinese, and
 * nothing is written to the register.
 */
const HEAD = ['不动产单元号', '房屋所有权证号', '所有权人', '证件类型', '证件号码', '共有情况', '坐落', '幢号', '所在层', '总层数', '房号', '建筑面积', '结构', '用途', '竣工年份', '登记日期'];
const UNIT = '230803003077GB00100F00010101';

let office: Office;
let admin: string;

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Uint8Array) => {
  let c = 0xffffffff;
  for (const x of b) c = (CRC[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A ZIP of deflated entries (APPNOTE 4.3), each declaring its true size, unless `size` says otherwise. */
function zip(files: { name: string; data: Buffer; deflated?: Buffer; size?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const body = f.deflated ?? deflateRawSync(f.data);
    const fields = (h: Buffer, at: number) => {
      h.writeUInt16LE(20, at); h.writeUInt16LE(0, at + 2); h.writeUInt16LE(8, at + 4); h.writeUInt32LE(0, at + 6);
      h.writeUInt32LE(crc32(f.data), at + 10); h.writeUInt32LE(body.length, at + 14); h.writeUInt32LE(f.size ?? f.data.length, at + 18);
      h.writeUInt16LE(name.length, at + 22); h.writeUInt16LE(0, at + 24);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    fields(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const heading = `<row r="1">${HEAD.map((h, i) => cell(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>`;
const sheetXml = (rows: string, tail = '') =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${heading}${rows}</sheetData>${tail}</worksheet>`);

/** A workbook of one sheet (ECMA-376 Part 1, the least a SpreadsheetML package holds). */
function workbook(sheet: { data: Buffer; deflated?: Buffer; size?: number }): Buffer {
  const x = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${s}`);
  return zip([
    { name: '[Content_Types].xml', data: x('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>') },
    { name: '_rels/.rels', data: x('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
    { name: 'xl/workbook.xml', data: x('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    { name: 'xl/_rels/workbook.xml.rels', data: x('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>') },
    { name: 'xl/worksheets/sheet1.xml', ...sheet },
  ]);
}

/** A sheet whose XML ends in `mb` megabytes of spaces, deflated a megabyte at a time (a ZIP bomb of a few hundred KB). */
function padded(mb: number): { data: Buffer; deflated: Buffer; size: number } {
  const head = sheetXml(`<row r="2">${cell('A2', UNIT)}</row>`).toString().replace('</worksheet>', '');
  const spaces = deflateRawSync(Buffer.alloc(1024 * 1024, ' '), { finishFlush: 2 /* Z_SYNC_FLUSH: a block that does not end the stream */ });
  const deflated = Buffer.concat([deflateRawSync(Buffer.from(head), { finishFlush: 2 }), ...Array.from({ length: mb }, () => spaces), deflateRawSync(Buffer.from('</worksheet>'))]);
  // The data field only feeds the CRC, which read-excel-file does not check; its size is declared as inflated.
  return { data: Buffer.from(head), deflated, size: head.length + mb * 1024 * 1024 + '</worksheet>'.length };
}

async function send(bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.set('mode', 'good-rows');
  form.set('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${office.url}${API_BASE}/office/archive/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${admin}` } });
  return { status: res.status, json: (await res.json()) as { status: string; total: number; imported: number; lines: string[] } };
}

async function refused(bytes: Uint8Array, name: string, line: string) {
  const imports = (await dbImportStore(office.storage.db).recent(100)).length;
  const r = await send(bytes, name);
  expect(r).toMatchObject({ status: 422, json: { status: 'refused', imported: 0, lines: [line] } });
  expect((await api(office, admin, 'GET', `/office/archive/units/${UNIT}`)).status).toBe(404);
  // The refusal is recorded as an import of nothing, as every refused file is.
  expect((await dbImportStore(office.storage.db).recent(100)).length).toBe(imports + 1);
}

const TOO_LARGE = '文件超出台账导入的上限，未导入任何记录：请把台账分成几个文件分别导入';

beforeAll(async () => {
  office = await startArchiveOffice();
  admin = await loginAs(office, 'admin');
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('a ledger file made to exhaust the office', () => {
  it('refuses an .xlsx whose sheet inflates past 128 MB, declared so', async () => {
    await refused(workbook(padded(200)), 'bomb.xlsx', `第 1 行：${TOO_LARGE}（Excel 文件解压后超过 128 MB）`);
  }, 120_000);

  it('refuses an .xlsx whose sheet inflates past 128 MB while declaring a few bytes', async () => {
    await refused(workbook({ ...padded(200), size: 1000 }), 'liar.xlsx', `第 1 行：${TOO_LARGE}（Excel 文件解压后超过 128 MB）`);
  }, 120_000);

  it('refuses a sheet with one cell at XFD1048576, the last cell Excel has, or in its last column', async () => {
    await refused(workbook({ data: sheetXml(`<row r="1048576">${cell('XFD1048576', 'x')}</row>`) }), 'far.xlsx', `第 1 行：${TOO_LARGE}（超过 200000 行）`);
    await refused(workbook({ data: sheetXml(`<row r="2">${cell('XFD2', 'x')}</row>`) }), 'wide.xlsx', `第 1 行：${TOO_LARGE}（工作表用到了第 32 列以后的单元格）`);
  }, 120_000);

  it('refuses a sheet that reaches past 200,000 rows', async () => {
    await refused(workbook({ data: sheetXml(`<row r="300000">${cell('A300000', UNIT)}</row>`) }), 'long.xlsx', `第 1 行：${TOO_LARGE}（超过 200000 行）`);
    await refused(workbook({ data: sheetXml('<row><c/></row>'.repeat(200_001)) }), 'rows.xlsx', `第 1 行：${TOO_LARGE}（超过 200000 行）`);
  }, 120_000);

  it('refuses a CSV of more than 200,000 rows, blank ones included', async () => {
    await refused(Buffer.from(`${HEAD.join(',')}\n${`${','.repeat(HEAD.length - 1)}\n`.repeat(200_001)}`), 'blank.csv', `第 1 行：${TOO_LARGE}（超过 200000 行）`);
  }, 120_000);
});
