import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseIdFor } from '#domain/case/case-id.ts';
import { CITY_TOTAL, type StatRow, sumOverOffices, totalOf } from '#domain/city/statistics.ts';
import { sql } from '#office/platform/db/sql.ts';
import { buildOfficeApp } from '#server/app.ts';
import { seedArchive } from '#server/office/archive/seed-register.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { registerCityPage } from '#server/office/city/city-page.ts';
import { CountyPuller, type CountyLink } from '#server/office/city/county-puller.ts';
import { OfficeStatistics } from '#server/office/city/office-statistics.ts';
import { ReportScheduler } from '#server/office/city/reports/report-scheduler.ts';
import { ReportStore } from '#server/office/city/reports/report-store.ts';
import { cityRows as cityRowsOf, statRows } from '#server/office/city/stat-store.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { openTestStorage } from '../../support/backend.ts';
import { api, loginAs, type Office } from '../harness.ts';
import { DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { protocolHeaders, removeDir, tempDir } from '../../sync/helpers.ts';
import { freeUnit, Van } from '../scenario.ts';
import { TEST_PASSWORD_ITERATIONS } from '../../support/password-cost.ts';

const TOKEN = 'city-feed-token-for-tests-0123456789';
const ALL_MONTHS = { fromMonth: '2000-01', toMonth: '2999-12' };
const DAY = 24 * 3600_000;

type County = Office & { code: string; stats: OfficeStatistics };

/** A county office on its own database, seeded with the demo register and market, serving the city's feed. */
async function startCounty(code: string): Promise<County> {
  const dataDir = tempDir(`county-${code}`);
  const { storage, dispose } = await openTestStorage(dataDir);
  await seedOffice(storage, 'demo');
  await seedArchive(storage, 'demo', todayInOffice());
  await seedMarket(storage.db, 'demo', todayInOffice());
  const plugin = cityPlugin({ officeCode: code, cityToken: TOKEN, statisticsEveryMs: 3_600_000 });
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, countyCode: code, plugins: [officePlugin, plugin] });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const stats = new OfficeStatistics(storage.db, code);
  return { code, url, app, storage, dataDir, stats, close: async () => { await app.close(); await dispose(); removeDir(dataDir); } };
}

/** Takes a van's case through the three review levels to 登簿 at its county. */
async function register(county: County, caseId: string, outOfOrderReason = ''): Promise<void> {
  for (const [who, action] of [['wangfang', 'pass'], ['liuyang', 'pass'], ['chenjing', 'pass'], ['chenjing', 'register']] as const) {
    const res = await api(county, await loginAs(county, who), 'POST', `/office/cases/${caseId}/actions`, { action, reason: '材料齐全，符合登记条件', outOfOrderReason });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  }
}

let a: County;
let b: County;
let city: Office;
let offline = false;
let requests = 0;
let failAfter = Infinity;
let puller: CountyPuller;
let vanA: Van;
let vanB: Van;

/** The city's network: county B can be cut off, and any link dropped after a number of requests. */
const cityFetch: typeof fetch = async (input, init) => {
  requests += 1;
  if (requests > failAfter) throw new Error('connection reset');
  if (offline && (input instanceof Request ? input.url : input.toString()).startsWith(b.url)) throw new Error('connect ECONNREFUSED');
  return fetch(input, init);
};

const ownRows = async (c: County): Promise<StatRow[]> => {
  await c.stats.catchUp();
  return statRows(c.storage.db, { ...ALL_MONTHS, offices: [c.code] });
};
const cityTotal = () => cityRowsOf(city.storage.db, ALL_MONTHS.fromMonth, ALL_MONTHS.toMonth);
const cityRows = (code: string) => statRows(city.storage.db, { ...ALL_MONTHS, offices: [code] });

