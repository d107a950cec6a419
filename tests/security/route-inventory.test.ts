import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FastifyInstance, type FastifyPluginAsync, type HTTPMethods } from 'fastify';
import { CITY_CODE } from '#domain/city/counties.ts';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { ACCESS, type Permission } from '#server/office/access.ts';
import { seedArchive } from '#server/office/archive/seed-register.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { seedMap } from '#server/office/map/seed-map.ts';
import { PORTAL_COOKIE } from '#server/office/market/portal-auth.ts';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { seedOffice } from '#server/seed.ts';
import { openTestStorage } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

/**
 * Every route the office serves, read from its router, called by each kind of caller the office knows: nobody,
 * an enrolled van, a signed-in van clerk and the office staff without the administration's role, the portals'
 * users, the reader stations, the kiosk and the city reading a county's feed. A route added without its guard
 * fails here, whichever plugin adds it; a public one must be listed below with its reason.
 */

type Route = { method: HTTPMethods; url: string };
type Outcome = { status: number; location: string };

const key = (r: Route): string => `${r.method} ${r.url}`;

/** Routes anyone may call, each with the reason it is public. */
const PUBLIC: Record<string, string> = {
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
const TUS_INERT: Record<string, string> = {
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
const OWN_SESSION = ['GET /api/v1/office/me', 'POST /api/v1/auth/logout', 'POST /office/logout', 'POST /portal/logout'];

/** The van's API (the paths on which app.ts enforces the van's protocol version): an enrolled van may reach these. */
const isVanApi = (r: Route): boolean => [`${API_BASE}/sync/`, `${API_BASE}/devices/me/`, `${API_BASE}/scans/`].some((p) => r.url.startsWith(p));

/**
 * The routes of each permission that only the administration holds (access.ts), and the core admin API
 * (`requireStaff(adminRoles)`): a reviewer, approver or finance clerk must be refused each with 403.
 */
type AdminOnly = { [P in Permission]: (typeof ACCESS)[P] extends readonly ['admin'] ? P : never }[Permission];
const ADMIN_ONLY: Record<AdminOnly | 'adminApi', readonly string[]> = {
  appointments: ['POST /api/v1/office/appointments', 'POST /office/appointments'],
  trips: ['POST /api/v1/office/trips', 'POST /office/trips', 'POST /office/trips/:id/unit-snapshots'],
  mapTables: ['POST /api/v1/office/map/tables', 'GET /office/map/tables', 'POST /office/map/tables'],
  timeLimits: ['PUT /api/v1/office/promised-limits', 'POST /office/promised-limits'],
  devices: [
    'GET /office/devices', 'POST /office/devices/:id/revoke', 'POST /office/devices/:id/wipe', 'POST /office/devices/:id/abandon-unsynced',
    'GET /office/devices/:id/bundle', 'GET /office/bundles', 'POST /office/bundles', 'GET /office/bundles/:id', 'GET /office/bundles/:id/answer',
  ],
  archiveAdmin: [
    'GET /office/archive/imports', 'POST /office/archive/imports', 'GET /office/archive/imports/:id', 'GET /office/archive/imports/:id/status',
    'POST /api/v1/office/archive/imports', 'POST /office/archive/viewer/:unit/historic', 'POST /api/v1/office/archive/units/:unit/historic',
    'GET /office/archive/historic-imports/:token', 'GET /office/stations', 'POST /office/stations', 'POST /office/stations/:id/revoke', 'POST /api/v1/office/stations',
  ],
  marketAdmin: [
    'GET /office/market/orgs', 'POST /office/market/orgs', 'POST /office/market/projects', 'POST /office/market/projects/:id/units',
    'POST /office/market/projects/:id/permits', 'POST /office/market/projects/:id/permits/:permit/revoke',
    'GET /office/market/orgs/:id/stations', 'POST /office/market/orgs/:id/stations',
  ],
  provinceResend: ['POST /office/province/messages/:id/resend'],
  adminApi: [
    'POST /api/v1/admin/enroll-codes', 'POST /api/v1/admin/staff', 'POST /api/v1/admin/staff/:login/deactivate', 'POST /api/v1/admin/trips/:tripId/receipt-block',
    'POST /api/v1/admin/trips/:tripId/unit-snapshots', 'GET /api/v1/admin/devices', 'POST /api/v1/admin/devices/:deviceId/revoke', 'POST /api/v1/admin/devices/:deviceId/wipe',
    'POST /api/v1/admin/devices/:deviceId/abandon-unsynced', 'GET /api/v1/admin/devices/:deviceId/chain-audit', 'GET /api/v1/admin/incidents', 'POST /api/v1/admin/backup',
    'POST /api/v1/admin/updates/publish', 'PUT /api/v1/admin/updates/:file',
  ],
};

/** The office on a fixed day: nothing here depends on today's date. */
const clock = { now: () => new Date('2026-12-02T02:00:00Z') };
const TODAY = '2026-12-02';
const CITY_TOKEN = 'route-inventory-city-token';

let app: FastifyInstance;
let dispose: () => Promise<void>;
let dataDir: string;
let routes: Route[] = [];
const heard = new Set<string>();

/** Wraps a plugin so that every route it adds is heard: a cross-check of the router's own listing. */
const observed = (plugin: FastifyPluginAsync): FastifyPluginAsync => async (instance) => {
  instance.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) heard.add(`${method} ${r.url}`);
  });
  await instance.register(plugin);
};

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
const PARAMS: Record<string, string> = {
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  collection: 'cases',
  level: '1',
  seq: '1',
  page: '1',
  size: '1200',
  file: 'x.pdf',
};
const fill = (url: string): string => url.replace(/:(\w+)/g, (_m, name: string) => PARAMS[name] ?? 'x').replace(/\*$/, 'x');

