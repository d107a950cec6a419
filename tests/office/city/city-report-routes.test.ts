import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITY_CODE } from '#domain/city/counties.ts';
import { CITY_TOTAL } from '#domain/city/statistics.ts';
import { buildOfficeApp } from '#server/app.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { ReportScheduler } from '#server/office/city/reports/report-scheduler.ts';
import { ReportStore } from '#server/office/city/reports/report-store.ts';
import { addFacts } from '#server/office/city/stat-store.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { openTestStorage } from '../../support/backend.ts';
import { removeDir, tempDir } from '../../sync/helpers.ts';
import { loginAs, type Office } from '../harness.ts';
import { TEST_PASSWORD_ITERATIONS } from '../../support/password-cost.ts';

/** The city office two days into December 2026 (10:00 Beijing time): November's report has fallen due. */
const clock = { now: () => new Date('2026-12-02T02:00:00Z') };
let city: Office;
let token: string;
const get = (path: string) => fetch(`${city.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  const dataDir = tempDir('city-report-routes');
  const { storage, dispose } = await openTestStorage(dataDir, { clock });
  await seedOffice(storage, 'demo', clock);
  await storage.db.transaction(async (tx) => {
    await addFacts(tx, '230822', [{ source: 'event:1', month: '2026-11', kind: 'transfer', use: 'residential', measures: { registrations: 2, registeredUnits: 2, feeFen: 16_000 } }], CITY_TOTAL);
    await addFacts(tx, CITY_CODE, [{ source: 'event:2', month: '2026-11', kind: 'first', use: 'residential', measures: { registrations: 1, registeredUnits: 1, feeFen: 8_000 } }], CITY_TOTAL);
  });
  const plugin = cityPlugin({ officeCode: CITY_CODE, counties: [], statisticsEveryMs: 3_600_000, pullEveryMs: 3_600_000, reports: { backMonths: 1 }, reportsFirstAfterMs: 0 });
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, clock, plugins: [officePlugin, plugin] });
  city = { url: await app.listen({ port: 0, host: '127.0.0.1' }), app, storage, dataDir, close: async () => { await app.close(); await dispose(); removeDir(dataDir); } };
  token = await loginAs(city, 'admin');
}, 120_000);
afterAll(async () => {
  await city?.close();
});

describe('the city page’s reports', () => {
  it('lists the reports the office drew by itself when November and 2025 had closed, with their files', { timeout: 120_000 }, async () => {
    let page = '';
    await expect.poll(async () => {
      page = await (await get('/office/city')).text();
      return [...page.matchAll(/data-report="([^"]+)"/g)].map((m) => m[1]);
    }, { timeout: 100_000, interval: 500 }).toEqual(['year-2025', 'month-2026-11']);
    expect(page).toContain('佳木斯市不动产登记与房地产市场统计月报（2026年11月）');
    expect(page).toContain('data-testid="report-form"');
    const pdf = await get('/office/city/reports/month-2026-11.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const missing = await get('/office/city/reports/month-2026-10.pdf');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('该报表尚未生成：请待期末自动生成，或即时生成');
  });

  it('draws a report on demand from the page’s form, and explains a period it cannot read', { timeout: 60_000 }, async () => {
    const res = await get('/office/city/reports/make?period=2026-11&format=xlsx');
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('月报（2026年11月）.xlsx');
    const sheets = await readXlsxFile(Buffer.from(await res.arrayBuffer()));
    const offices = sheets.find((s) => s.sheet === '分县（市）')?.data ?? [];
    expect(offices[1]?.slice(0, 4)).toEqual(['桦南县', 2, 2, 160]);
    expect(offices[7]?.slice(0, 4)).toEqual(['佳木斯市', 1, 1, 80]);
    expect(offices[9]?.slice(0, 4)).toEqual(['全市合计', 3, 3, 240]);
    // Refused on a page of the office with the reason, the form as typed and the way back, not a bare line of text.
    const bad = await get('/office/city/reports/make?period=2026-13&format=pdf');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/html');
    const badPage = await bad.text();
    expect(badPage).toContain('<p class="flag" role="alert" id="report-refused">报表期间“2026-13”有误：请填写月份（如 2026-11）或年份（如 2026）</p>');
    expect(badPage).toMatch(/<input name="period"[^>]* value="2026-13">/);
    expect(badPage).toContain('<a href="/office/city">返回市县联机</a>');
    // The office's day is 2026-12-02: December and 2026 have begun, January and 2027 not; a report of them would be all zeros.
    for (const period of ['2027-01', '2027']) {
      const notYet = await get(`/office/city/reports/make?period=${period}&format=pdf`);
      expect(notYet.status).toBe(400);
      expect(await notYet.text()).toContain(`报表期间“${period}”尚未开始：只能生成本月及以前的月份、本年及以前的年份`);
    }
    expect((await get('/office/city/reports/make?period=2026-12&format=pdf')).status).toBe(200);
    // Only staff: a visitor is sent to log in first.
    const anon = await fetch(`${city.url}/office/city/reports/make?period=2026-11&format=pdf`, { redirect: 'manual' });
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toBe(`/office/login?next=${encodeURIComponent('/office/city/reports/make?period=2026-11&format=pdf')}`);
    const login = await fetch(`${city.url}${anon.headers.get('location') ?? ''}`);
    expect(login.status).toBe(200);
  });

  it('lists a redrawn report’s revisions, the earlier one marked superseded, and serves both', { timeout: 120_000 }, async () => {
    // 桦川县's November registration arrives late; the office's next round redraws November.
    await city.storage.db.transaction((tx) => addFacts(tx, '230826', [{ source: 'event:late', month: '2026-11', kind: 'transfer', use: 'residential', measures: { registrations: 1, registeredUnits: 1, feeFen: 8_000 } }], CITY_TOTAL));
    const store = new ReportStore(join(city.dataDir, 'reports', 'city'));
    expect(await new ReportScheduler(city.storage.db, store, clock, { backMonths: 1 }).runDue()).toEqual(['month-2026-11.r2']);
    const page = await (await get('/office/city')).text();
    expect([...page.matchAll(/data-report="([^"]+)" data-revision="(\d+)"( data-superseded="true")?/g)].map((m) => [m[1], m[2], Boolean(m[3])])).toEqual([
      ['year-2025', '1', false], ['month-2026-11', '2', false], ['month-2026-11', '1', true],
    ]);
    expect(page).toContain('第1版（已被第2版取代）');
    const total = async (path: string) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      return (await readXlsxFile(Buffer.from(await res.arrayBuffer())))[1]?.data[9]?.slice(0, 4);
    };
    expect(await total('/office/city/reports/month-2026-11.xlsx')).toEqual(['全市合计', 4, 4, 320]);
    expect(await total('/office/city/reports/month-2026-11.r2.xlsx')).toEqual(['全市合计', 4, 4, 320]);
    expect(await total('/office/city/reports/month-2026-11.r1.xlsx')).toEqual(['全市合计', 3, 3, 240]);
    const first = await get('/office/city/reports/month-2026-11.r1.pdf');
    expect(decodeURIComponent(first.headers.get('content-disposition') ?? '')).toContain('月报（2026年11月）（第1版）.pdf');
    for (const missing of ['month-2026-11.r3.pdf', 'month-2026-11.r0.pdf', 'month-2026-11.r1.json']) expect((await get(`/office/city/reports/${missing}`)).status).toBe(404);
  });
});