beforeAll(async () => {
  a = await startCounty('230822');
  b = await startCounty('230826');
  const dataDir = tempDir('city');
  const { storage, dispose } = await openTestStorage(dataDir);
  await seedOffice(storage, 'demo');
  const links: CountyLink[] = [a, b].map((c) => ({ code: c.code, url: c.url, token: TOKEN }));
  const page = (app: Parameters<typeof registerCityPage>[0]) => {
    registerCityPage(app, links.map((l) => l.code));
    return Promise.resolve();
  };
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, plugins: [officePlugin, page] });
  city = { url: await app.listen({ port: 0, host: '127.0.0.1' }), app, storage, dataDir, close: async () => { await app.close(); await dispose(); removeDir(dataDir); } };
  // Pages of two, so every catch-up below crosses many pages and checkpoints.
  puller = new CountyPuller(storage.db, links, { now: () => new Date() }, { fetchFn: cityFetch, pageSize: 2 });

  vanA = await Van.enroll(a, 'van-a');
  vanB = await Van.enroll(b, 'van-b');
  const first = await vanA.acceptCase(1, await freeUnit(a, 0));
  await vanA.acceptCase(2, await freeUnit(a, 1));
  await register(a, first.caseId);
  for (let n = 1; n <= 3; n++) await vanB.acceptCase(n, await freeUnit(b, n - 1));
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close(), city?.close()]);
});

