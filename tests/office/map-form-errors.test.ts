import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLayer } from '#server/office/map/layer.ts';
import { dbMapStore } from '#server/office/map/db-map-store.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { createAccount } from '#server/office/market/portal-accounts.ts';
import { csrfIn, getPage, pageLogin, portalLogin, postForm } from '../security/attacker-kit.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';

/**
 * Every form and request of the map query refused with bad input says what is wrong in Chinese, each field by its
 * label on the map's pages (zod's own wording, `path Too small: expected array to have >=3 items`, reached staff).
 */
const dir = new URL('../../fixtures/map/test-city/', import.meta.url).pathname;
const TEST_CITY = { districts: `${dir}districts.geojson`, parcels: `${dir}parcels.geojson`, buildings: `${dir}buildings.geojson`, streets: `${dir}streets.geojson` };
const BUILDING = '230803003012GB00001F0001';
const TABLES = {
  unitValues: [{ zone: '一级', use: 'residential', yuanPerM2: '6000' }],
  relocationYuanPerM2: '15',
  interimYuanPerM2Month: '12',
  interimMonths: 18,
  pipeYuanPerMetre: { arterial: '3200', secondary: '2000', branch: '1200' },
  note: '佳评估〔2026〕第18号',
};
const BUILDER_PASSWORD = 'chengtou-2026-map';

let office: Office;
let admin: string;
let cookie: string;
let csrf: string;
let portal: string;
let portalCsrf: string;

beforeAll(async () => {
  office = await startOfficeWithPages();
  await dbMapStore(office.storage.db).importLayer(readLayer(TEST_CITY), 'test-city', 'test', new Date().toISOString());
  admin = await loginAs(office, 'admin');
  cookie = (await pageLogin(office.url, 'admin')).cookie ?? '';
  csrf = csrfIn((await getPage(office.url, '/office/map', cookie)).html) ?? '';
  const stores = dbMarketStores(office.storage.db);
  await stores.table.createOrg({ id: 'builder-1', kind: 'builder', name: '佳木斯市城市建设投资有限公司', creditCode: '91230800MA1B2C3D7H', active: true, createdBy: 'test', createdAt: new Date().toISOString() });
  const account = await createAccount(stores, office.app.office, { id: 'builder-1', kind: 'builder' }, { login: 'ct-survey', name: '孙测量', roles: ['surveyor'], password: BUILDER_PASSWORD });
  expect(account.ok).toBe(true);
  portal = await portalLogin(office.url, 'ct-survey', BUILDER_PASSWORD);
  portalCsrf = csrfIn((await getPage(office.url, '/portal/builder/map', portal)).html) ?? '';
  expect([csrf, portalCsrf]).not.toContain('');
});
afterAll(() => office.close());

/** The message is Chinese through and through: no zod wording, no field's code name, no Latin letter at all. */
function expectChinese(message: string): void {
  expect(message).toMatch(/^请求不合格：/);
  expect(message).not.toMatch(/[A-Za-z]/);
}

