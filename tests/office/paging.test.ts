import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { TripDoc } from '#protocol/documents/office.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van } from './scenario.ts';

/**
 * The review queue, the trips page and the dashboard on more than one page of records: the first page holds a
 * page's worth, its own "next" link leads to the rest with nothing repeated or missed, and the API pages alike.
 */
// The README's numbers, not the code's constants: a changed constant fails here until the README says so.
const QUEUE_PAGE = 50;
const PLANNING_PAGE = 50;
const DASHBOARD_TRIPS = 30;
const QUEUED = QUEUE_PAGE + 13;
const ADDED_TRIPS = PLANNING_PAGE + 27;

let office: Office;
let cookie: string;
let token: string;
/** The cases this file put in the first-level queue, oldest acceptance first. */
const queued: string[] = [];
/** Cases waiting at the first level before this file's (the demo data's). */
let queuedBefore: number;

/** An office page as a signed-in staff member opens it (with the session cookie). */
async function page(path: string): Promise<string> {
  const res = await fetch(new URL(path, office.url), { headers: { cookie } });
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The `href` of the link whose text is `text`, as the browser reads it (entities decoded). */
function linkTo(html: string, text: string): string | undefined {
  const m = new RegExp(`<a href="([^"]+)">${text}</a>`).exec(html);
  return m?.[1]?.replaceAll('&amp;', '&');
}

/** The first-level section of the queues page: from its heading to the next level's. */
const levelOne = (html: string): string => html.slice(html.indexOf('<h2 id="level-1">'), html.indexOf('<h2 id="level-2">'));
const caseIdsIn = (section: string): string[] => [...section.matchAll(/<tr [^>]*data-case="([^"]+)"/g)].map((m) => m[1]!);
const tripIdsIn = (html: string): string[] => [...html.matchAll(/href="\/office\/trips\/([^"/]+)\/reconciliation"/g)].map((m) => decodeURIComponent(m[1]!));

beforeAll(async () => {
  office = await startOfficeWithPages();
  token = await loginAs(office, 'admin');
  const login = await fetch(`${office.url}/office/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `login=admin&password=${DEMO_PASSWORD}&next=/office/queues`, redirect: 'manual' });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  queuedBefore = Number((await api(office, token, 'GET', '/office/queues/1')).json['total']);
  // Two devices: each holds a run of 50 receipt numbers. Acceptance times follow n, across both.
  const vans = [await Van.enroll(office, 'van-paging-1'), await Van.enroll(office, 'van-paging-2')];
  for (let n = 1; n <= QUEUED; n++) queued.push((await vans[n <= 40 ? 0 : 1]!.acceptCase(n, await freeUnit(office, n - 1))).caseId);
  // Trips planned as the office plans them, one a day, some before the demo's trips and some after.
  for (let t = 0; t < ADDED_TRIPS; t++) {
    const date = new Date(Date.UTC(2026, 10, 1) + t * 86_400_000).toISOString().slice(0, 10);
    const r = await api(office, token, 'POST', '/office/trips', { date, vanId: `van-${1 + (t % 3)}`, title: `测试任务 ${t}` });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
}, 180_000);

afterAll(async () => {
  await office.close();
});

describe('the review queue, a page at a time', () => {
  it('shows 50 cases and the total, and its next link gives the rest, none twice and none missed', async () => {
    const total = queuedBefore + QUEUED;
    const first = levelOne(await page('/office/queues'));
    expect(first).toContain(`（${total}）`);
    expect(first).toContain(`第 1–${QUEUE_PAGE} 件，共 ${total} 件`);
    const seen = caseIdsIn(first);
    expect(seen).toHaveLength(QUEUE_PAGE);
    expect(linkTo(first, '上一页')).toBeUndefined();
    let next = linkTo(first, '下一页');
    expect(next).toBe(`/office/queues?from1=${QUEUE_PAGE}#level-1`);
    const apiPages: string[][] = [];
    for (let pages = 1; next !== undefined; pages++) {
      expect(pages, 'the next links never end').toBeLessThan(10);
      const section = levelOne(await page(next));
      const rows = caseIdsIn(section);
      const from = seen.length;
      expect(section).toContain(`第 ${from + 1}–${from + rows.length} 件，共 ${total} 件`);
      seen.push(...rows);
      // The API's page of the same offset lists the same cases in the same order.
      const byApi = await api(office, token, 'GET', `/office/queues/1?offset=${from}&limit=${QUEUE_PAGE}`);
      expect(byApi.json['total']).toBe(total);
      apiPages.push((byApi.json['cases'] as { caseId: string }[]).map((c) => c.caseId));
      expect(apiPages.at(-1)).toEqual(rows);
      next = linkTo(section, '下一页');
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    // This file's cases, accepted one after another, in order of acceptance and each once.
    expect(seen.filter((id) => queued.includes(id))).toEqual(queued);
  });

  it('pages the API by offset and limit as the page does', async () => {
    const total = queuedBefore + QUEUED;
    const firstPage = await api(office, token, 'GET', '/office/queues/1');
    const page1 = (firstPage.json['cases'] as { caseId: string; position: number }[]);
    expect(page1).toHaveLength(QUEUE_PAGE);
    expect(caseIdsIn(levelOne(await page('/office/queues')))).toEqual(page1.map((c) => c.caseId));
    const second = await api(office, token, 'GET', `/office/queues/1?offset=${QUEUE_PAGE}&limit=${QUEUE_PAGE}`);
    expect(second.status).toBe(200);
    const page2 = second.json['cases'] as { caseId: string; position: number }[];
    expect(page2).toHaveLength(total - QUEUE_PAGE);
    expect(page2.map((c) => c.position)).toEqual(page2.map((_, i) => QUEUE_PAGE + i + 1));
    expect(page2.filter((c) => page1.some((p) => p.caseId === c.caseId))).toEqual([]);
    // A smaller limit cuts the same order finer.
    const ten = await api(office, token, 'GET', `/office/queues/1?offset=45&limit=10`);
    expect((ten.json['cases'] as { caseId: string }[]).map((c) => c.caseId)).toEqual([...page1.slice(45), ...page2.slice(0, 5)].map((c) => c.caseId));
  });
});

describe('the trips, a page at a time, and the dashboard\'s latest', () => {
  /** Every trip the office holds, newest first (by date; by id on one day, as the office breaks ties). */
  async function allTrips(): Promise<TripDoc[]> {
    const trips = (await office.storage.listDocuments('trips')).map((d) => TripDoc.parse(d.body));
    return trips.sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id));
  }

  /** The trips page's position line, as the reader sees it. */
  const position = (html: string): string | undefined => /<p class="pager">(第 [^<]+件)/.exec(html)?.[1];

  it('lists 50 trips a page with where it stands, the older links give the rest and the newer links lead back, none twice and none missed', async () => {
    const all = await allTrips();
    expect(all.length).toBeGreaterThan(PLANNING_PAGE);
    const seen: string[] = [];
    const pages: string[] = [];
    let path: string | undefined = '/office/trips';
    for (let n = 0; path !== undefined; n++) {
      expect(n, 'the older links never end').toBeLessThan(10);
      const html = await page(path);
      const rows = tripIdsIn(html);
      // Every page but the last is full.
      expect(rows.length === PLANNING_PAGE || seen.length + rows.length === all.length, `${path}: ${rows.length} trips`).toBe(true);
      expect(position(html)).toBe(`第 ${seen.length + 1}–${seen.length + rows.length} 件，共 ${all.length} 件`);
      // The first page has nowhere newer to go; every other page does.
      expect(linkTo(html, '较新的出车任务') === undefined).toBe(seen.length === 0);
      // The API's page at the same place lists the same trips, and says where they stand.
      const byApi = await api(office, token, 'GET', path);
      expect((byApi.json['trips'] as { id: string }[]).map((t) => t.id)).toEqual(rows);
      expect([byApi.json['from'], byApi.json['total']]).toEqual([seen.length + 1, all.length]);
      seen.push(...rows);
      pages.push(path);
      path = linkTo(html, '更早的出车任务');
      if (path !== undefined) expect(path).toBe(`/office/trips?older=${encodeURIComponent(rows.at(-1)!)}`);
    }
    expect(seen).toEqual(all.map((t) => t.id));
    // Back from the last page by the newer links: the same pages, newest last.
    const back: string[][] = [];
    path = linkTo(await page(pages.at(-1)!), '较新的出车任务');
    for (let n = 0; path !== undefined; n++) {
      expect(n, 'the newer links never end').toBeLessThan(10);
      const html = await page(path);
      back.unshift(tripIdsIn(html));
      path = linkTo(html, '较新的出车任务');
    }
    expect(back.flat()).toEqual(seen.slice(0, back.flat().length));
    expect(back[0]).toEqual(seen.slice(0, PLANNING_PAGE));
    expect(back.flat()).toHaveLength(seen.length - tripIdsIn(await page(pages.at(-1)!)).length);
  });

  it('keeps its place when a trip is planned meanwhile: the older page after a page starts right after its last trip', async () => {
    const first = await page('/office/trips');
    const older = linkTo(first, '更早的出车任务')!;
    const lastShown = tripIdsIn(first).at(-1)!;
    // A new trip, the newest of all, planned between reading a page and following its link.
    expect((await api(office, token, 'POST', '/office/trips', { date: '2030-01-01', vanId: 'van-1', title: '翻页时新安排' })).status).toBe(201);
    const all = (await allTrips()).map((t) => t.id);
    const next = await page(older);
    expect(tripIdsIn(next)[0]).toBe(all[all.indexOf(lastShown) + 1]);
    expect(position(next)).toBe(`第 ${all.indexOf(lastShown) + 2}–${all.indexOf(lastShown) + 1 + tripIdsIn(next).length} 件，共 ${all.length} 件`);
    // A trip named that is not there gives the newest page.
    expect(tripIdsIn(await page('/office/trips?older=no-such-trip'))).toEqual(all.slice(0, PLANNING_PAGE));
  });

  it('offers no older link on a page that ends exactly at the last trip', async () => {
    // Topped up to a whole number of pages, planned after the demo's and this file's trips.
    const before = (await allTrips()).length;
    const target = Math.ceil(before / PLANNING_PAGE) * PLANNING_PAGE;
    for (let t = before; t < target; t++) {
      const date = new Date(Date.UTC(2027, 0, 1) + t * 86_400_000).toISOString().slice(0, 10);
      expect((await api(office, token, 'POST', '/office/trips', { date, vanId: 'van-1', title: `补足 ${t}` })).status).toBe(201);
    }
    const all = await allTrips();
    expect(all.length % PLANNING_PAGE).toBe(0);
    const last = `/office/trips?older=${encodeURIComponent(all.at(-PLANNING_PAGE - 1)!.id)}`;
    const html = await page(last);
    expect(tripIdsIn(html)).toEqual(all.slice(-PLANNING_PAGE).map((t) => t.id));
    expect(linkTo(html, '更早的出车任务')).toBeUndefined();
    expect((await api(office, token, 'GET', last)).json['more']).toBe(false);
    expect((await api(office, token, 'GET', '/office/trips')).json['more']).toBe(true);
  });

  it('shows exactly the latest 30 trips on the dashboard', async () => {
    const latest = (await allTrips()).slice(0, DASHBOARD_TRIPS);
    const d = await api(office, token, 'GET', '/office/dashboard');
    expect((d.json['perTrip'] as { tripId: string }[]).map((t) => t.tripId)).toEqual(latest.map((t) => t.id));
    const html = await page('/office/dashboard');
    expect(tripIdsIn(html.slice(html.indexOf('按出车任务')))).toEqual(latest.map((t) => t.id));
  });
});
