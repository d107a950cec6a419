import { createHash } from 'node:crypto';
import { type FastifyInstance, type FastifyPluginAsync, type HTTPMethods } from 'fastify';
import { CITY_CODE } from '#domain/city/counties.ts';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { seedArchive } from '#server/office/archive/seed-register.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { seedMap } from '#server/office/map/seed-map.ts';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { PORTAL_COOKIE } from '#server/office/market/portal-auth.ts';
import { type Db } from '#office/platform/db/db.ts';
import { sql, sqlId } from '#office/platform/db/sql.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { seedOffice } from '#server/seed.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { openTestStorage } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

/**
 * The demo office with every plugin registered, every route read from its router, and how each kind of caller
 * calls one: shared by route-inventory.test.ts (who is refused) and route-roles.test.ts (which staff role passes).
 */

export type Route = { method: HTTPMethods; url: string };
export type Outcome = { status: number; location: string };
/** What a caller sends: its headers, and the CSRF token its session's forms carry (as the `_csrf` field). */
export type Credentials = { headers: Record<string, string>; csrf?: string };

export const key = (r: Route): string => `${r.method} ${r.url}`;

/** Routes anyone may call, each with the reason it is public. */
export const PUBLIC: Record<string, string> = {
  'GET /': 'redirects to the staff home page, which asks for a login',
  'GET /office': 'redirects to the staff home page, which asks for a login',
  'GET /office/login': 'the staff login page',
  'POST /office/login': 'the staff login form (throttled)',
  'POST /office/logout': 'ends only the session the request carries',
  'GET /api/v1/health': 'health check: answers ok and the protocol version',
  'POST /api/v1/auth/login': 'the staff API login (throttled)',
  'POST /api/v1/devices/enroll': 'a van enrolls with a one-time code an administrator issued',
  'GET /updates/:file': 'the update feed: installers are public, the van checks their hash and signature',
  'GET /public/status': 'status query by case number and query code: the stage and expected date, nothing personal (rate-limited)',
  'GET /api/v1/public/status': 'the status query as JSON (rate-limited)',
  'GET /public/guide': 'the service guide (办事公开)',
  'GET /api/v1/public/guide': 'the service guide as JSON',
  'GET /public/archive/verify': 'checks a query certificate by the id and code printed on it (rate-limited)',
  'POST /api/v1/public/archive/verify': 'checks an uploaded certificate file against that id and code; changes nothing',
  'GET /office/archive/assets/:file': 'the archive viewer’s script and style, from a fixed list',
  'GET /office/map/assets/:file': 'the map page’s script and style, from a fixed list',
  'GET /public/market': 'published sales tables of the projects on sale',
  'GET /public/market/projects/:id': 'a project’s published sales table',
  'GET /public/market/screen': 'the market’s public display screen',
  'GET /public/market/info': 'the market’s published statistics',
  'GET /public/listings': 'published second-hand listings, without sellers’ personal data',
  'GET /public/listings/verify': 'checks a listing’s verification code',
  'GET /public/listings/submit': 'the form where an owner lists their own home',
  'POST /public/listings/submit': 'an owner’s own listing, verified at the counter before it is published (rate-limited)',
  'GET /portal': 'redirects to the portal login, or to the signed-in user’s own portal',
  'GET /portal/login': 'the portals’ login page',
  'POST /portal/login': 'the portals’ login form (throttled)',
  'POST /portal/logout': 'ends only the portal session the request carries',
  'GET /kiosk': 'the self-service kiosk’s start page: an enrolment form until the machine holds a kiosk station token',
  'POST /kiosk/enrol': 'takes a kiosk station token the administration issued; refuses any other',
};

/**
 * tus (scan uploads) answers the methods it has no handler for, and GET, PATCH or DELETE with no upload named, with a
 * 4xx before it reads anything; every method that acts on an upload checks the device token first
 * (scans/routes.ts, `onIncomingRequest`) and is tested like any other route.
 */
