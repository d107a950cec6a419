import { readFileSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { type StatementReport } from '#server/office/statement-service.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { freeUnit } from '../office/scenario.ts';
import { photo, scannedPdf } from '../archive/archive-files.ts';
import { startArchiveOffice } from '../archive/harness.ts';
import { csrfIn, getPage, pageLogin } from './attacker-kit.ts';

/**
 * The office's upload forms (multipart/form-data) posted as a browser without JavaScript posts them: the form's
 * hidden `_csrf` field first (layout.ts puts it first in every POST form), then the form's own fields and its file,
 * with the session cookie and the browser's Origin and Sec-Fetch-Site, and no `x-csrf-token` header
 * (docs/security.md, "CSRF and upload forms").
 */
const HEAD = ['不动产单元号', '房屋所有权证号', '所有权人', '证件类型', '证件号码', '共有情况', '坐落', '所在层', '总层数', '房号', '建筑面积', '结构', '用途', '竣工年份', '登记日期'];
const LEDGER = `\ufeff${HEAD.join(',')}\r\n${['230803003079GB00100F00019001', '佳房权证向字第 009001 号', '张建国', '身份证', '230803195003151233', '单独所有', '佳木斯市向阳区西林路79号1栋901室', '9', '12', '901', '86.50', '混合结构', '住宅', '1998', '2003-07-15'].join(',')}\r\n`;
const BILL = readFileSync(new URL('../../fixtures/statements/wechat-trade-bill.csv', import.meta.url));

type Field = readonly [name: string, value: string | { bytes: Uint8Array; name: string }];

let office: Office;
let admin: string;
let cookie: string;
let unit: string;

/** Posts a multipart form: its fields in the order given, as the browser sends a form's fields in document order. */
async function postUpload(path: string, fields: readonly Field[], headers: Record<string, string> = {}): Promise<{ status: number; location: string; text: string }> {
  const form = new FormData();
  for (const [name, value] of fields) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value.bytes)]), value.name);
  }
  const res = await fetch(`${office.url}${path}`, { method: 'POST', redirect: 'manual', body: form, headers: { cookie, origin: office.url, 'sec-fetch-site': 'same-origin', ...headers } });
  return { status: res.status, location: decodeURIComponent(res.headers.get('location') ?? ''), text: await res.text() };
}

/** The token of the session, from the page the form is on. */
const tokenOn = async (path: string): Promise<string> => csrfIn((await getPage(office.url, path, cookie)).html) ?? '';

