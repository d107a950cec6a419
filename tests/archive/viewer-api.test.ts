import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { ViewerService } from '#server/office/archive/viewer-service.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { barrier } from '../support/barrier.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { addScan, jpegSize, photo, scannedPdf, scannedTiff } from './archive-files.ts';
import { eventually, startArchiveOffice } from './harness.ts';

let office: Office;
let reviewer: string;
let unit: string;
let accepted: VanCase;
let deedSha: string;

type Archive = { files: { group: string; title: string; caseId: string | null; sha256: string; pages: number }[]; missing: { material: string }[]; pages: { caption: string; thumb: string; full: string }[] };
const archiveOf = async (u = unit) => (await api(office, reviewer, 'GET', `/office/archive/units/${u}/archive`)).json as unknown as Archive;

async function image(path: string, token = reviewer): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const res = await fetch(`${office.url}${API_BASE}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function sendPhoto(label: string, bytes: Uint8Array, name = 'p.jpg', token = reviewer, u = unit): Promise<{ status: number; json: Record<string, unknown> }> {
  const form = new FormData();
  form.set('label', label);
  form.set('photo', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${office.url}${API_BASE}/office/archive/units/${u}/photos`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  office = await startArchiveOffice();
  reviewer = await loginAs(office, 'wangfang');
  const free = await freeUnit(office, 0);
  unit = free.unitNumber;
  const van = await Van.enroll(office);
  // The van's own application-form scan is declared but never sent: the viewer lists it as missing.
  accepted = await van.acceptCase(1, free, { scan: false });
  deedSha = await addScan(office, van, accepted.caseId, '房屋买卖合同', await scannedPdf(3), 3);
  // A case on another unit, its scan sent and verified: it is not this unit's archive (scans are read by case).
  await van.acceptCase(2, await freeUnit(office, 1));
  await eventually(archiveOf, (a) => a.files.some((f) => f.group === 'case'), 'the case read into the archive');
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('the archive viewer: page images of a unit’s case materials', () => {
  it('lists every page of the case’s verified scans, and the scan that has not arrived as missing', async () => {
    const a = await archiveOf();
    expect(a.files).toEqual([{ group: 'case', title: '房屋买卖合同', caseId: accepted.caseId, caseNumber: accepted.caseNumber, sha256: deedSha, pages: 3, addedAt: expect.any(String) as string }]);
    expect(a.pages.map((p) => p.caption)).toEqual([1, 2, 3].map((n) => `案件 ${accepted.caseNumber} · 房屋买卖合同 · 第 ${n}/3 页`));
    expect(a.missing.map((m) => m.material)).toEqual(['不动产登记申请书']);
  });

  it('renders each page as a JPEG thumbnail 240 px tall and a full page 1600 px tall, once', async () => {
    const thumb = await image(`/office/archive/files/${deedSha}/2/thumb.jpg`);
    expect([thumb.status, thumb.type]).toEqual([200, 'image/jpeg']);
    // An A4 page (595×842 pt) scaled so its longest side is 240 px.
    expect(jpegSize(thumb.bytes)).toEqual({ width: 170, height: 240 });
    const full = await image(`/office/archive/files/${deedSha}/2/full.jpg`);
    expect(jpegSize(full.bytes)).toEqual({ width: 1131, height: 1600 });
    const other = await image(`/office/archive/files/${deedSha}/3/thumb.jpg`);
    expect(Buffer.from(other.bytes).equals(Buffer.from(thumb.bytes))).toBe(false);
    const again = await image(`/office/archive/files/${deedSha}/2/thumb.jpg`);
    expect(Buffer.from(again.bytes).equals(Buffer.from(thumb.bytes))).toBe(true);
    expect(readdirSync(`${office.dataDir}/archive/renders`).filter((f) => f.startsWith(deedSha)).sort()).toEqual([`${deedSha}-2-full.jpg`, `${deedSha}-2-thumb.jpg`, `${deedSha}-3-thumb.jpg`]);
  });

  it('answers a page the file does not have, a file the office does not hold and a bad address in words', async () => {
    expect((await image(`/office/archive/files/${deedSha}/4/thumb.jpg`)).status).toBe(404);
    expect((await image(`/office/archive/files/${'0'.repeat(64)}/1/thumb.jpg`)).status).toBe(404);
    expect((await image(`/office/archive/files/${deedSha}/0/thumb.jpg`)).status).toBe(400);
    expect((await image(`/office/archive/files/${deedSha}/1/huge.jpg`)).status).toBe(400);
    const anonymous = await fetch(`${office.url}${API_BASE}/office/archive/files/${deedSha}/1/thumb.jpg`);
    expect(anonymous.status).toBe(401);
  });
});

describe('photos of the house (现状影像) attached to the unit', () => {
  it('adds a JPEG and a PNG photo, shown first, each rendered to its own proportions', async () => {
    const front = await photo('jpeg', 800, 600);
    const r = await sendPhoto('南立面', front);
    expect(r).toMatchObject({ status: 201, json: { code: 'added', message: '已添加现状影像。' } });
    expect((await sendPhoto('客厅', await photo('png', 300, 500), 'p.png')).status).toBe(201);
    const a = await archiveOf();
    expect(a.files.map((f) => [f.group, f.title])).toEqual([['photo', '南立面'], ['photo', '客厅'], ['case', '房屋买卖合同']]);
    expect(a.pages[0]?.caption).toBe('南立面 · 第 1/1 页');
    const frontSha = createHash('sha256').update(front).digest('hex');
    // 800×600 scaled to 240 wide: poppler rounds the other side up (180 → 181).
    expect(jpegSize((await image(`/office/archive/files/${frontSha}/1/thumb.jpg`)).bytes)).toEqual({ width: 240, height: 181 });
    const pngSha = a.files[1]?.sha256 ?? '';
    expect(jpegSize((await image(`/office/archive/files/${pngSha}/1/full.jpg`)).bytes)).toEqual({ width: 960, height: 1600 });
  });

  it('keeps the same photo sent twice once', async () => {
    expect((await sendPhoto('南立面', await photo('jpeg', 800, 600))).status).toBe(201);
    expect((await archiveOf()).files.filter((f) => f.group === 'photo')).toHaveLength(2);
  });

  it('refuses a file that is not a photo, a photo without a label, a photo over 25 MB and an unknown unit, storing nothing', async () => {
    const before = await archiveOf();
    const notPhoto = await sendPhoto('南立面', new TextEncoder().encode('not a photo at all'), 'p.jpg');
    expect(notPhoto).toEqual({ status: 400, json: { code: 'not-a-photo', message: '只能上传 JPEG 或 PNG 照片，该文件不是可读的照片。请换一张重新上传。' } });
    // JPEG's first bytes, then nothing a decoder can read.
    expect((await sendPhoto('南立面', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]))).json['code']).toBe('not-a-photo');
    expect((await sendPhoto('  ', await photo('jpeg', 40, 30, 0.9))).json).toMatchObject({ code: 'label-missing' });
    const big = new Uint8Array(25 * 1024 * 1024 + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(await sendPhoto('南立面', big)).toMatchObject({ status: 413, json: { code: 'too-large' } });
    expect((await sendPhoto('南立面', await photo('jpeg', 40, 30, 0.8), 'p.jpg', reviewer, '230803003012GB00100F99999999')).status).toBe(404);
    expect(await archiveOf()).toEqual(before);
  });

  it('lets only the staff who see the house add photos: not finance', async () => {
    const finance = await loginAs(office, 'zhaolei');
    expect((await sendPhoto('南立面', await photo('jpeg', 40, 30, 0.7), 'p.jpg', finance)).status).toBe(403);
  });
});