export const TUS_INERT: Record<string, string> = {
  'GET /api/v1/scans/uploads': 'tus lists no uploads',
  'DELETE /api/v1/scans/uploads': 'names no upload to delete',
  'PATCH /api/v1/scans/uploads': 'names no upload to append to',
  'PUT /api/v1/scans/uploads': 'not a tus method',
  'TRACE /api/v1/scans/uploads': 'not a tus method',
  'QUERY /api/v1/scans/uploads': 'not a tus method',
  'PUT /api/v1/scans/uploads/*': 'not a tus method',
  'TRACE /api/v1/scans/uploads/*': 'not a tus method',
  'QUERY /api/v1/scans/uploads/*': 'not a tus method',
};

/** What a signed-in caller may do about their own session only: skipped when signed in, so the session lives on. */
export const OWN_SESSION = ['GET /api/v1/office/me', 'POST /api/v1/auth/logout', 'POST /office/logout', 'POST /portal/logout'];

/** The van's API (the paths on which app.ts enforces the van's protocol version): an enrolled van may reach these. */
export const isVanApi = (r: Route): boolean => [`${API_BASE}/sync/`, `${API_BASE}/devices/me/`, `${API_BASE}/scans/`].some((p) => r.url.startsWith(p));

/** The staff's pages and API, the administration's API included: a signed-in van clerk meets their role check. */
export const isStaffRoute = (r: Route): boolean => r.url.startsWith('/office/') || r.url.startsWith(`${API_BASE}/office/`) || r.url.startsWith(`${API_BASE}/admin/`);

/** A refusal: 401 or 403, or for a page the redirect to a login page that the guards send (with `next`). */
export const refused = (o: Outcome): boolean => o.status === 401 || o.status === 403 || ((o.status === 302 || o.status === 303) && /^\/(office|portal)\/login\?next=/.test(o.location));
export const show = (r: Route, o: Outcome): string => `${key(r)} → ${o.status}${o.location ? ` ${o.location}` : ''}`;

/** The office on a fixed day: nothing here depends on today's date. */
const clock = { now: () => new Date('2026-12-02T02:00:00Z') };
const TODAY = '2026-12-02';
export const CITY_TOKEN = 'route-inventory-city-token';

/**
 * Every route of the router, read from `printRoutes({ commonPrefix: false })`: each line is a node whose path
 * continues its parent's, with the methods it answers. `buildOfficeApp` adds its own routes before any plugin,
 * where no test can add an `onRoute` hook first, so the router's listing is the complete one.
 */
function routesOf(tree: string): Route[] {
  const found: Route[] = [];
  const path: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    path.length = (m[1] ?? '').length / 4;
    const node = m[2] ?? '';
    // The printer shows a wildcard without the slash before it (`/uploads/*` as `/uploads` then `*`).
    path.push(node === '*' && !path.join('').endsWith('/') ? '/*' : node);
    for (const method of m[3]?.split(', ') ?? []) found.push({ method, url: path.join('') });
  }
  return found;
}

/** Plausible values for the path parameters, of nothing the office holds: a route that looks first answers 404. */
export const PARAMS: Record<string, string> = {
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  collection: 'cases',
  level: '1',
  seq: '1',
  page: '1',
  size: '1200',
  file: 'x.pdf',
};
export const fill = (url: string): string => url.replace(/:(\w+)/g, (_m, name: string) => PARAMS[name] ?? 'x').replace(/\*$/, 'x');

const TUS_PATH = `${API_BASE}/scans/uploads`;

/**
 * A tus request well-formed enough that only the device check can refuse it: a creation declares its length and
 * its scan's hash, an append its offset and bytes. Fastify must not parse these bodies (tus reads the stream).
 */
