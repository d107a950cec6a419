import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FastifyInstance, type HTTPMethods } from 'fastify';
import { CITY_CODE } from '#domain/city/counties.ts';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { sql, sqlId } from '#office/platform/db/sql.ts';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { seedArchive } from '#server/office/archive/seed-register.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { seedMap } from '#server/office/map/seed-map.ts';
import { PORTAL_COOKIE } from '#server/office/market/portal-auth.ts';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { seedOffice } from '#server/seed.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { openTestStorage } from '../support/backend.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

/**
 * Every route that takes input, read from the router, called by a caller allowed to use it with malformed
 * input: no body, JSON of the wrong shape, text/plain, form and JSON fields of the wrong type, overlong or
 * holding a NUL byte, path parameters that are no ids, query parameters of the wrong type. Each must answer
 * below 500 (a 4xx with its reason, or a redirect back to the form), and none may change what the office stores.
 */

type Route = { method: HTTPMethods; url: string };
type Caller = { headers: Record<string, string>; csrf?: string };
type Request = { url: string; headers: Record<string, string>; payload?: string };

const key = (r: Route): string => `${r.method} ${r.url}`;
const json = (body: unknown): Omit<Request, 'url'> => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
const form = (entries: [string, string][]): Omit<Request, 'url'> => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(entries).toString() });
const clock = { now: () => new Date('2026-12-02T02:00:00Z') };
const TODAY = '2026-12-02';
const CITY_TOKEN = 'malformed-input-city-token';

// Same route listing as route-inventory.test.ts (`routesOf`): each printRoutes line continues its parent's path.
function routesOf(tree: string): Route[] {
  const found: Route[] = [];
  const path: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    path.length = (m[1] ?? '').length / 4;
    const node = m[2] ?? '';
    path.push(node === '*' && !path.join('').endsWith('/') ? '/*' : node);
    for (const method of m[3]?.split(', ') ?? []) found.push({ method, url: path.join('') });
  }
  return found;
}

/** Public routes (route-inventory's PUBLIC): called with no credentials. */
const PUBLIC_PREFIXES = ['/public/', `${API_BASE}/public/`, '/updates/', '/office/archive/assets/', '/office/map/assets/'];
const PUBLIC = new Set(['GET /', 'GET /office', 'GET /office/login', 'POST /office/login', 'POST /office/logout', `GET ${API_BASE}/health`, `POST ${API_BASE}/auth/login`,
  `POST ${API_BASE}/devices/enroll`, 'GET /portal', 'GET /portal/login', 'POST /portal/login', 'POST /portal/logout', 'GET /kiosk', `POST ${API_BASE}/auth/logout`]);
/**
 * Take no input and wait for a card (the station's long poll, the kiosk's read); tus answers these methods with a
 * 4xx itself (route-inventory's TUS_INERT).
 */
const SKIP = new Set([`GET ${API_BASE}/stations/reads/next`, 'POST /kiosk/holdings', `GET ${API_BASE}/scans/uploads`, `DELETE ${API_BASE}/scans/uploads`, `PATCH ${API_BASE}/scans/uploads`]);
/** The van's event stream stays open once its collection is found: only its path parameter is varied. */
const STREAM = `GET ${API_BASE}/sync/:collection/stream`;
/** The portals' seeded users, by kind: a route goes to the first whose portal role it does not refuse. */
const PORTAL_LOGINS: Record<string, string[]> = { developer: ['jj-admin', 'jj-sales', 'jj-manager'], bank: ['ccb-credit'], agency: ['anju-agent'], builder: ['ct-survey'] };
/** Office staff, the administrator first; a route whose permission the administrator lacks goes to the role holding it (access.ts). */
const STAFF = ['admin', 'chenjing', 'wangfang', 'zhaolei'];

/** Path parameters that are no ids: NUL, a line break (no header may hold one), a climb, beyond any integer, negative, fractional, overlong. */
const BAD_IDS = ['%00', '%0a', '..%2f', '99999999999999999999', '-1', '1.5', 'x'.repeat(300)];
const BAD_QUERIES = [
  '?page=abc&offset=-1&limit=abc&from=notadate&to=notadate&date=notadate&month=13&year=abc&id=-1&q=%00&status=%00&next=%00',
  '?page=1&page=2&from=a&from=b&q=a&q=b&id=1&id=99999999999999999999&next=a&next=b',
];
const PARAMS: Record<string, string> = { collection: 'cases', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', file: 'x.pdf' };

/** Every field name the server's zod schemas know: JSON fields of the wrong type reach the schema that reads them. */
function schemaFields(): string[] {
  const root = join(import.meta.dirname, '../../sync/server');
  const names = new Set<string>();
  for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (f.endsWith('.ts')) for (const m of readFileSync(join(root, f), 'utf8').matchAll(/(\w+): z\./g)) names.add(m[1] ?? '');
  }
  return [...names].filter((n) => n !== '' && n !== '_csrf');
}

let app: FastifyInstance;
let storage: DbStorage;
let dispose: () => Promise<void>;
let dataDir: string;
let routes: Route[] = [];
let fields: string[] = [];
/** The form fields of each route, read from the forms of the pages that post to it. */
const formFields = new Map<string, Set<string>>();
const callers: Record<string, Caller> = {};

