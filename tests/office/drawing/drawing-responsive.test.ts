import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITY_CODE } from '#domain/city/counties.ts';
import { CITY_TOTAL } from '#domain/city/statistics.ts';
import { API_BASE } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { addFacts } from '#server/office/city/stat-store.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { openTestStorage } from '../../support/backend.ts';
import { removeDir, tempDir } from '../../sync/helpers.ts';
import { loginAs, type Office } from '../harness.ts';
import { TEST_PASSWORD_ITERATIONS } from '../../support/password-cost.ts';

/** The city office in January 2027, with a year of two counties' and its own figures to report. */
const clock = { now: () => new Date('2027-01-05T02:00:00Z') };
let city: Office;
let token: string;
/** Resolves when the office has received a report request: only then does the test ask anything else. */
let reportArrived: () => void = () => undefined;

beforeAll(async () => {
  const dataDir = tempDir('drawing-responsive');
  const { storage, dispose } = await openTestStorage(dataDir, { clock });
  await seedOffice(storage, 'demo', clock);
  await storage.db.transaction(async (tx) => {
    for (const office of ['230822', '230826', CITY_CODE]) {
      const facts = Array.from({ length: 12 }, (_, i) => ({
        source: `event:${office}-${i}`, month: `2026-${String(i + 1).padStart(2, '0')}`, kind: 'transfer' as const, use: 'residential' as const,
        measures: { registrations: 2 + i, registeredUnits: 2 + i, feeFen: 16_000, newHomeCount: 1 + (i % 3), newHomeAreaDm2: 9_000, newHomeFen: 54_000_000 },
      }));
      await addFacts(tx, office, facts, CITY_TOTAL);
    }
  });
  // No scheduled round during the test: only the report it asks for is drawn.
  const plugin = cityPlugin({ officeCode: CITY_CODE, counties: [], statisticsEveryMs: 3_600_000, pullEveryMs: 3_600_000, reportsEveryMs: 3_600_000, reportsFirstAfterMs: 3_600_000 });
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, clock, plugins: [officePlugin, plugin] });
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.url.startsWith('/office/city/reports/make')) reportArrived();
    done();
  });
  city = { url: await app.listen({ port: 0, host: '127.0.0.1' }), app, storage, dataDir, close: async () => { await app.close(); await dispose(); removeDir(dataDir); } };
  token = await loginAs(city, 'admin');
}, 120_000);
afterAll(async () => {
  await city?.close();
});

describe('the office while a report is drawn', () => {
  it('answers status requests before the year’s report it was asked for first is done', { timeout: 180_000 }, async () => {
    // The office has drawn a report before (its fonts and libraries are loaded): this one is all drawing.
    const first = await fetch(`${city.url}/office/city/reports/make?period=2026&format=pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const done: string[] = [];
    const arrived = new Promise<void>((resolve) => (reportArrived = resolve));
    const report = fetch(`${city.url}/office/city/reports/make?period=2026&format=pdf`, { headers: { authorization: `Bearer ${token}` } }).then(async (res) => {
      const bytes = Buffer.from(await res.arrayBuffer());
      done.push('report');
      return { status: res.status, head: bytes.subarray(0, 5).toString() };
    });
    await arrived;
    // Three status requests one after another, each sent when the one before was answered.
    for (let i = 1; i <= 3; i++) {
      const res = await fetch(`${city.url}${API_BASE}/health`);
      expect(res.status).toBe(200);
      await res.json();
      done.push(`status ${i}`);
    }
    expect(await report).toEqual({ status: 200, head: '%PDF-' });
    expect(done).toEqual(['status 1', 'status 2', 'status 3', 'report']);
  });
});
