import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet } from 'read-excel-file/node';
import { readLayer } from '#server/office/map/layer.ts';
import { dbMapStore } from '#server/office/map/db-map-store.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';

const dir = new URL('../../fixtures/map/test-city/', import.meta.url).pathname;
const TEST_CITY = { districts: `${dir}districts.geojson`, parcels: `${dir}parcels.geojson`, buildings: `${dir}buildings.geojson`, streets: `${dir}streets.geojson` };
const id = (n: number, district = '230803') => `${district}003012GB00001F${String(n).padStart(4, '0')}`;

// An L-shaped region over the test city (fixtures/map/test-city): it holds b1–b5 and b7, not b6, b8, b9.
const L_SHAPE = [[130.301, 46.801], [130.313, 46.801], [130.313, 46.803], [130.305, 46.803], [130.305, 46.807], [130.301, 46.807]];
const TABLES = {
  unitValues: [
    { zone: '一级', use: 'residential', yuanPerM2: '6000' },
    { zone: '一级', use: 'commercial', yuanPerM2: '9000' },
    { zone: '二级', use: 'residential', yuanPerM2: '4500' },
    { zone: '二级', use: 'commercial', yuanPerM2: '7000' },
  ],
  relocationYuanPerM2: '15',
  interimYuanPerM2Month: '12',
  interimMonths: 18,
  pipeYuanPerMetre: { arterial: '3200', secondary: '2000', branch: '1200' },
  note: '佳评估〔2026〕第18号',
};

type Counts = Record<string, { count: number; floorAreaDm2: number }>;
type Answer = { summary: { total: { count: number; floorAreaDm2: number }; byCategory: Counts }; lists: Record<string, { id: string }[]>; estimate: { ok: boolean; value: Record<string, Record<string, unknown>>; message?: string }; streets: { streetClass: string; metres: number }[] };

let office: Office;
let reviewer: string;
let admin: string;
const query = async (body: unknown, token = reviewer) => api(office, token, 'POST', '/office/map/query', body);

beforeAll(async () => {
  office = await startOfficeWithPages();
  const store = dbMapStore(office.storage.db);
  await store.importLayer(readLayer(TEST_CITY), 'test-city', 'test', new Date().toISOString());
  reviewer = await loginAs(office, 'wangfang');
  admin = await loginAs(office, 'admin');
  const saved = await api(office, admin, 'POST', '/office/map/tables', TABLES);
  expect(saved.status).toBe(201);
});
afterAll(() => office.close());

describe('the region query on the hand-checked test city', () => {
  it('counts each status and its floor area in a drawn polygon', async () => {
    const r = await query({ region: { kind: 'polygon', ring: L_SHAPE }, day: '2026-12-01' });
    expect(r.status).toBe(200);
    const a = r.json as unknown as Answer;
    expect(a.summary.total).toEqual({ count: 6, floorAreaDm2: 227_075 });
    expect(a.summary.byCategory).toEqual({
      registered: { count: 3, floorAreaDm2: 205_050 },
      'temporary-valid': { count: 1, floorAreaDm2: 6_025 },
      unregistered: { count: 1, floorAreaDm2: 12_000 },
      'temporary-expired': { count: 1, floorAreaDm2: 4_000 },
      illegal: { count: 0, floorAreaDm2: 0 },
    });
    expect(a.lists['registered']?.map((b) => b.id)).toEqual([id(1), id(2), id(7, '230804')]);
  });

  it('judges temporary buildings on the day asked: within the period up to its last day, past it after', async () => {
    const on = async (day: string) => ((await query({ region: { kind: 'polygon', ring: L_SHAPE }, day })).json as unknown as Answer).summary.byCategory;
    expect((await on('2026-06-30'))['temporary-valid']?.count).toBe(2);
    expect((await on('2026-07-01'))['temporary-expired']?.count).toBe(1);
    const later = await on('2028-01-01');
    expect([later['temporary-valid']?.count, later['temporary-expired']?.count]).toEqual([0, 2]);
  });

  it('counts a whole district picked by its code', async () => {
    const a = (await query({ region: { kind: 'district', code: '230803' }, day: '2026-12-01' })).json as unknown as Answer;
    expect(a.summary.total).toEqual({ count: 7, floorAreaDm2: 200_575 });
    expect(a.summary.byCategory['registered']).toEqual({ count: 3, floorAreaDm2: 175_050 });
    expect(a.summary.byCategory['illegal']).toEqual({ count: 1, floorAreaDm2: 3_500 });
  });

  it('estimates the cost with the tables the office set (《国有土地上房屋征收与补偿条例》第17, 19, 24条)', async () => {
    const a = (await query({ region: { kind: 'polygon', ring: L_SHAPE }, day: '2026-12-01' })).json as unknown as Answer;
    expect(a.estimate.ok).toBe(true);
    const e = a.estimate.value;
    // b1 1000 × 6000 + b2 250.5 × 9000 + b5 60.25 × 6000 + b7 800 × 4500 = 12,216,000.00 元 over 2110.75 m².
    expect(e['compensable']?.['valueFen']).toBe(1_221_600_000);
    // Relocation 2110.75 × 15 = 31,661.25 元; interim 2110.75 × 12 × 18 = 455,922.00 元.
    expect(e['compensable']?.['relocationFen']).toBe(3_166_125);
    expect(e['compensable']?.['interimFen']).toBe(45_592_200);
    expect(e['forSurvey']?.['ids']).toEqual([id(3)]);
    expect(e['expiredTemporary']?.['ids']).toEqual([id(4)]);
    // The arterial street runs through the region's upper arm for 0.004° of longitude at 46.8045° N: 304.4 m.
    expect(a.streets).toHaveLength(1);
    expect(a.streets[0]?.metres).toBeCloseTo(304.45, 0);
  });

  it('refuses a region that crosses itself, or an unknown district, in words and with nothing changed', async () => {
    const bow = await query({ region: { kind: 'polygon', ring: [[130.30, 46.80], [130.31, 46.81], [130.31, 46.80], [130.30, 46.81]] } });
    expect(bow.status).toBe(400);
    expect(bow.json['message']).toContain('自相交');
    const none = await query({ region: { kind: 'district', code: '230899' } });
    expect(none.json['message']).toBe('没有代码为 230899 的行政区。');
    expect((await api(office, null, 'POST', '/office/map/query', { region: { kind: 'district', code: '230803' } })).status).toBe(401);
  });
});