const imports = async () => ((await getPage(office.url, '/office/archive/imports', cookie)).html.match(/href="\/office\/archive\/imports\/ledger-/g) ?? []).length;
const statements = async () => ((await api(office, admin, 'GET', `/office/trips/${DEMO_TRIP_ID}/reconciliation`)).json['statements'] as StatementReport[]).length;
const unitPages = async () => ((await api(office, admin, 'GET', `/office/archive/units/${unit}/archive`)).json['pages'] as unknown[]).length;
/** The files the archive keeps on disk (by content hash), so a refused upload is seen to leave none. */
const archiveFiles = (): string[] => {
  try {
    return readdirSync(`${office.dataDir}/archive/files`, { recursive: true }).map(String).sort();
  } catch {
    return [];
  }
};

beforeAll(async () => {
  office = await startArchiveOffice();
  admin = await loginAs(office, 'admin');
  cookie = (await pageLogin(office.url, 'admin')).cookie ?? '';
  unit = (await freeUnit(office, 0)).unitNumber;
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('an upload form posted without JavaScript (the token in the multipart body)', () => {
  it('imports a legacy ledger from the archive import form', async () => {
    const before = await imports();
    const res = await postUpload('/office/archive/imports', [['_csrf', await tokenOn('/office/archive/imports')], ['file', { bytes: Buffer.from(LEDGER), name: 'ledger.csv' }], ['mode', 'all-or-nothing']]);
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/office\/archive\/imports\/ledger-/);
    expect(await imports()).toBe(before + 1);
  });

  it('imports a QR channel’s statement from the reconciliation page’s form', async () => {
    const before = await statements();
    const path = `/office/trips/${encodeURIComponent(DEMO_TRIP_ID)}/statements`;
    const res = await postUpload(path, [['_csrf', await tokenOn(`/office/trips/${encodeURIComponent(DEMO_TRIP_ID)}/reconciliation`)], ['channel', 'wechat'], ['file', { bytes: BILL, name: 'wechat.csv' }]]);
    expect(res.status).toBe(303);
    expect(res.location).toContain('已导入微信支付对账单');
    expect(await statements()).toBe(before + 1);
  });

  it('adds a photo of the house from the archive viewer’s form', async () => {
    const before = await unitPages();
    const res = await postUpload(`/office/archive/viewer/${unit}/photos`, [['_csrf', await tokenOn(`/office/archive/viewer/${unit}`)], ['label', '客厅'], ['file', { bytes: await photo('jpeg', 400, 300), name: 'room.jpg' }]]);
    expect(res.status).toBe(303);
    expect(res.location).toContain('msg=');
    expect(await unitPages()).toBe(before + 1);
  });

  it('imports a historic file from the archive viewer’s form, its progress token among the fields', { timeout: 60_000 }, async () => {
    const before = await unitPages();
    const viewer = `/office/archive/viewer/${unit}`;
    const progress = /name="progress" value="([^"]+)"/.exec((await getPage(office.url, viewer, cookie)).html)?.[1] ?? '';
    expect(progress).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const res = await postUpload(`${viewer}/historic`, [['_csrf', await tokenOn(viewer)], ['label', '1998年房屋所有权证档案'], ['progress', progress], ['file', { bytes: await scannedPdf(2), name: 'old.pdf' }]]);
    expect(res.status).toBe(303);
    expect(res.location).toContain('已导入历史档案，共 2 页。');
    expect(await unitPages()).toBe(before + 2);
  });

  it('is still taken with the token in the header, as the pages’ script sends it', async () => {
    const before = await unitPages();
    const res = await postUpload(`/office/archive/viewer/${unit}/photos`, [['label', '厨房'], ['file', { bytes: await photo('jpeg', 400, 300, 0.7), name: 'kitchen.jpg' }]], { 'x-csrf-token': await tokenOn(`/office/archive/viewer/${unit}`) });
    expect(res.status).toBe(303);
    expect(await unitPages()).toBe(before + 1);
  });
});

describe('an upload form without a valid token', () => {
  it('is refused before anything is stored: no token, an empty one, another session’s, or one sent after the file', async () => {
    const token = await tokenOn(`/office/archive/viewer/${unit}`);
    const other = csrfIn((await getPage(office.url, '/office/archive/imports', (await pageLogin(office.url, 'admin')).cookie)).html) ?? '';
    expect(other).not.toBe(token);
    const [ledger, bill, room] = [{ bytes: Buffer.from(LEDGER), name: 'ledger.csv' }, { bytes: BILL, name: 'wechat.csv' }, { bytes: await photo('jpeg', 320, 240, 0.2), name: 'hall.jpg' }];
    const before = { imports: await imports(), statements: await statements(), pages: await unitPages(), files: archiveFiles() };
    const statementPath = `/office/trips/${encodeURIComponent(DEMO_TRIP_ID)}/statements`;
    const photoPath = `/office/archive/viewer/${unit}/photos`;
    const historicPath = `/office/archive/viewer/${unit}/historic`;
    const tries: [string, Field[]][] = [];
    for (const first of [[], [['_csrf', '']], [['_csrf', other]], [['_csrf', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`]]] as Field[][]) {
      tries.push(['/office/archive/imports', [...first, ['file', ledger], ['mode', 'good-rows']]]);
      tries.push([statementPath, [...first, ['channel', 'wechat'], ['file', bill]]]);
      tries.push([photoPath, [...first, ['label', '门厅'], ['file', room]]]);
      tries.push([historicPath, [...first, ['label', '旧档案'], ['file', room]]]);
    }
    // The token must come before the file (a browser sends it first): one sent after it is not waited for.
    tries.push([photoPath, [['label', '门厅'], ['file', room], ['_csrf', token]]]);
    tries.push(['/office/archive/imports', [['file', ledger], ['_csrf', token]]]);
    for (const [path, fields] of tries) {
      const res = await postUpload(path, fields);
      expect(res.status, `${path} ${fields.map(([n, v]) => (n === '_csrf' && typeof v === 'string' ? `_csrf=${v}` : n)).join(',')}`).toBe(403);
      expect(res.text).toContain('跨站请求');
    }
    expect({ imports: await imports(), statements: await statements(), pages: await unitPages(), files: archiveFiles() }).toEqual(before);
  });

  it('is refused from another origin even with the session’s token in the body', async () => {
    const before = await unitPages();
    const token = await tokenOn(`/office/archive/viewer/${unit}`);
    const fields: Field[] = [['_csrf', token], ['label', '门厅'], ['file', { bytes: await photo('jpeg', 320, 240, 0.9), name: 'hall.jpg' }]];
    expect((await postUpload(`/office/archive/viewer/${unit}/photos`, fields, { origin: office.url.replace(/:\d+$/, ':1') })).status).toBe(403);
    expect((await postUpload(`/office/archive/viewer/${unit}/photos`, fields, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await unitPages()).toBe(before);
  });

  it('keeps the keep-alive connection usable after a refusal that left the file unread', { timeout: 30_000 }, async () => {
    // A refusal answers before the file is read; what is left of the body must still be read and dropped, or the
    // connection stalls behind it: the next request on it (one socket, kept alive) would never be answered.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const form = new FormData();
      form.append('_csrf', 'x');
      form.append('label', '大');
      form.append('file', new Blob([new Uint8Array(24 * 1024 * 1024).fill(7)]), 'big.jpg');
      const encoded = new Response(form);
      const body = Buffer.from(await encoded.arrayBuffer());
      const send = (method: 'GET' | 'POST', path: string, headers: Record<string, string>, payload?: Buffer) =>
        new Promise<number>((resolve, reject) => {
          const req = request(`${office.url}${path}`, { method, agent, headers }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end(payload);
        });
      const refused = send('POST', `/office/archive/viewer/${unit}/photos`, { cookie, origin: office.url, 'content-type': encoded.headers.get('content-type') ?? '', 'content-length': String(body.length) }, body);
      const next = send('GET', `${API_BASE}/office/archive/units/${unit}/archive`, { authorization: `Bearer ${admin}` });
      const within = <T>(p: Promise<T>, what: string) => Promise.race([p, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`${what}: no answer in 10 s`)), 10_000))]);
      expect(await within(refused, 'the refused upload')).toBe(403);
      expect(await within(next, 'the next request on the connection')).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

describe('every other state-changing page route', () => {
  it('does not look for the token in a multipart body: a multipart post to a form of fields is refused', async () => {
    const before = (await api(office, admin, 'GET', '/office/appointments')).json['requests'] as unknown[];
    const res = await postUpload('/office/appointments', [['_csrf', await tokenOn('/office/appointments')], ['applicantName', '孙桂兰'], ['phone', '13945401234'], ['address', '佳木斯市向阳区长安路1号'], ['businessKind', 'transfer'], ['category', 'elderly'], ['preferredDate', '2026-12-10']]);
    expect(res.status).toBe(403);
    expect((await api(office, admin, 'GET', '/office/appointments')).json['requests']).toEqual(before);
  });
});