// As route-inventory.test.ts's staffSession and portalSession.
async function staffSession(login: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/office/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ login, password: DEMO_PASSWORD }).toString() });
  const token = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  if (!token) throw new Error(`staff login ${login}: ${res.statusCode}`);
  return token;
}

async function portalSession(login: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/portal/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ login, password: DEMO_PASSWORD }).toString() });
  const token = res.cookies.find((c) => c.name === PORTAL_COOKIE)?.value;
  if (!token) throw new Error(`portal login ${login}: ${res.statusCode}`);
  return token;
}

/**
 * The callers allowed each route: the van, the portals' users, the stations, the city, the staff (each by role).
 * Signing in, enrolling the van and issuing station tokens are done as in route-inventory.test.ts.
 */
async function signIn(): Promise<void> {
  for (const login of STAFF) {
    const token = await staffSession(login);
    callers[`api:${login}`] = { headers: { authorization: `Bearer ${token}` } };
    callers[`page:${login}`] = { headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfTokenOf(token) }, csrf: csrfTokenOf(token) };
  }
  const admin = callers['api:admin'] ?? { headers: {} };
  const code = await app.inject({ method: 'POST', url: `${API_BASE}/admin/enroll-codes`, headers: admin.headers, payload: { vanId: DEMO_VAN_ID } });
  const enrolled = await app.inject({ method: 'POST', url: `${API_BASE}/devices/enroll`, headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) }, payload: { code: code.json<{ code: string }>().code, deviceName: 'malformed-input van' } });
  callers['van'] = { headers: { authorization: `Bearer ${enrolled.json<{ token: string }>().token}` } };
  for (const kind of ['counter', 'kiosk'] as const) {
    const res = await app.inject({ method: 'POST', url: `${API_BASE}/office/stations`, headers: admin.headers, payload: { name: `malformed-input ${kind}`, kind } });
    const token = res.json<{ token: string }>().token;
    callers[kind] = { headers: { authorization: `Bearer ${token}`, cookie: `kiosk_station=${token}` } };
  }
  callers['city'] = { headers: { authorization: `Bearer ${CITY_TOKEN}` } };
  for (const login of Object.values(PORTAL_LOGINS).flat()) {
    const token = await portalSession(login);
    callers[`portal:${login}`] = { headers: { cookie: `${PORTAL_COOKIE}=${token}` }, csrf: csrfTokenOf(token) };
  }
  callers['nobody'] = { headers: {} };
}

/** Who may call a route; office and portal routes go to the first user not refused (403) by a plain request. */
async function callerOf(r: Route): Promise<Caller> {
  const k = key(r);
  if (PUBLIC.has(k) || PUBLIC_PREFIXES.some((p) => r.url.startsWith(p))) return callers['nobody'] ?? { headers: {} };
  if ([`${API_BASE}/sync/`, `${API_BASE}/devices/me/`, `${API_BASE}/scans/`].some((p) => r.url.startsWith(p))) return callers['van'] ?? { headers: {} };
  if (r.url.startsWith(`${API_BASE}/stations/`)) return callers['counter'] ?? { headers: {} };
  if (r.url.startsWith('/kiosk')) return callers['kiosk'] ?? { headers: {} };
  if (r.url.startsWith(`${API_BASE}/county/`)) return callers['city'] ?? { headers: {} };
  const portal = /^\/portal\/(\w+)/.exec(r.url)?.[1];
  const side = r.url.startsWith('/api/') ? 'api' : 'page';
  const candidates = portal ? (PORTAL_LOGINS[portal] ?? []).map((l) => `portal:${l}`) : STAFF.map((l) => `${side}:${l}`);
  for (const name of candidates) {
    const as = callers[name] ?? { headers: {} };
    if ((await send(r, as, { url: fill(r.url), ...plainBody(r, as) })) !== 403) return as;
  }
  return callers[candidates[0] ?? 'nobody'] ?? { headers: {} };
}

/** A well-formed empty request: a JSON body with only the CSRF token for the methods that carry one. */
const plainBody = (r: Route, as: Caller): Omit<Request, 'url'> =>
  ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) ? json(as.csrf === undefined ? {} : { _csrf: as.csrf }) : { headers: {} };

const fill = (url: string): string => url.replace(/:(\w+)/g, (_m, name: string) => PARAMS[name] ?? 'x').replace(/\*$/, 'x');

async function send(r: Route, as: Caller, req: Request): Promise<number> {
  const res = await app.inject({
    method: r.method,
    url: req.url,
    headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'tus-resumable': '1.0.0', ...req.headers, ...as.headers },
    ...(req.payload === undefined ? {} : { payload: req.payload }),
  });
  return res.statusCode;
}