describe('status decisions', () => {
  it('records a survey finding on an unregistered building; the next query sees it, the history keeps both', async () => {
    const decision = { status: 'registered', decidedBy: '佳木斯市不动产登记中心', decidedOn: '2026-11-20', basis: '黑(2026)佳木斯市不动产权第0009999号' };
    expect((await api(office, reviewer, 'POST', `/office/map/buildings/${id(3)}/decisions`, decision)).status).toBe(403);
    const approver = await loginAs(office, 'chenjing');
    const bad = await api(office, approver, 'POST', `/office/map/buildings/${id(3)}/decisions`, { ...decision, status: 'temporary' });
    expect(bad.json['message']).toBe('临时建筑须填写批准期限的截止日期。');
    expect((await api(office, approver, 'POST', `/office/map/buildings/${id(3)}/decisions`, decision)).status).toBe(201);
    const a = (await query({ region: { kind: 'polygon', ring: L_SHAPE }, day: '2026-12-01' })).json as unknown as Answer;
    expect(a.summary.byCategory['unregistered']?.count).toBe(0);
    expect(a.summary.byCategory['registered']?.count).toBe(4);
    const detail = await api(office, reviewer, 'GET', `/office/map/buildings/${id(3)}?day=2026-12-01`);
    const history = detail.json['history'] as { status: string; recordedBy: string }[];
    expect(history.map((h) => h.status)).toEqual(['unregistered', 'registered']);
    expect(history[1]?.recordedBy).toBe('staff-chenjing');
    // Put it back for the other tests' arithmetic.
    await api(office, approver, 'POST', `/office/map/buildings/${id(3)}/decisions`, { status: 'unregistered', decidedBy: '佳木斯市不动产登记中心（地籍调查）', decidedOn: '2026-11-21', basis: '更正' });
  });

  it('links a registered building to the unit snapshots the office holds', async () => {
    const detail = await api(office, reviewer, 'GET', `/office/map/buildings/${id(1)}`);
    expect((detail.json['row'] as { unitIds: string[] }).unitIds).toEqual(['230803003012GB00001F00010101']);
  });
});

describe('the cost tables', () => {
  it('are set by the administration only, each change a new version with who and why', async () => {
    expect((await api(office, reviewer, 'POST', '/office/map/tables', TABLES)).status).toBe(403);
    const bad = await api(office, admin, 'POST', '/office/map/tables', { ...TABLES, relocationYuanPerM2: '15.001' });
    expect(bad.json['message']).toBe('搬迁费单价 不是有效金额（元，最多两位小数）。');
    expect((await api(office, admin, 'POST', '/office/map/tables', { ...TABLES, note: '佳评估〔2026〕第19号' })).status).toBe(201);
    const t = await api(office, reviewer, 'GET', '/office/map/tables');
    const history = t.json['history'] as { version: number; changedBy: string; note: string }[];
    expect(history.map((h) => [h.version, h.changedBy, h.note])).toEqual([
      [2, 'staff-admin', '佳评估〔2026〕第19号'],
      [1, 'staff-admin', '佳评估〔2026〕第18号'],
    ]);
  });
});

describe('exports', () => {
  const form = (day: string) => new URLSearchParams({ query: JSON.stringify({ region: { kind: 'district', code: '230803' }, day }) });
  const post = async (path: string, body: URLSearchParams) =>
    fetch(`${office.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'application/x-www-form-urlencoded' }, body });

  it('writes the counts, the estimate and the lists as a PDF with Chinese text', async () => {
    const res = await post('/office/map/export.pdf', form('2026-12-01'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString('utf8');
    expect(text).toContain('区域房屋统计及征收估算 · 甲区');
    expect(text).toMatch(/违法建筑\s+1\s+35\.00/);
    expect(text).toContain('第二十四条');
    expect(text).toContain('测试地址b9');
  });

  it('writes every building into the Excel sheet of its status', async () => {
    const res = await post('/office/map/export.xlsx', form('2026-12-01'));
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const registered = await readSheet(bytes, '已登记');
    expect(registered.slice(1).map((r) => r[0])).toEqual([id(1), id(2), id(9)]);
    expect(registered[1]?.[5]).toBe(1000);
  });
});