function tusRequest(method: HTTPMethods): { headers: Record<string, string>; payload?: string } {
  if (method === 'POST') return { headers: { 'upload-length': '1', 'upload-metadata': `sha256 ${Buffer.from(PARAMS['sha256'] ?? '').toString('base64')}` } };
  if (method === 'PATCH') return { headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }, payload: 'x' };
  return { headers: {} };
}

/** The API takes the bearer header only, the pages the cookie with the session's CSRF token (never a CSRF refusal). */
export const asStaff = (token: string) => (r: Route): Credentials =>
  r.url.startsWith('/api/') ? { headers: { authorization: `Bearer ${token}` } } : { headers: { cookie: `${SESSION_COOKIE}=${token}` }, csrf: csrfTokenOf(token) };

export type OfficeUnderTest = {
  app: FastifyInstance;
  storage: DbStorage;
  /** The office's data folder (uploads, scans, archive files, update staging). */
  dataDir: string;
  /** Every route of the router, HEAD and OPTIONS included. */
  routes: Route[];
  /** Every route the plugins' `onRoute` hooks heard: a cross-check of the router's own listing. */
  heard: ReadonlySet<string>;
  /** Every route but HEAD and OPTIONS (Fastify answers those from the GET route and its CORS handling). */
  callable: () => Route[];
  /**
   * Calls `r` as `as` sends it: a JSON body (empty but for the CSRF token) for the methods that carry one; the
   * protocol and tus headers, so that the guard answers rather than a version or tus precondition check.
   */
  call: (r: Route, as?: Credentials) => Promise<Outcome>;
  /** Calls every route `as` the caller sends it, but those `skip` says; lists each that `ok` does not accept (a 500 never is). */
  failures: (as: (r: Route) => Credentials, skip: (r: Route) => boolean, ok: (r: Route, o: Outcome) => boolean) => Promise<string[]>;
  /** Logs in through the staff login form; the session token is both the page cookie and the API's bearer token. */
  staffSession: (login: string) => Promise<string>;
  /** Logs a portal's user in through the portals' login form; the token of their portal cookie. */
  portalSession: (login: string) => Promise<string>;
  /** An administrator issues a one-time code and a van enrolls with it, as the van does; the device's bearer token. */
  enrolledVan: (deviceName: string) => Promise<string>;
  /** The same enrolment, answering the device's id with its token. */
  enrolledDevice: (deviceName: string) => Promise<{ deviceId: string; token: string }>;
  close: () => Promise<void>;
};

/** The demo office (every seed loaded), serving both halves of the city–county platform, so that every route registers. */
export async function openOffice(name: string): Promise<OfficeUnderTest> {
  const dataDir = tempDir(name);
  const opened = await openTestStorage(dataDir, { clock });
  try {
    return await started(dataDir, opened.storage, opened.dispose);
  } catch (e) {
    await opened.dispose();
    removeDir(dataDir);
    throw e;
  }
}