/** The malformed bodies for a route: wrong shapes, wrong content type, every field of the wrong type, overlong or with NUL. */
function bodies(r: Route, as: Caller): Omit<Request, 'url'>[] {
  const csrf: [string, string][] = as.csrf === undefined ? [] : [['_csrf', as.csrf]];
  const withCsrf = (o: Record<string, unknown>) => ({ ...Object.fromEntries(csrf), ...o });
  const own = [...(formFields.get(key(r)) ?? [])].slice(0, 30);
  const each = (v: unknown) => withCsrf(Object.fromEntries(fields.map((f) => [f, v])));
  const overlong: [string, string][] = own.length > 0 ? own.map((f) => [f, 'x'.repeat(100_000)]) : fields.map((f) => [f, 'x'.repeat(10_000)]);
  const names = own.length > 0 ? own : fields;
  return [
    { headers: {} },
    json(withCsrf({})),
    json([]),
    json('x'),
    json(withCsrf({ a: 1 })),
    { headers: { 'content-type': 'text/plain' }, payload: 'x' },
    form([...csrf, ...overlong]),
    form([...csrf, ...names.flatMap((f): [string, string][] => [[f, 'abc'], [f, '-1']])]),
    form([...csrf, ...names.map((f): [string, string] => [f, 'a\u0000b'])]),
    json(each([1])),
    json(each(1e20)),
    json(each(-1.5)),
  ];
}

/** Each request of the malformed set for one route: bodies, then path parameters, then query strings. */
function requests(r: Route, as: Caller): Request[] {
  const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method);
  const plain = plainBody(r, as);
  const out: Request[] = hasBody ? bodies(r, as).map((b) => ({ url: fill(r.url), ...b })) : [];
  const params = [...r.url.matchAll(/:(\w+)|\*$/g)].map((m) => m[0]);
  for (const p of params) {
    for (const bad of BAD_IDS) out.push({ url: fill(r.url.replace(p, bad)), ...plain });
  }
  if (r.method === 'GET' && key(r) !== STREAM) for (const q of BAD_QUERIES) out.push({ url: fill(r.url) + q, ...plain });
  return out;
}

/** Reads the forms of every page a caller can open without an id, and which route each posts to. */
async function readForms(): Promise<void> {
  const patterns = routes.filter((r) => r.method === 'POST').map((r) => ({ r, re: new RegExp(`^${r.url.replace(/:\w+/g, '[^/]+')}$`) }));
  for (const r of routes) {
    if (r.method !== 'GET' || r.url.includes(':') || r.url.includes('*') || r.url.startsWith('/api/') || SKIP.has(key(r))) continue;
    const res = await app.inject({ method: 'GET', url: r.url, headers: (await callerOf(r)).headers });
    for (const m of res.body.matchAll(/<form\b[^>]*action="([^"?]*)[^>]*>([\s\S]*?)<\/form>/g)) {
      const target = patterns.find((p) => p.re.test(m[1] ?? ''));
      if (!target) continue;
      const set = formFields.get(key(target.r)) ?? new Set<string>();
      for (const n of (m[2] ?? '').matchAll(/name="([^"]+)"/g)) if (n[1] !== '_csrf') set.add(n[1] ?? '');
      formFields.set(key(target.r), set);
    }
  }
}

/** Each table's rows, as one digest per table (rows sorted): what a malformed request must not change. */
async function tableDigests(): Promise<Record<string, string>> {
  const db = storage.db;
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

beforeAll(async () => {
  dataDir = tempDir('malformed-input');
  const opened = await openTestStorage(dataDir, { clock });
  dispose = opened.dispose;
  storage = opened.storage;
  await seedOffice(storage, 'demo', clock);
  await seedMap(storage.db, 'demo', TODAY);
  await seedArchive(storage, 'demo', TODAY);
  await seedMarket(storage.db, 'demo', TODAY);
  const city = cityPlugin({ officeCode: CITY_CODE, cityToken: CITY_TOKEN, counties: [], statisticsEveryMs: 3_600_000, pullEveryMs: 3_600_000, reportsEveryMs: 3_600_000, reportsFirstAfterMs: 3_600_000 });
  app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, clock, logFile: false, plugins: [officePlugin, city] });
  await app.ready();
  routes = routesOf(app.printRoutes({ commonPrefix: false })).filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !SKIP.has(key(r)));
  fields = schemaFields();
  await signIn();
  await readForms();
}, 120_000);
afterAll(async () => {
  await app?.close();
  await dispose?.();
  if (dataDir) removeDir(dataDir);
});

describe('malformed input', () => {
  it('gets a 4xx or a redirect with the reason from every route, never a 500, and changes nothing stored', async () => {
    expect(formFields.size).toBeGreaterThan(20);
    const before = await tableDigests();
    const failures: string[] = [];
    for (const r of routes) {
      const as = await callerOf(r);
      for (const req of requests(r, as)) {
        const status = await send(r, as, req);
        if (status >= 500) failures.push(`${key(r)} ${req.url.slice(0, 80)} ${req.headers['content-type'] ?? ''} ${(req.payload ?? '').slice(0, 60)} → ${status}`);
      }
    }
    expect(failures).toEqual([]);
    const after = await tableDigests();
    // Failed logins are counted, so that guessing is throttled (login.test.ts): the one record a refusal keeps.
    expect(Object.keys(after).filter((t) => t !== 'login_failures' && after[t] !== before[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`)).toEqual([]);
  }, 600_000);
});