/** What a caller sends: its headers, and the CSRF token its session's forms carry (as the `_csrf` field). */
type Credentials = { headers: Record<string, string>; csrf?: string };

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

/**
 * A JSON body (empty but for the CSRF token) for the methods that carry one; the protocol and tus headers, so that
 * the guard answers rather than a version or tus precondition check.
 */
async function call(r: Route, as: Credentials = { headers: {} }): Promise<Outcome> {
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
}

/** A refusal: 401 or 403, or for a page the redirect to a login page that the guards send (with `next`). */
const refused = (o: Outcome): boolean => o.status === 401 || o.status === 403 || ((o.status === 302 || o.status === 303) && /^\/(office|portal)\/login\?next=/.test(o.location));
const show = (r: Route, o: Outcome): string => `${key(r)} → ${o.status}${o.location ? ` ${o.location}` : ''}`;

/** Every route but HEAD and OPTIONS (Fastify answers those from the GET route and its CORS handling). */
const callable = (): Route[] => routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');

/** Logs in through the staff login form; the session token is both the page cookie and the API's bearer token. */
async function staffSession(login: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/office/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ login, password: DEMO_PASSWORD, next: '/office/queues' }).toString(),
  });
  const token = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  if (res.statusCode !== 302 || !token) throw new Error(`staff login ${login}: ${res.statusCode}`);
  return token;
}

/** The API takes the bearer header only, the pages the cookie with the session's CSRF token (never a CSRF refusal). */
const asStaff = (token: string) => (r: Route): Credentials =>
  r.url.startsWith('/api/') ? { headers: { authorization: `Bearer ${token}` } } : { headers: { cookie: `${SESSION_COOKIE}=${token}` }, csrf: csrfTokenOf(token) };

async function portalSession(login: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/portal/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ login, password: DEMO_PASSWORD }).toString(),
  });
  const token = res.cookies.find((c) => c.name === PORTAL_COOKIE)?.value;
  if (res.statusCode !== 302 || !token) throw new Error(`portal login ${login}: ${res.statusCode}`);
  return token;
}

/** An administrator issues a one-time code and a van enrolls with it, as the van does; the device's bearer token. */
async function enrolledVan(): Promise<string> {
  const admin = await staffSession('admin');
  const code = await app.inject({ method: 'POST', url: `${API_BASE}/admin/enroll-codes`, headers: { authorization: `Bearer ${admin}` }, payload: { vanId: DEMO_VAN_ID } });
  const enrolled = await app.inject({
    method: 'POST',
    url: `${API_BASE}/devices/enroll`,
    headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    payload: { code: code.json<{ code: string }>().code, deviceName: 'route-inventory van' },
  });
  if (enrolled.statusCode !== 200) throw new Error(`enroll: ${enrolled.statusCode} ${enrolled.body}`);
  return enrolled.json<{ token: string }>().token;
}