describe('scanned historic files imported onto the unit (历史档案)', () => {
  let admin: string;
  let deed1998: Uint8Array;
  const sendHistoric = async (label: string, bytes: Uint8Array, token = admin) => {
    const form = new FormData();
    form.set('label', label);
    form.set('file', new Blob([new Uint8Array(bytes)]), 'old.bin');
    const res = await fetch(`${office.url}${API_BASE}/office/archive/units/${unit}/historic`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  beforeAll(async () => {
    admin = await loginAs(office, 'admin');
  });

  it('imports a four-page PDF and a two-page TIFF whole, each shown as one file with all its pages, after the case materials', async () => {
    deed1998 = await scannedPdf(4);
    expect(await sendHistoric('1998年房屋所有权证档案', deed1998)).toEqual({ status: 201, json: { code: 'imported', message: '已导入历史档案，共 4 页。' } });
    const tiff = await scannedTiff(2);
    expect((await sendHistoric('2003年转移登记档案', tiff)).json).toMatchObject({ message: '已导入历史档案，共 2 页。' });
    const a = await archiveOf();
    expect(a.files.filter((f) => f.group === 'legacy').map((f) => [f.title, f.pages])).toEqual([['1998年房屋所有权证档案', 4], ['2003年转移登记档案', 2]]);
    expect(a.pages.at(-1)?.caption).toMatch(/ · 第 2\/2 页$/);
    const tiffSha = createHash('sha256').update(tiff).digest('hex');
    // The TIFF's second page, drawn at 50 dpi from an A4 page: 413×585 px, as a 240 px tall thumbnail.
    const thumb = await image(`/office/archive/files/${tiffSha}/2/thumb.jpg`);
    expect([thumb.status, jpegSize(thumb.bytes).height]).toEqual([200, 240]);
    expect((await image(`/office/archive/files/${tiffSha}/3/thumb.jpg`)).status).toBe(404);
  });

  it('imports the same file twice once', async () => {
    expect((await sendHistoric('1998年房屋所有权证档案', deed1998)).status).toBe(201);
    expect((await archiveOf()).files.filter((f) => f.group === 'legacy')).toHaveLength(2);
  });

  it('says how far an import is while its pages are split, under the token its page gave it, to the administration only, and imports the file whole', async () => {
    // A four-page file of its own (bytes after %%EOF, which readers ignore), so it is not the one imported above.
    const file = new Uint8Array([...(await scannedPdf(4)), ...new TextEncoder().encode('\n% held at its second step\n')]);
    const page = await fetch(`${office.url}/office/archive/viewer/${unit}`, { headers: { authorization: `Bearer ${admin}` } });
    const token = /name="progress" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const status = async (t = token, who = admin) => {
      const res = await fetch(`${office.url}/office/archive/historic-imports/${t}`, { headers: { authorization: `Bearer ${who}` } });
      return res.ok ? { status: res.status, json: (await res.json()) as Record<string, unknown> } : { status: res.status };
    };
    // The split's second step waits at a barrier: the import is held after the file's first page.
    const service = ViewerService.prototype as unknown as { pageSizesIn: (...args: unknown[]) => Promise<unknown> };
    const step = service.pageSizesIn;
    const gate = barrier(2);
    let arrived = () => undefined as void;
    const held = new Promise<void>((r) => (arrived = r));
    let steps = 0;
    service.pageSizesIn = async function (this: unknown, ...args: unknown[]) {
      if (++steps === 2) {
        arrived();
        await gate();
      }
      return step.apply(this, args);
    };
    try {
      const before = (await archiveOf()).files.filter((f) => f.group === 'legacy');
      const form = new FormData();
      form.set('label', '1985年房屋所有权证档案');
      form.set('progress', token);
      form.set('file', new Blob([file]), 'old.pdf');
      const sent = fetch(`${office.url}${API_BASE}/office/archive/units/${unit}/historic`, { method: 'POST', body: form, headers: { authorization: `Bearer ${admin}` } });
      await held;
      expect(await status()).toEqual({ status: 200, json: { state: 'running', pages: 1, total: 4, text: '正在拆分页面 1 / 4' } });
      expect((await status(token, reviewer)).status).toBe(403);
      expect((await status(randomBytes(16).toString('base64url'))).status).toBe(404);
      expect((await status('..%2F' + token)).status).toBe(404);
      // Nothing of the file is in the archive while it is split.
      expect((await archiveOf()).files.filter((f) => f.group === 'legacy')).toEqual(before);
      void gate();
      const res = await sent;
      expect([res.status, await res.json()]).toEqual([201, { code: 'imported', message: '已导入历史档案，共 4 页。' }]);
      expect(await status()).toEqual({ status: 200, json: { state: 'imported', pages: 4, total: 4, text: '' } });
      const legacy = (await archiveOf()).files.filter((f) => f.group === 'legacy');
      expect(legacy.map((f) => [f.title, f.pages])).toEqual([...before.map((f) => [f.title, f.pages]), ['1985年房屋所有权证档案', 4]]);
    } finally {
      service.pageSizesIn = step;
      void gate();
    }
  });

  it('refuses a file that cannot be read page by page, leaving nothing behind, and anyone but the administration', async () => {
    const before = await archiveOf();
    const filesBefore = readdirSync(`${office.dataDir}/archive/files`, { recursive: true }).length;
    const truncated = (await scannedPdf(3)).slice(0, 400);
    expect(await sendHistoric('残缺档案', truncated)).toEqual({ status: 400, json: { code: 'not-a-scan', message: '只能导入可读的 PDF 或 TIFF 扫描件，该文件无法逐页读取，未导入任何页面。请检查文件后重新导入。' } });
    expect((await sendHistoric('残缺档案', (await scannedTiff(1)).subarray(0, 64))).json['code']).toBe('not-a-scan');
    expect((await sendHistoric('照片', await photo('jpeg', 40, 30))).json['code']).toBe('not-a-scan');
    expect((await sendHistoric('', await scannedPdf(1))).json['code']).toBe('label-missing');
    expect((await sendHistoric('档案', await scannedPdf(1), reviewer)).status).toBe(403);
    // Over 200 MB: refused as the upload passes the limit (one zero-filled buffer, sent without a copy).
    const huge = new Uint8Array(200 * 1024 * 1024 + 1);
    huge.set(new TextEncoder().encode('%PDF-1.4'));
    const form = new FormData();
    form.set('label', '超大档案');
    form.set('file', new Blob([huge]), 'huge.pdf');
    const res = await fetch(`${office.url}${API_BASE}/office/archive/units/${unit}/historic`, { method: 'POST', body: form, headers: { authorization: `Bearer ${admin}` } });
    expect([res.status, ((await res.json()) as Record<string, unknown>)['code']]).toEqual([413, 'too-large']);
    expect(await archiveOf()).toEqual(before);
    expect(readdirSync(`${office.dataDir}/archive/files`, { recursive: true })).toHaveLength(filesBefore);
  });
});