/** A page's answer as the browser's script posts it: the session cookie, the CSRF token, JSON. */
async function postPage(path: string, body: unknown, as: 'office' | 'portal' = 'office'): Promise<{ status: number; text: string }> {
  const token = as === 'office' ? csrf : portalCsrf;
  const res = await fetch(`${office.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/json', cookie: as === 'office' ? cookie : portal, origin: office.url, 'x-csrf-token': token },
    body: JSON.stringify({ ...(body as object), _csrf: token }),
  });
  return { status: res.status, text: await res.text() };
}

/** The refusal a page fragment shows (`<p class="flag">…</p>`). */
const flagOf = (html: string) => /<p class="flag"[^>]*>([^<]*)<\/p>/.exec(html)?.[1] ?? html;

describe('the map JSON API refuses bad input in the words of the map page', () => {
  it('the layer of buildings: a map window that is not four numbers, a day that is no date', async () => {
    const bbox = await api(office, admin, 'GET', '/office/map/buildings?bbox=130.3,46.8');
    expect(bbox.status).toBe(400);
    expect(bbox.json['message']).toBe('请求不合格：地图显示范围：应为“最小经度,最小纬度,最大经度,最大纬度”');
    const day = await api(office, admin, 'GET', '/office/map/buildings?bbox=130.3,46.8,130.31,46.81&day=2026-13-01');
    expect(day.status).toBe(400);
    expect(day.json['message']).toBe('请求不合格：认定日期：请按“年-月-日”填写日期');
  });

  it('the region query: no region, a polygon of two points, a district code of letters, a list length of words', async () => {
    const none = await api(office, admin, 'POST', '/office/map/query', {});
    expect(none.status).toBe(400);
    expect(none.json['message']).toBe('请求不合格：查询区域：请填写');
    const kind = await api(office, admin, 'POST', '/office/map/query', { region: { kind: 'circle' } });
    expect(kind.json['message']).toBe('请求不合格：查询区域：格式不对');
    const two = await api(office, admin, 'POST', '/office/map/query', { region: { kind: 'polygon', ring: [[130.3, 46.8], [130.31]] }, listLimit: 'many', day: '明天' });
    expect(two.status).toBe(400);
    expect(two.json['message']).toBe('请求不合格：绘制区域的顶点：太少；认定日期：请按“年-月-日”填写日期；每类列出的栋数：格式不对');
    const code = await api(office, admin, 'POST', '/office/map/query', { region: { kind: 'district', code: 'abc' }, listLimit: -1 });
    expect(code.status).toBe(400);
    expect(code.json['message']).toBe('请求不合格：按行政区选择：格式不对；每类列出的栋数：超出允许的范围');
  });

  it("a building's status on a day that is no date", async () => {
    const r = await api(office, admin, 'GET', `/office/map/buildings/${BUILDING}?day=tomorrow`);
    expect(r.status).toBe(400);
    expect(r.json['message']).toBe('请求不合格：认定日期：请按“年-月-日”填写日期');
  });

  it('a status decision: an unknown status, no deciding body, a day that is no date, a basis too long, and nothing recorded', async () => {
    const before = await api(office, admin, 'GET', `/office/map/buildings/${BUILDING}`);
    const r = await api(office, admin, 'POST', `/office/map/buildings/${BUILDING}/decisions`, { status: 'ruined', decidedBy: ' ', decidedOn: '2026/11/02', basis: '依'.repeat(201), approvedUntil: 7 });
    expect(r.status).toBe(400);
    expect(r.json['message']).toBe('请求不合格：认定为：格式不对；认定机关：请填写；认定日期：请按“年-月-日”填写日期；依据：太长；批准期限至：格式不对');
    expect((await api(office, admin, 'GET', `/office/map/buildings/${BUILDING}`)).json['history']).toEqual(before.json['history']);
  });

  it('the cost tables: a row without a zone, a use not offered, months of words, a class of road missing, no basis', async () => {
    const r = await api(office, admin, 'POST', '/office/map/tables', {
      ...TABLES,
      unitValues: [{ zone: '', use: 'castle', yuanPerM2: '6000' }],
      interimMonths: '十八',
      pipeYuanPerMetre: { arterial: '3200', secondary: '2000' },
      note: '',
    });
    expect(r.status).toBe(400);
    expect(r.json['message']).toBe('请求不合格：区片：请填写；用途：格式不对；临时安置月数：格式不对；地下管网改造单价（支路）：请填写；调整依据：请填写');
    const none = await api(office, admin, 'POST', '/office/map/tables', { ...TABLES, unitValues: 'all' });
    expect(none.json['message']).toBe('请求不合格：被征收房屋评估单价：格式不对');
  });
});

describe("the map's pages refuse bad input in the words of the page", () => {
  it('the layer the page draws', async () => {
    for (const base of ['/office/map', '/portal/builder/map']) {
      const res = await fetch(`${office.url}${base}/data/buildings?bbox=x`, { headers: { cookie: base.startsWith('/office') ? cookie : portal } });
      expect(res.status, base).toBe(400);
      const message = String(((await res.json()) as Record<string, unknown>)['message']);
      expectChinese(message);
      expect(message).toContain('地图显示范围');
    }
  });

  it("the region's answer, on the office's page and the portal's", async () => {
    for (const as of ['office', 'portal'] as const) {
      const base = as === 'office' ? '/office/map' : '/portal/builder/map';
      const r = await postPage(`${base}/result`, { region: { kind: 'polygon', ring: [] }, day: '2026-02-30x' }, as);
      expect(r.status, as).toBe(400);
      expect(flagOf(r.text)).toBe('请求不合格：绘制区域的顶点：太少；认定日期：请按“年-月-日”填写日期');
    }
  });

  it('the exports: a query that is no JSON, and one that asks no region', async () => {
    for (const kind of ['pdf', 'xlsx']) {
      const garbled = await postForm(office.url, `/office/map/export.${kind}`, cookie, { _csrf: csrf, query: '{region' }, { origin: office.url });
      expect(garbled.status, kind).toBe(400);
      expect(garbled.html).toBe('请求不合格：查询条件：格式不对');
      const empty = await postForm(office.url, `/office/map/export.${kind}`, cookie, { _csrf: csrf, query: JSON.stringify({ day: '2026-11-02' }) }, { origin: office.url });
      expect(empty.status, kind).toBe(400);
      expect((JSON.parse(empty.html) as Record<string, unknown>)['message']).toBe('请求不合格：查询区域：请填写');
    }
  });

  it("a building's panel on a day that is no date", async () => {
    const r = await getPage(office.url, `/office/map/building/${BUILDING}?day=2026-11`, cookie);
    expect(r.status).toBe(400);
    expect(flagOf(r.html)).toBe('请求不合格：认定日期：请按“年-月-日”填写日期');
  });

  it("the panel's decision form, left empty, shows the panel again with what to fill in", async () => {
    const r = await postPage(`/office/map/building/${BUILDING}/decisions`, { status: 'illegal', decidedBy: '', decidedOn: '', approvedUntil: '', basis: '' });
    expect(r.status).toBe(400);
    expect(flagOf(r.text)).toBe('请求不合格：认定机关：请填写；认定日期：请按“年-月-日”填写日期；依据：请填写');
    expect(r.text).toContain('id="map-decide"');
  });

  it('the cost-table form, with amounts of words and no basis, sends the page back with what is wrong', async () => {
    const form = { _csrf: csrf, zone_0: '一级', use_0: 'palace', yuan_0: '6000', relocation: '15', interim: '12', months: '一年半', pipe_arterial: '3200', pipe_secondary: '2000', pipe_branch: '1200', note: ' ' };
    const r = await postForm(office.url, '/office/map/tables', cookie, form, { origin: office.url });
    // The page's own pattern (post, redirect, get): the refusal comes back on the page, as its other refusals do.
    expect(r.status).toBe(302);
    const err = new URL(r.location, office.url).searchParams.get('err') ?? '';
    expectChinese(err);
    expect(err).toBe('请求不合格：用途：格式不对；临时安置月数：格式不对；调整依据：请填写');
    expect((await getPage(office.url, r.location, cookie)).html).toContain('临时安置月数：格式不对');
  });
});