/** Calls every route `as` the caller sends it, but those `skip` says; lists each that `ok` does not accept (a 500 never is). */
async function failures(as: (r: Route) => Credentials, skip: (r: Route) => boolean, ok: (r: Route, o: Outcome) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const r of callable()) {
    if (skip(r)) continue;
    const o = await call(r, as(r));
    if (o.status >= 500 || !ok(r, o)) found.push(show(r, o));
  }
  return found;
}

beforeAll(async () => {
  dataDir = tempDir('route-inventory');
  const opened = await openTestStorage(dataDir, { clock });
  dispose = opened.dispose;
  const { storage } = opened;
  await seedOffice(storage, 'demo', clock);
  await seedMap(storage.db, 'demo', TODAY);
  await seedArchive(storage, 'demo', TODAY);
  await seedMarket(storage.db, 'demo', TODAY);
  // One office serving both halves of the city–county platform (a county's feed to the city, the city's pages
  // and reports), so that every route registers; its rounds are far apart, so none runs during the test.
  const city = cityPlugin({
    officeCode: CITY_CODE, cityToken: CITY_TOKEN, counties: [],
    statisticsEveryMs: 3_600_000, pullEveryMs: 3_600_000, reportsEveryMs: 3_600_000, reportsFirstAfterMs: 3_600_000,
  });
  app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, clock, logFile: false, plugins: [observed(officePlugin), observed(city)] });
  await app.ready();
  routes = routesOf(app.printRoutes({ commonPrefix: false }));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await dispose?.();
  if (dataDir) removeDir(dataDir);
});

describe('the route inventory', () => {
  it('holds every route of the router and of every plugin, and each allowlisted route exists', () => {
    for (const r of routes) expect(app.hasRoute({ method: r.method, url: r.url }), key(r)).toBe(true);
    const listed = new Set(routes.map(key));
    expect([...heard].filter((k) => !listed.has(k))).toEqual([]);
    // Every plugin's routes are there: the van's API, the staff's, the portals', the city's, the stations'.
    for (const k of ['POST /api/v1/sync/:collection/push', 'GET /office/queues', 'GET /portal/bank', 'GET /office/city', 'GET /api/v1/county/facts', 'GET /api/v1/stations/me', 'GET /office/archive', 'GET /office/map', 'GET /office/market', 'GET /office/province']) {
      expect(listed.has(k), k).toBe(true);
    }
    const stale = [...Object.keys(PUBLIC), ...Object.keys(TUS_INERT), ...OWN_SESSION, ...Object.values(ADMIN_ONLY).flat()].filter((k) => !listed.has(k));
    expect(stale).toEqual([]);
    expect(callable().length).toBeGreaterThan(200);
  });
});

describe('a caller with no credentials', () => {
  it('is refused by every route that is not public, before anything is looked up', async () => {
    const skip = (r: Route) => key(r) in TUS_INERT;
    expect(await failures(() => ({ headers: {} }), skip, (r, o) => key(r) in PUBLIC || refused(o))).toEqual([]);
  });

  it('gets from tus nothing but a 4xx on the methods it does not handle', async () => {
    for (const k of Object.keys(TUS_INERT)) {
      const r = routes.find((x) => key(x) === k);
      if (!r) throw new Error(k);
      expect([400, 404, 405], k).toContain((await call(r)).status);
    }
  });
});

describe('an enrolled van', () => {
  let van: string;
  beforeAll(async () => {
    van = await enrolledVan();
  });

  it('reaches its own API with its token', async () => {
    expect((await call({ method: 'GET', url: `${API_BASE}/sync/:collection/pull` }, { headers: { authorization: `Bearer ${van}` } })).status).toBe(200);
  });

  it('is refused by every staff page and API, every portal, the stations’ and the city’s feed', async () => {
    const skip = (r: Route) => key(r) in PUBLIC || key(r) in TUS_INERT || OWN_SESSION.includes(key(r)) || isVanApi(r);
    expect(await failures(() => ({ headers: { authorization: `Bearer ${van}` } }), skip, (_r, o) => refused(o))).toEqual([]);
  });
});

describe('a signed-in van clerk (a role with no office permission)', () => {
  it('is refused by every staff page and API with 403, and by the portals and the van API', async () => {
    const token = await staffSession('zhangwei');
    const skip = (r: Route) => key(r) in PUBLIC || key(r) in TUS_INERT || OWN_SESSION.includes(key(r));
    // Signed in, the clerk must meet the role check itself (403), not the login redirect.
    const staffRoute = (r: Route) => r.url.startsWith('/office/') || r.url.startsWith(`${API_BASE}/office/`) || r.url.startsWith(`${API_BASE}/admin/`);
    expect(await failures(asStaff(token), skip, (r, o) => (staffRoute(r) ? o.status === 403 : refused(o)))).toEqual([]);
  });
});

