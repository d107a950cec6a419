import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { UnitDoc } from '#protocol/documents/office.ts';
import { API_BASE } from '#protocol/version.ts';
import { runCli } from '#electron/cli/run-cli.ts';
import { DEMO_PASSWORD, DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { enrollDevice, protocolHeaders } from '../sync/helpers.ts';
import { loginAs, startOfficeWithPages, type Office } from './harness.ts';

const DAY_MS = 86_400_000;
const FIRST_UNIT = '230803003012GB00100F00010101';

/** The office's clock, moved by the test: seeded one day, used days later. */
function movableClock(start: string): Clock & { advance(ms: number): void } {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

let office: Office;
const clock = movableClock('2026-12-10T02:00:00Z');
let device: { deviceId: string; token: string };

beforeAll(async () => {
  office = await startOfficeWithPages({ clock });
  device = await enrollDevice(office.url);
  // Five days later the evening-before snapshots are 5.3 days old.
  clock.advance(5 * DAY_MS);
});
afterAll(async () => office.close());

const refresh = (tripIds: string[], token = device.token) =>
  fetch(`${office.url}${API_BASE}/devices/me/unit-snapshots`, { method: 'POST', headers: protocolHeaders(token), body: JSON.stringify({ tripIds }) });

async function vanUnits(): Promise<UnitDoc[]> {
  const res = await fetch(`${office.url}${API_BASE}/sync/units/pull?limit=1000`, { headers: protocolHeaders(device.token) });
  return ((await res.json()) as { documents: unknown[] }).documents.map((d) => UnitDoc.parse(d));
}

describe('fresh unit snapshots before a trip', () => {
  it('reads the register again for the trip the van names, and the van pulls the new snapshots', async () => {
    const now = clock.now().toISOString();
    const res = await refresh([DEMO_TRIP_ID]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ trips: [{ tripId: DEMO_TRIP_ID, units: 200, refreshed: 200, snapshotAt: now }] });
    const units = await vanUnits();
    expect(units).toHaveLength(200);
    expect(new Set(units.map((u) => u.snapshotAt))).toEqual(new Set([now]));
  });

  it('leaves snapshots younger than an hour alone: pulling twice does not fetch 200 units twice', async () => {
    const first = clock.now().toISOString();
    clock.advance(20 * 60_000);
    const res = await refresh([DEMO_TRIP_ID]);
    expect(await res.json()).toEqual({ trips: [{ tripId: DEMO_TRIP_ID, units: 200, refreshed: 0, snapshotAt: first }] });
  });

  it("refreshes nothing on a first pull when the van's trips are all in the past", async () => {
    // The trip is five days old: with no trip named, only trips from today on count.
    expect(await (await refresh([])).json()).toEqual({ trips: [] });
  });

  it("refuses another van's trip, and a request that is not a list of trips", async () => {
    const other = await enrollDevice(office.url, 'other-van', 'van-2');
    const res = await refresh([DEMO_TRIP_ID], other.token);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe(`出车任务 ${DEMO_TRIP_ID} 不是本车的任务`);
    const bad = await fetch(`${office.url}${API_BASE}/devices/me/unit-snapshots`, { method: 'POST', headers: protocolHeaders(device.token), body: JSON.stringify({ tripIds: 'all' }) });
    expect(bad.status).toBe(400);
  });

  it('does the same from the command line, which explains itself with --help', async () => {
    clock.advance(3_600_000);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const code = await runCli(['office', 'refresh-units', '--trip', DEMO_TRIP_ID, '--office', office.url, '--password', DEMO_PASSWORD], io);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out).toEqual([`出车任务 ${DEMO_TRIP_ID}: 已重新查询 200 个不动产单元的状态（北京时间 ${chinaDateTime(clock.now().toISOString())}），服务车下次联网时取得`]);
    const help: string[] = [];
    expect(await runCli(['office', 'refresh-units', '--help'], { out: (l) => help.push(l), err: (l) => err.push(l) })).toBe(0);
    expect(help.join('\n')).toContain('用法：npm run van -- office refresh-units --trip <id>\n  重新查询出车任务各不动产单元的登记状态，供服务车取得最新状态');
    expect(await runCli(['office', 'enroll-code', '--vann', 'van-1', '--password', 'x'], io)).toBe(2);
    expect(err).toEqual(['参数错误：不认识的参数 --vann。用 npm run van -- office <命令> --help 查看用法']);
  });
});

describe('the trips page', () => {
  let pages: Office;
  const at = movableClock('2026-12-10T02:00:00Z');
  beforeAll(async () => {
    pages = await startOfficeWithPages({ clock: at });
  });
  afterAll(async () => pages.close());

  it("shows the age of a coming trip's snapshots and refreshes them with one press", async () => {
    const signIn = async (): Promise<string> => {
      const login = await fetch(`${pages.url}/office/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `login=admin&password=${DEMO_PASSWORD}&next=/office/trips`, redirect: 'manual' });
      return (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    };
    let cookie = await signIn();
    const before = await (await fetch(`${pages.url}/office/trips`, { headers: { cookie } })).text();
    // Seeded the evening before, Beijing time.
    expect(before).toContain('最早取自 2026-12-09 18:00');
    at.advance(2 * 3_600_000);
    // Two hours left alone end the session (session-limits.ts): signed in again, the page's own form, with its CSRF token.
    cookie = await signIn();
    const shown = await (await fetch(`${pages.url}/office/trips`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(shown)?.[1] ?? '';
    const post = await fetch(`${pages.url}/office/trips/${DEMO_TRIP_ID}/unit-snapshots`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(csrf)}`, redirect: 'manual',
    });
    expect(post.status).toBe(302);
    const after = await (await fetch(new URL(post.headers.get('location')!, pages.url), { headers: { cookie } })).text();
    expect(after).toContain('已重新查询 2026-12-10 出车任务的 200 个不动产单元的状态（2026-12-10 12:00），服务车下次联网时取得。');
    expect(after).toContain('最早取自 2026-12-10 12:00');
    const unit = await pages.storage.getDocument('units', FIRST_UNIT);
    expect(UnitDoc.parse(unit?.body).snapshotAt).toBe('2026-12-10T04:00:00.000Z');
  });

  it('does not offer the refresh to a reviewer, and refuses their post', async () => {
    const token = await loginAs(pages, 'wangfang');
    const html = await (await fetch(`${pages.url}/office/trips`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(html).not.toContain('刷新不动产状态');
    const post = await fetch(`${pages.url}${API_BASE}/admin/trips/${DEMO_TRIP_ID}/unit-snapshots`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(post.status).toBe(403);
  });
});