async function started(dataDir: string, storage: DbStorage, dispose: () => Promise<void>): Promise<OfficeUnderTest> {
  const heard = new Set<string>();
  /** Wraps a plugin so that every route it adds is heard. */
  const observed = (plugin: FastifyPluginAsync): FastifyPluginAsync => async (instance) => {
    instance.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) heard.add(`${method} ${r.url}`);
    });
    await instance.register(plugin);
  };
  await seedOffice(storage, 'demo', clock);
  await seedMap(storage.db, 'demo', clock);
  await seedArchive(storage, 'demo', TODAY);
  await seedMarket(storage.db, 'demo', TODAY);
  // Its rounds are far apart, so none runs during a test.
  const city = cityPlugin({
    officeCode: CITY_CODE, cityToken: CITY_TOKEN, counties: [],
    statisticsEveryMs: 3_600_000, pullEveryMs: 3_600_000, reportsEveryMs: 3_600_000, reportsFirstAfterMs: 3_600_000,
  });
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, clock, logFile: false, plugins: [observed(officePlugin), observed(city)] });
  await app.ready();
  const routes = routesOf(app.printRoutes({ commonPrefix: false }));
  const callable = (): Route[] => routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');

  const call = async (r: Route, as: Credentials = { headers: {} }): Promise<Outcome> => {
    const base = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'tus-resumable': '1.0.0' };
    const json = ['POST', 'PUT', 'PATCH'].includes(r.method) ? { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(as.csrf === undefined ? {} : { _csrf: as.csrf }) } : { headers: {} };
    const body = r.url.startsWith(TUS_PATH) ? tusRequest(r.method) : json;
    const res = await app.inject({
      method: r.method,
      url: fill(r.url),
      headers: { ...base, ...body.headers, ...as.headers },
      ...(body.payload === undefined ? {} : { payload: body.payload }),
    });
    return { status: res.statusCode, location: String(res.headers.location ?? '') };
  };

  const failures = async (as: (r: Route) => Credentials, skip: (r: Route) => boolean, ok: (r: Route, o: Outcome) => boolean): Promise<string[]> => {
    const found: string[] = [];
    for (const r of callable()) {
      if (skip(r)) continue;
      const o = await call(r, as(r));
      if (o.status >= 500 || !ok(r, o)) found.push(show(r, o));
    }
    return found;
  };

  /** Signs in through a login form (`fields` besides the demo password) and answers the session cookie's token. */
  const formLogin = async (url: string, cookie: string, fields: Record<string, string>): Promise<string> => {
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, password: DEMO_PASSWORD }).toString(),
    });
    const token = res.cookies.find((c) => c.name === cookie)?.value;
    if (res.statusCode !== 302 || !token) throw new Error(`login ${fields['login'] ?? ''} at ${url}: ${res.statusCode}`);
    return token;
  };
  const staffSession = (login: string): Promise<string> => formLogin('/office/login', SESSION_COOKIE, { login, next: '/office/queues' });
  const portalSession = (login: string): Promise<string> => formLogin('/portal/login', PORTAL_COOKIE, { login });

  const enrolledDevice = async (deviceName: string): Promise<{ deviceId: string; token: string }> => {
    const admin = await staffSession('admin');
    const code = await app.inject({ method: 'POST', url: `${API_BASE}/admin/enroll-codes`, headers: { authorization: `Bearer ${admin}` }, payload: { vanId: DEMO_VAN_ID } });
    const enrolled = await app.inject({
      method: 'POST',
      url: `${API_BASE}/devices/enroll`,
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      payload: { code: code.json<{ code: string }>().code, deviceName },
    });
    if (enrolled.statusCode !== 200) throw new Error(`enroll: ${enrolled.statusCode} ${enrolled.body}`);
    return enrolled.json<{ deviceId: string; token: string }>();
  };
  const enrolledVan = async (deviceName: string): Promise<string> => (await enrolledDevice(deviceName)).token;

  const close = async (): Promise<void> => {
    await app.close();
    await dispose();
    removeDir(dataDir);
  };
  return { app, storage, dataDir, routes, heard, callable, call, failures, staffSession, portalSession, enrolledVan, enrolledDevice, close };
}

/** Each table's rows, as one digest per table (rows sorted): what a malformed request must not change. */
export async function tableDigests(db: Db): Promise<Record<string, string>> {
  const tables = db.dialect === 'sqlite'
    ? await db.all<{ t: string }>(sql`SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    : await db.all<{ t: string }>(sql`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()`);
  const digests: Record<string, string> = {};
  for (const { t } of tables) {
    const rows = (await db.all<Record<string, unknown>>(sql`SELECT * FROM ${sqlId(t)}`)).map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    digests[t] = `${rows.length} rows ${createHash('sha256').update(rows.sort().join('\n')).digest('hex').slice(0, 12)}`;
  }
  return digests;
}

/** The tables whose digest differs between two readings of `tableDigests`, each with both digests. */
export const changedTables = (before: Record<string, string>, after: Record<string, string>): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => after[t] !== before[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`);