describe('staff without the administration’s role', () => {
  it('names every permission only the administration holds', () => {
    const adminOnly = (Object.keys(ACCESS) as Permission[]).filter((p) => ACCESS[p].length === 1 && ACCESS[p][0] === 'admin');
    expect(Object.keys(ADMIN_ONLY).filter((k) => k !== 'adminApi').sort()).toEqual(adminOnly.sort());
  });

  for (const login of ['wangfang', 'chenjing', 'zhaolei']) {
    it(`${login} is refused with 403 by each of the administration’s routes`, async () => {
      const token = await staffSession(login);
      const admin = new Set(Object.values(ADMIN_ONLY).flat());
      expect(await failures(asStaff(token), (r) => !admin.has(key(r)), (_r, o) => o.status === 403)).toEqual([]);
    });
  }

  it('while the administrator gets past the same guards with the same kind of session and CSRF token', async () => {
    const token = await staffSession('admin');
    const admin = new Set(Object.values(ADMIN_ONLY).flat());
    expect(await failures(asStaff(token), (r) => !admin.has(key(r)), (_r, o) => o.status !== 401 && o.status !== 403)).toEqual([]);
  });
});

describe('the tokens of the office’s other machines', () => {
  /** Each machine's token, how it travels, and the routes that are its own (skipped: a station's long poll waits for a card). */
  const machines = async (): Promise<{ name: string; as: Credentials; own: (r: Route) => boolean }[]> => {
    const admin = await staffSession('admin');
    const station = async (kind: 'counter' | 'kiosk') => {
      const res = await app.inject({ method: 'POST', url: `${API_BASE}/office/stations`, headers: { authorization: `Bearer ${admin}` }, payload: { name: `route-inventory ${kind}`, kind } });
      if (res.statusCode !== 201) throw new Error(`station ${kind}: ${res.statusCode}`);
      return res.json<{ token: string }>().token;
    };
    const counter = await station('counter');
    const kiosk = await station('kiosk');
    return [
      { name: 'a counter reader station', as: { headers: { authorization: `Bearer ${counter}` } }, own: (r) => r.url.startsWith(`${API_BASE}/stations/`) },
      { name: 'a self-service kiosk', as: { headers: { authorization: `Bearer ${kiosk}`, cookie: `kiosk_station=${kiosk}` } }, own: (r) => r.url.startsWith(`${API_BASE}/stations/`) || r.url.startsWith('/kiosk') },
      { name: 'the city reading a county’s feed', as: { headers: { authorization: `Bearer ${CITY_TOKEN}` } }, own: (r) => r.url.startsWith(`${API_BASE}/county/`) },
    ];
  };

  it('are each refused by every route but their own', async () => {
    for (const m of await machines()) {
      const skip = (r: Route) => key(r) in PUBLIC || key(r) in TUS_INERT || OWN_SESSION.includes(key(r)) || m.own(r);
      expect(await failures(() => m.as, skip, (_r, o) => refused(o)), m.name).toEqual([]);
    }
  });
});

describe('a portal user', () => {
  const PORTALS = [
    { login: 'jj-admin', kind: 'developer' },
    { login: 'ccb-credit', kind: 'bank' },
    { login: 'anju-agent', kind: 'agency' },
    { login: 'ct-survey', kind: 'builder' },
  ] as const;
  for (const { login, kind } of PORTALS) {
    it(`of a ${kind} is refused by every staff route, the van API and every other portal`, async () => {
      const token = await portalSession(login);
      // The portal token offered every way a staff or van token travels: bearer header, the staff cookie, its own cookie.
      const as = (): Credentials => ({ headers: { authorization: `Bearer ${token}`, cookie: `${PORTAL_COOKIE}=${token}; ${SESSION_COOKIE}=${token}` }, csrf: csrfTokenOf(token) });
      const own = (r: Route) => r.url === `/portal/${kind}` || r.url.startsWith(`/portal/${kind}/`);
      const skip = (r: Route) => key(r) in PUBLIC || key(r) in TUS_INERT || OWN_SESSION.includes(key(r)) || own(r);
      expect(await failures(as, skip, (_r, o) => refused(o))).toEqual([]);
    });
  }
});