describe('city–county platform', () => {
  it('gives each county’s devices ids that carry its code', () => {
    expect(vanA.deviceId).toMatch(/^dev-230822-/);
    expect(vanB.deviceId).toMatch(/^dev-230826-/);
  });

  it('gives the appointments and trips a county office plans ids that carry its code', async () => {
    const admin = await loginAs(a, 'admin');
    const day = todayInOffice();
    const taken = await api(a, admin, 'POST', '/office/appointments', { applicantName: '赵桂兰', phone: '13945400000', address: '桦南县桦南镇光明街8号', businessKind: 'transfer', category: 'elderly', preferredDate: day, notes: '' });
    expect(taken.status, JSON.stringify(taken.json)).toBe(201);
    const appointmentId = String(taken.json['id']);
    expect(appointmentId).toMatch(/^appt-230822-/);
    const trip = await api(a, admin, 'POST', '/office/trips', { date: day, vanId: 'van-1', title: '桦南镇上门登记', appointmentRequestIds: [appointmentId] });
    expect(trip.status, JSON.stringify(trip.json)).toBe(201);
    expect(String(trip.json['id'])).toMatch(new RegExp(`^trip-230822-${day}-`));
  });

  it('keeps each county’s own statistics from its cases and its market', async () => {
    const ownA = totalOf(await ownRows(a));
    // Two cases of 80 yuan each, one of them registered with its one unit; the demo market's six filings, all
    // standing (628.68 m² for 4,355,892 yuan in all), no second-hand home sold yet, and one presale
    // permit over the first building's twelve flats.
    expect(ownA).toEqual({
      registrations: 1, registeredUnits: 1, feeFen: 16_000, newHomeCount: 6, newHomeAreaDm2: 62_868, newHomeFen: 435_589_200,
      secondHandCount: 0, secondHandAreaDm2: 0, secondHandFen: 0, supplyUnits: 12, supplyAreaDm2: 125_736,
    });
    const ownB = totalOf(await ownRows(b));
    expect(ownB).toMatchObject({ registrations: 0, feeFen: 24_000 });
    expect({ ...ownA, registrations: 0, registeredUnits: 0, feeFen: 0 }).toEqual({ ...ownB, feeFen: 0 });
  });

  it('brings both counties to the city by itself, and its totals are the sum of the counties’ own', async () => {
    await puller.pullAll();
    expect(await cityRows(a.code)).toEqual(await ownRows(a));
    expect(await cityRows(b.code)).toEqual(await ownRows(b));
    // The city's own figure, kept as the facts came, row by row the sum of the two counties' own.
    expect(await cityTotal()).toEqual(sumOverOffices([...(await ownRows(a)), ...(await ownRows(b))], CITY_TOTAL));
  });

  it('catches a county up exactly after a day offline, across a dropped link, with nothing doubled', async () => {
    offline = true;
    const tomorrow = new Date(Date.now() + DAY).toISOString();
    for (let n = 4; n <= 8; n++) await vanB.acceptCase(n, await freeUnit(b, n - 1), { at: tomorrow });
    // A second-hand home of the county's market is sold while the link is down.
    const listing = await b.storage.db.get<{ id: string; area_dm2: number | string; price_fen: number | string }>(sql`SELECT id, area_dm2, price_fen FROM market_listings WHERE kind = 'second-hand' AND status = 'published' ORDER BY id LIMIT 1`);
    expect(await dbMarketStores(b.storage.db).listings.end(listing?.id ?? '', 'sold', tomorrow, tomorrow.slice(0, 10))).toBe(true);
    await puller.pullAll();
    const link = await city.storage.db.get<{ last_error: string | null; last_ok_at: string | null }>(sql`SELECT last_error, last_ok_at FROM county_links WHERE code = ${b.code}`);
    expect(link?.last_error).toContain('无法访问');
    expect(totalOf(await cityRows(b.code)).feeFen).toBe(24_000);

    // Back online, but the link drops after three more requests: the city keeps what it stored, page by page.
    offline = false;
    failAfter = requests + 3;
    expect(await puller.pullCounty({ code: b.code, url: b.url, token: TOKEN })).toBe('failed');
    failAfter = Infinity;
    await puller.pullAll();
    await puller.pullAll();
    expect(await cityRows(b.code)).toEqual(await ownRows(b));
    expect(totalOf(await cityRows(b.code))).toMatchObject({ feeFen: 64_000, secondHandCount: 1, secondHandAreaDm2: Number(listing?.area_dm2), secondHandFen: Number(listing?.price_fen) });
    const facts = await city.storage.db.get<{ n: number | string }>(sql`SELECT count(*) AS n FROM stat_facts WHERE office_code = ${b.code}`);
    const own = await b.storage.db.get<{ n: number | string }>(sql`SELECT count(*) AS n FROM stat_facts WHERE office_code = ${b.code}`);
    expect(Number(facts?.n)).toBe(Number(own?.n));
    expect(await cityTotal()).toEqual(sumOverOffices([...(await ownRows(a)), ...(await ownRows(b))], CITY_TOTAL));
  });

  it('re-verifies every device’s chain and flags a county chain altered in the county’s database', async () => {
    const chains = await city.storage.db.all<{ county_code: string; device_id: string; seq: number | string; state: string }>(sql`SELECT county_code, device_id, seq, state FROM county_chains ORDER BY county_code, device_id`);
    expect(chains.filter((c) => c.device_id === vanA.deviceId || c.device_id === vanB.deviceId).map((c) => [c.device_id, Number(c.seq), c.state])).toEqual([
      [vanA.deviceId, 4, 'ok'],
      [vanB.deviceId, 16, 'ok'],
    ]);
    // Someone with access to county A's database lowers the fee of a case its van has not sent on yet.
    const late = await vanA.acceptCase(3, await freeUnit(a, 2));
    const changed = await a.storage.db.transaction((tx) =>
      tx.run(sql`UPDATE documents SET body = replace(body, '"totalFen":8000', '"totalFen":800') WHERE collection = 'caseEvents' AND id = ${`${vanA.deviceId}-e6`}`),
    );
    expect(changed).toBe(1);
    await puller.pullAll();
    const flagged = await city.storage.db.get<{ state: string; detail: string }>(sql`SELECT state, detail FROM county_chains WHERE county_code = ${a.code} AND device_id = ${vanA.deviceId}`);
    expect(flagged).toEqual({ state: 'broken', detail: '事件内容与其哈希不符：事件被修改（第 6 号）' });
    expect(late.caseId).toContain(vanA.deviceId);
    const pageRes = await fetch(`${city.url}/office/city`, { headers: { authorization: `Bearer ${await loginAs(city, 'admin')}` } });
    const text = await pageRes.text();
    expect(pageRes.status).toBe(200);
    expect(text).toContain(`data-chain="${vanA.deviceId}" data-state="broken"`);
    expect(text).toContain(`data-chain="${vanB.deviceId}" data-state="ok"`);
    expect(text).toContain('桦南县');
  });

  it('shows how far a county has fallen behind', async () => {
    offline = true;
    for (let n = 9; n <= 11; n++) await vanB.acceptCase(n, await freeUnit(b, n - 1));
    await b.stats.catchUp();
    // The city learns the county's progress from any answer it gets; here, a moment's link carries one page.
    offline = false;
    failAfter = requests + 1;
    await puller.pullCounty({ code: b.code, url: b.url, token: TOKEN });
    failAfter = Infinity;
    const text = await (await fetch(`${city.url}/office/city`, { headers: { authorization: `Bearer ${await loginAs(city, 'admin')}` } })).text();
    // Three cases: three fee facts, of which one page of two arrived, and their six case events, none yet.
    const row = /<tr data-county="230826">[\s\S]*?<\/tr>/.exec(text)?.[0] ?? '';
    expect(row).toContain('data-lag="facts"><span class="tag warn" data-behind="1">落后 1 条');
    expect(row).toContain('data-lag="events"><span class="tag warn" data-behind="6">落后 6 条');
    await puller.pullAll();
    expect(await cityRows(b.code)).toEqual(await ownRows(b));
  });

  it('draws a county van’s case ids with its code, keeps two counties’ same draw apart at the city, and still takes old ids', { timeout: 120_000 }, async () => {
    const draw = randomUUID();
    const inA = await vanA.acceptCase(12, await freeUnit(a, 3), { caseId: caseIdFor(vanA.deviceId, draw) });
    const inB = await vanB.acceptCase(12, await freeUnit(b, 11), { caseId: caseIdFor(vanB.deviceId, draw) });
    // A case drawn before the platform (a bare random id) is still taken and registered.
    const old = await vanB.acceptCase(13, await freeUnit(b, 12), { caseId: randomUUID() });
    expect([inA.caseId, inB.caseId]).toEqual([`case-230822-${draw}`, `case-230826-${draw}`]);
    const ahead = '申请人急需办理贷款，经科长同意提前办理';
    await register(b, inB.caseId, ahead);
    await register(b, old.caseId, ahead);
    await register(a, inA.caseId, ahead);
    await puller.pullAll();
    expect(await cityRows(a.code)).toEqual(await ownRows(a));
    expect(await cityRows(b.code)).toEqual(await ownRows(b));
    // Each county's registration of its own case reached the city under that county: one in A (its first) and two in B.
    expect([totalOf(await cityRows(a.code)).registrations, totalOf(await cityRows(b.code)).registrations]).toEqual([2, 2]);
    expect(await cityTotal()).toEqual(sumOverOffices([...(await ownRows(a)), ...(await ownRows(b))], CITY_TOTAL));
  });

  it('redraws the month’s stored report when a county offline since it was drawn catches up, with the counties’ new totals', { timeout: 120_000 }, async () => {
    const month = todayInOffice().slice(0, 7);
    // The third day of the next month (China time): this month's report has fallen due.
    const [y, m] = month.split('-').map(Number);
    const next = new Date(Date.UTC(y ?? 0, m ?? 0, 3, 2));
    const store = new ReportStore(join(city.dataDir, 'reports-late'));
    const round = () => new ReportScheduler(city.storage.db, store, { now: () => next }, { backMonths: 1 }).runDue();
    const totalLine = async () => (await readXlsxFile(Buffer.from((await store.read(`month-${month}`, 'xlsx')) ?? new Uint8Array())))[1]?.data[9]?.slice(0, 4);
    const ownLine = async () => {
      const own = totalOf([...(await ownRows(a)), ...(await ownRows(b))].filter((r) => r.month === month));
      return ['全市合计', own.registrations, own.registeredUnits, own.feeFen / 100];
    };
    await puller.pullAll();
    expect(await round()).toContain(`month-${month}`);
    expect(await totalLine()).toEqual(await ownLine());
    const before = await totalLine();

    // County B goes offline and takes two more cases this month; the city cannot read them, and its report stands.
    offline = true;
    for (let n = 14; n <= 15; n++) await vanB.acceptCase(n, await freeUnit(b, n - 1));
    await puller.pullAll();
    expect(await round()).toEqual([]);
    // Back online days later: the city catches up, and the month is redrawn with the new figures, once.
    offline = false;
    await puller.pullAll();
    // In December the year's report, drawn on the same day, holds the month and is redrawn with it.
    expect(await round()).toEqual([...(m === 12 ? [`year-${String(y)}.r2`] : []), `month-${month}.r2`]);
    expect(await round()).toEqual([]);
    expect(await totalLine()).toEqual(await ownLine());
    expect((await totalLine())?.[3]).toBe(Number(before?.[3]) + 160);
    expect((await store.revisions(`month-${month}`)).map((r) => r.revision)).toEqual([1, 2]);
  });

  it('gives two counties’ receipt numbers, office events and staff their own codes, so nothing collides at the city', { timeout: 120_000 }, async () => {
    const block = { prefix: 'A', first: 1, last: 200, width: 10 };
    const day = todayInOffice();
    const issued: Record<string, { tripId: string; number: string; caseId: string }> = {};
    for (const [county, van, n] of [[a, vanA, 16], [b, vanB, 16]] as const) {
      const admin = await loginAs(county, 'admin');
      // The same block entered in both counties: each prints its own numbers.
      const trip = await api(county, admin, 'POST', '/office/trips', { date: day, vanId: DEMO_VAN_ID, title: '县内上门登记', receiptBlock: block });
      expect(trip.status, JSON.stringify(trip.json)).toBe(201);
      const tripId = String(trip.json['id']);
      const stored = await county.storage.getDocument('trips', tripId);
      expect(stored?.body['receiptBlock']).toEqual({ ...block, prefix: `${county.code}-A` });
      const grant = await fetch(`${county.url}${API_BASE}/devices/me/receipt-grants`, { method: 'POST', headers: { ...protocolHeaders(van.token), 'content-type': 'application/json' }, body: JSON.stringify({ tripId }) });
      expect(grant.status).toBe(201);
      expect(await grant.json()).toEqual({ first: 1, last: 50 });
      const number = `${county.code}-A0000000001`;
      const taken = await van.acceptCase(n, await freeUnit(county, n - 1), { caseId: caseIdFor(van.deviceId, randomUUID()), tripId, receiptNumber: number });
      await register(county, taken.caseId, '申请人急需办理贷款，经科长同意提前办理');
      const staff = await api(county, admin, 'POST', '/admin/staff', { login: 'lihua', name: '李华', roles: ['van-clerk'], password: 'county-staff-password-1' });
      expect(staff.status, JSON.stringify(staff.json)).toBe(200);
      expect(String(staff.json['id'])).toMatch(new RegExp(`^staff-${county.code}-`));
      issued[county.code] = { tripId, number, caseId: taken.caseId };
    }
    expect(issued[a.code]?.number).not.toBe(issued[b.code]?.number);

    // Reconciliation of each county's trip still accounts for its numbers: one issued of the device's run of 50,
    // 49 unaccounted, the 150 never granted could not have been printed; the number is neither outside the block nor doubled.
    for (const county of [a, b]) {
      const trip = issued[county.code]?.tripId ?? '';
      const res = await api(county, await loginAs(county, 'zhaolei'), 'GET', `/office/trips/${encodeURIComponent(trip)}/reconciliation`);
      expect(res.status).toBe(200);
      expect(res.json['receiptNumbers']).toEqual({ total: 200, issued: 1, voided: 0, unused: 0, notGranted: 150 });
      const codes = (res.json['discrepancies'] as { code: string }[]).map((d) => d.code);
      expect(codes.filter((c) => c === 'receipt-number-missing')).toHaveLength(49);
      expect(codes.filter((c) => c === 'receipt-number-outside-block' || c === 'receipt-number-duplicate')).toEqual([]);
    }

    await puller.pullAll();
    // Every office event either county wrote carries its code, and no event id is found under both counties.
    const links = await city.storage.db.all<{ county_code: string; event_id: string }>(sql`SELECT county_code, event_id FROM county_chain_links WHERE device_id = 'office' ORDER BY county_code, seq`);
    for (const county of [a, b]) {
      const ids = links.filter((l) => l.county_code === county.code).map((l) => l.event_id);
      expect(ids.length).toBeGreaterThan(3);
      for (const id of ids) expect(id).toMatch(new RegExp(`^office-${county.code}-\\d+$`));
    }
    const all = await city.storage.db.all<{ event_id: string; n: number | string }>(sql`SELECT event_id, count(DISTINCT county_code) AS n FROM county_chain_links GROUP BY event_id HAVING count(DISTINCT county_code) > 1`);
    expect(all).toEqual([]);
    // Each county's figures reached the city under that county, and the city's total is still their sum.
    for (const county of [a, b]) {
      expect(await cityRows(county.code)).toEqual(await ownRows(county));
    }
    expect(await cityTotal()).toEqual(sumOverOffices([...(await ownRows(a)), ...(await ownRows(b))], CITY_TOTAL));
  });

  it('serves a van of an older protocol at a county office beside a current one that keeps its receipt in the 收费 event', { timeout: 120_000 }, async () => {
    const admin = await loginAs(a, 'admin');
    const trip = await api(a, admin, 'POST', '/office/trips', { date: todayInOffice(), vanId: DEMO_VAN_ID, title: '新老版本服务车同车', receiptBlock: { prefix: 'B', first: 1, last: 100, width: 6 } });
    expect(trip.status, JSON.stringify(trip.json)).toBe(201);
    const tripId = String(trip.json['id']);
    // Protocol 16: before a 收费 event could name its trip, so the van pushes its receipt document, collection by collection.
    const older = await Van.enroll(a, 'van-older');
    older.protocol = 16;
    const current = await Van.enroll(a, 'van-current');
    const numbers: string[] = [];
    for (const [van, version] of [[older, 16], [current, PROTOCOL_VERSION]] as const) {
      const grant = await fetch(`${a.url}${API_BASE}/devices/me/receipt-grants`, { method: 'POST', headers: { ...protocolHeaders(van.token), [PROTOCOL_HEADER]: String(version) }, body: JSON.stringify({ tripId }) });
      expect(grant.status).toBe(201);
      const run = (await grant.json()) as { first: number };
      numbers.push(`230822-B${String(run.first).padStart(6, '0')}`);
    }
    expect(numbers).toEqual(['230822-B000001', '230822-B000051']);
    const fromOlder = await older.acceptCase(18, await freeUnit(a, 17), { caseId: caseIdFor(older.deviceId, randomUUID()), tripId, receiptNumber: numbers[0] ?? '' });
    await current.acceptCase(19, await freeUnit(a, 18), { caseId: caseIdFor(current.deviceId, randomUUID()), tripId, receiptNumber: numbers[1] ?? '', feeNamesTrip: true });
    const res = await api(a, await loginAs(a, 'zhaolei'), 'GET', `/office/trips/${encodeURIComponent(tripId)}/reconciliation`);
    expect(res.json['receiptNumbers']).toEqual({ total: 100, issued: 2, voided: 0, unused: 0, notGranted: 0 });
    expect((res.json['discrepancies'] as { code: string }[]).filter((d) => d.code.startsWith('receipt-number-') && d.code !== 'receipt-number-missing')).toEqual([]);
    // The older van pulls the office's decision on its case under the county's id, as any office document.
    await register(a, fromOlder.caseId, '申请人急需办理贷款，经科长同意提前办理');
    const pulled = await fetch(`${a.url}${API_BASE}/sync/caseEvents/pull?limit=1000`, { headers: { ...protocolHeaders(older.token), [PROTOCOL_HEADER]: '16' } });
    expect(pulled.status).toBe(200);
    const events = ((await pulled.json()) as { documents: { id: string; caseId: string; deviceId: string }[] }).documents.filter((d) => d.caseId === fromOlder.caseId && d.deviceId === 'office');
    expect(events).toHaveLength(4);
    for (const e of events) expect(e.id).toMatch(/^office-230822-\d+$/);
  });
});
