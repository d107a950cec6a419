import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '#office/platform/db/sql.ts';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { PORTAL_COOKIE } from '#server/office/market/portal-auth.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { freeUnit, Van } from '../office/scenario.ts';
import { changedTables, CITY_TOKEN, type Credentials, fill, isVanApi, key, type OfficeUnderTest, openOffice, PUBLIC, type Route, tableDigests } from './route-kit.ts';

/**
 * Every route that takes input, read from the router, called by a caller allowed to use it with malformed
 * input: no body, JSON of the wrong shape, text/plain, form and JSON fields of the wrong type, overlong or
 * holding a NUL byte, path parameters that are no ids, query parameters of the wrong type. Each must answer
 * below 500 (a 4xx with its reason, or a redirect back to the form), and none may change what the office stores.
 * A route with path parameters is called both with ids of nothing and with the ids of real records its caller
 * may act on, read from the addresses the caller's own pages link and post to: the malformed input then reaches
 * the code past the route's "no such record" check.
 */

type Caller = Credentials;
type Request = { url: string; headers: Record<string, string>; payload?: string };

const json = (body: unknown): Omit<Request, 'url'> => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
const form = (entries: [string, string][]): Omit<Request, 'url'> => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(entries).toString() });
/** Besides the public routes (route-kit.ts), the logouts are called with no credentials: nothing to end is no failure. */
const NOBODY = new Set([...Object.keys(PUBLIC), 'POST /portal/logout', `POST ${API_BASE}/auth/logout`]);
/**
 * Take no input and wait for a card (the station's long poll, the kiosk's read); tus answers these methods with a
 * 4xx itself (route-inventory's TUS_INERT).
 */
const SKIP = new Set([`GET ${API_BASE}/stations/reads/next`, 'POST /kiosk/holdings', `GET ${API_BASE}/scans/uploads`, `DELETE ${API_BASE}/scans/uploads`, `PATCH ${API_BASE}/scans/uploads`]);
/** The van's event stream stays open once its collection is found: only its path parameter is varied. */
const STREAM = `GET ${API_BASE}/sync/:collection/stream`;
/** The portals' seeded users, by kind: a route goes to the first whose portal role it does not refuse. */
const PORTAL_LOGINS: Record<string, string[]> = { developer: ['jj-sales', 'jj-manager', 'jj-admin'], bank: ['ccb-credit'], agency: ['anju-agent'], builder: ['ct-survey'] };
/** Office staff, the administrator first; a route whose permission the administrator lacks goes to the role holding it (access.ts). */
const STAFF = ['admin', 'chenjing', 'wangfang', 'zhaolei'];

/** Path parameters that are no ids: NUL, a line break (no header may hold one), a climb, beyond any integer, negative, fractional, overlong. */
const BAD_IDS = ['%00', '%0a', '..%2f', '99999999999999999999', '-1', '1.5', 'x'.repeat(300)];
/**
 * The API routes that act on the records the pages show, under another path: their real ids are read from the
 * pages' addresses, the first rule that matches rewriting the route's path.
 */
const SAME_RECORDS: [RegExp, string][] = [
  [new RegExp(`^${API_BASE}/admin/devices/`), '/office/devices/'],
  [new RegExp(`^${API_BASE}/admin/trips/`), '/office/trips/'],
  [new RegExp(`^${API_BASE}/office/map/buildings/`), '/office/map/building/'],
  [new RegExp(`^${API_BASE}/scans/(?!uploads)`), '/office/scans/'],
  [/^\/office\/market\/filings\//, '/portal/developer/filings/'],
  [new RegExp(`^${API_BASE}/`), '/'],
];
/**
 * Routes whose only input is the id: any request naming a real record does what the button says, so none is sent
 * with a real id (each is called with ids of nothing, as every route is).
 */
const ACTS_ON_ID: Record<string, string> = {
  'POST /office/stations/:id/revoke': 'revokes the station',
  'POST /office/devices/:id/revoke': 'revokes the device',
  'POST /office/devices/:id/bundle': 'grants the device its run of receipt numbers for the answer bundle',
  [`POST ${API_BASE}/admin/devices/:deviceId/revoke`]: 'revokes the device',
  [`POST ${API_BASE}/admin/devices/:deviceId/wipe`]: 'orders the device wiped (the page’s form asks for a confirmation; the API’s caller has confirmed)',
  [`POST ${API_BASE}/admin/staff/:login/deactivate`]: 'stops the staff account',
  [`POST ${API_BASE}/admin/trips/:tripId/unit-snapshots`]: 'reads the register again for the trip’s units',
  'POST /office/trips/:id/unit-snapshots': 'reads the register again for the trip’s units',
  'POST /portal/agency/listings/:id/withdraw': 'withdraws the agency’s listing',
  'POST /office/province/messages/:id/resend': 'queues a failed message to the province again',
};
/**
 * Pages that show real records only once searched (the register by a unit number, a filing by its contract number)
 * or whose address the page's script builds (a building of the map): each read as the caller of the route it is
 * (the key), at the address made of a value the office stores, as a user would type or click it.
 */
const SEARCHES: Record<string, { value: ReturnType<typeof sql>; address: (v: string) => string }> = {
  'GET /office/archive': { value: sql`SELECT unit_number AS v FROM archive_units ORDER BY unit_number`, address: (v) => `/office/archive?by=unit-number&value=${encodeURIComponent(v)}` },
  'GET /office/market/filings': { value: sql`SELECT contract_number AS v FROM market_filings WHERE status = 'active' ORDER BY contract_number`, address: (v) => `/office/market/filings?q=${encodeURIComponent(v)}` },
  'GET /office/map/building/:id': { value: sql`SELECT id AS v FROM map_buildings ORDER BY id`, address: (v) => `/office/map/building/${encodeURIComponent(v)}` },
  'GET /office/market/listings/:id': { value: sql`SELECT id AS v FROM market_listings WHERE status = 'verifying' ORDER BY id`, address: (v) => `/office/market/listings/${encodeURIComponent(v)}` },
};
/** Routes with path parameters for which no page shows a real record to the caller, each with the reason. */
const NO_REAL_ID: Record<string, string> = {
  [`PUT ${API_BASE}/admin/updates/:file`]: 'the file name is what the upload names: there is no record before it',
  [`GET ${API_BASE}/sync/:collection/pull`]: 'a collection’s name, which PARAMS gives as a real one',
  [`POST ${API_BASE}/sync/:collection/push`]: 'a collection’s name, which PARAMS gives as a real one',
  [STREAM]: 'a collection’s name, which PARAMS gives as a real one',
  ...Object.fromEntries(['GET', 'TRACE', 'DELETE', 'PATCH', 'PUT', 'POST', 'QUERY'].map((m) => [`${m} ${API_BASE}/scans/uploads/*`, 'an upload’s id lives only while the van uploads it; tus answers by the headers before it reads a body'])),
  [`POST ${API_BASE}/stations/reads/:id`]: 'a read lives only while a page waits for the card; the route checks the body before the id',
  [`GET ${API_BASE}/office/queues/:level`]: 'a queue’s level, which PARAMS gives as a real one',
  [`POST ${API_BASE}/office/archive/queries/:seq/certificate`]: 'the demo office has made no archive query (one needs a card read at a station)',
  [`GET ${API_BASE}/office/archive/files/:sha256/:page/:size`]: 'the demo archive holds no scanned pages',
  'GET /updates/:file': 'the demo office publishes no installer',
  'GET /office/city/reports/:file': 'the demo office has made no report file',
  'GET /office/archive/imports/:id': 'the demo office has imported no ledger',
  'GET /office/archive/imports/:id/status': 'the demo office has imported no ledger',
  'GET /office/archive/queries/:seq': 'the demo office has made no archive query (one needs a card read at a station)',
  'POST /office/archive/queries/:seq/certificate': 'the demo office has made no archive query (one needs a card read at a station)',
  'GET /office/archive/historic-imports/:token': 'a token lives only while historic scans are uploaded',
  'GET /office/archive/files/:sha256/:page/:size': 'the demo archive holds no scanned pages',
  'GET /office/bundles/:id': 'the demo office has taken in no USB bundle',
  'GET /office/bundles/:id/answer': 'the demo office has taken in no USB bundle',
  'GET /office/market/listings/:id': 'every demo listing is verified already: none waits in the queue',
  'POST /office/market/listings/:id/verify': 'every demo listing is verified already: none waits in the queue',
  'GET /portal/developer/drafts/:id': 'the demo developer keeps no draft',
  'POST /portal/developer/drafts/:id': 'the demo developer keeps no draft',
  'POST /portal/bank/accounts/:id/active': 'the demo bank has only the signed-in account, which may not stop itself',
  'POST /portal/builder/accounts/:id/active': 'the demo builder has only the signed-in account, which may not stop itself',
  'POST /portal/agency/accounts/:id/active': 'the demo agency has only the signed-in account, which may not stop itself',
};
const BAD_QUERIES = [
  '?page=abc&offset=-1&limit=abc&from=notadate&to=notadate&date=notadate&month=13&year=abc&id=-1&q=%00&status=%00&next=%00',
  '?page=1&page=2&from=a&from=b&q=a&q=b&id=1&id=99999999999999999999&next=a&next=b',
];

/** Every field name the server's zod schemas know: JSON fields of the wrong type reach the schema that reads them. */
function schemaFields(): string[] {
  const root = join(import.meta.dirname, '../../sync/server');
  const names = new Set<string>();
  for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (f.endsWith('.ts')) for (const m of readFileSync(join(root, f), 'utf8').matchAll(/(\w+): z\./g)) names.add(m[1] ?? '');
  }
  return [...names].filter((n) => n !== '' && n !== '_csrf');
}

let office: OfficeUnderTest;
let routes: Route[] = [];
let fields: string[] = [];
/** The form fields of each route, read from the forms of the pages that post to it. */
const formFields = new Map<string, Set<string>>();
const callers: Record<string, Caller> = {};
/** The addresses each caller's pages link or post to, by caller name. */
const seen = new Map<string, Set<string>>();
/**
 * The ids of real records that pages showed for each path parameter, by the address up to it with the earlier
 * parameters' values in place (`/office/trips/:`, `/office/trips/trip-demo-van-1/appointments/:`), with who saw it.
 */
const found = new Map<string, { value: string; by: string }[]>();

/**
 * The callers allowed each route: the van, the portals' users, the stations, the city, the staff (each by role).
 * Signing in, enrolling the van and issuing station tokens are done as in route-inventory.test.ts.
 */
async function signIn(): Promise<void> {
  for (const login of STAFF) {
    const token = await office.staffSession(login);
    callers[`api:${login}`] = { headers: { authorization: `Bearer ${token}` } };
    callers[`page:${login}`] = { headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfTokenOf(token) }, csrf: csrfTokenOf(token) };
  }
  const admin = callers['api:admin'] ?? { headers: {} };
  callers['van'] = { headers: { authorization: `Bearer ${await office.enrolledVan('malformed-input van')}` } };
  for (const kind of ['counter', 'kiosk'] as const) {
    const res = await office.app.inject({ method: 'POST', url: `${API_BASE}/office/stations`, headers: admin.headers, payload: { name: `malformed-input ${kind}`, kind } });
    const token = res.json<{ token: string }>().token;
    callers[kind] = { headers: { authorization: `Bearer ${token}`, cookie: `kiosk_station=${token}` } };
  }
  callers['city'] = { headers: { authorization: `Bearer ${CITY_TOKEN}` } };
  for (const login of Object.values(PORTAL_LOGINS).flat()) {
    const token = await office.portalSession(login);
    callers[`portal:${login}`] = { headers: { cookie: `${PORTAL_COOKIE}=${token}` }, csrf: csrfTokenOf(token) };
  }
  callers['nobody'] = { headers: {} };
}

const chosen = new Map<string, Caller>();
/** Who may call a route; office and portal routes go to the first user not refused (403) by a plain request. */
async function callerOf(r: Route): Promise<Caller> {
  const k = key(r);
  const known = chosen.get(k);
  if (known) return known;
  const as = await firstAllowed(r);
  chosen.set(k, as);
  return as;
}

async function firstAllowed(r: Route): Promise<Caller> {
  const k = key(r);
  if (NOBODY.has(k)) return callers['nobody'] ?? { headers: {} };
  if (isVanApi(r)) return callers['van'] ?? { headers: {} };
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

async function send(r: Route, as: Caller, req: Request): Promise<number> {
  const res = await office.app.inject({
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

/** Each request of the malformed set for one route: bodies, then path parameters, then query strings; each again with real ids. */
function requests(r: Route, as: Caller): Request[] {
  const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method);
  const plain = plainBody(r, as);
  const out: Request[] = hasBody ? bodies(r, as).map((b) => ({ url: fill(r.url), ...b })) : [];
  const params = paramsOf(r.url);
  for (const p of params) {
    for (const bad of BAD_IDS) out.push({ url: fill(r.url.replace(p, bad)), ...plain });
  }
  if (r.method === 'GET' && key(r) !== STREAM) for (const q of BAD_QUERIES) out.push({ url: fill(r.url) + q, ...plain });
  const real = realIds(r, as);
  if (!real) return out;
  const url = withValues(r.url, real);
  if (hasBody) out.push(...bodies(r, as).map((b) => ({ url, ...b })));
  // With more than one parameter, each is also made no id while the others name real records.
  if (params.length > 1) {
    params.forEach((_p, i) => {
      for (const bad of BAD_IDS) out.push({ url: withValues(r.url, real.map((v, j) => (j === i ? bad : v))), ...plain });
    });
  }
  if (r.method === 'GET' && key(r) !== STREAM) for (const q of BAD_QUERIES) out.push({ url: url + q, ...plain });
  return out;
}

const paramsOf = (url: string): string[] => [...url.matchAll(/:(\w+)|\*$/g)].map((m) => m[0]);
const withValues = (url: string, values: string[]): string => paramsOf(url).reduce((u, p, i) => u.replace(p, () => values[i] ?? ''), url);
/** A route's path as the pages name its records (SAME_RECORDS). */
function pagePath(url: string): string {
  const rule = SAME_RECORDS.find(([re]) => re.test(url));
  return rule ? url.replace(rule[0], rule[1]) : url;
}
const nameOf = (as: Caller): string => Object.entries(callers).find(([, c]) => c === as)?.[0] ?? 'nobody';

/** Keeps the ids an address names, for each route whose path it is, as `found` keeps them (an address of a route without parameters names none). */
function learn(address: string, by: string): void {
  if (routes.some((r) => r.url === address)) return;
  for (const r of routes) {
    const path = pagePath(r.url);
    const names = paramsOf(path);
    if (names.length === 0) continue;
    const m = new RegExp(`^${path.replace(/\./g, '\\.').replace(/:\w+|\*$/g, '([^/]+)')}$`).exec(address);
    if (!m) continue;
    let at = path;
    names.forEach((n, i) => {
      const value = m[i + 1] ?? '';
      const k = `${at.slice(0, at.indexOf(n))}:`;
      const known = found.get(k) ?? [];
      if (!known.some((o) => o.value === value && o.by === by)) known.push({ value, by });
      found.set(k, known);
      at = at.replace(n, () => value);
    });
  }
}

/**
 * Ids of real records for a route's path parameters, preferring those its caller's own pages showed; none for the
 * routes whose only input is the id (ACTS_ON_ID), or when no page showed one.
 */
function realIds(r: Route, as: Caller): string[] | undefined {
  if (key(r) in ACTS_ON_ID) return undefined;
  let at = pagePath(r.url);
  const values: string[] = [];
  for (const n of paramsOf(at)) {
    const options = found.get(`${at.slice(0, at.indexOf(n))}:`) ?? [];
    const value = (options.find((o) => o.by === nameOf(as)) ?? options[0])?.value;
    if (value === undefined) return undefined;
    values.push(value);
    at = at.replace(n, () => value);
  }
  return values;
}

/** Reads a page as `as` sees it: the fields of its forms (by the route each posts to), and the addresses it links and posts to. */
async function readPage(url: string, as: Caller): Promise<void> {
  const res = await office.app.inject({ method: 'GET', url, headers: as.headers });
  if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').startsWith('text/html')) return;
  const patterns = routes.filter((r) => r.method === 'POST').map((r) => ({ r, re: new RegExp(`^${r.url.replace(/:\w+/g, '[^/]+')}$`) }));
  for (const m of res.body.matchAll(/<form\b[^>]*action="([^"?]*)[^>]*>([\s\S]*?)<\/form>/g)) {
    const target = patterns.find((p) => p.re.test(m[1] ?? ''));
    if (!target) continue;
    const set = formFields.get(key(target.r)) ?? new Set<string>();
    for (const n of (m[2] ?? '').matchAll(/name="([^"]+)"/g)) if (n[1] !== '_csrf') set.add(n[1] ?? '');
    formFields.set(key(target.r), set);
  }
  const by = nameOf(as);
  const addresses = seen.get(by) ?? new Set<string>();
  seen.set(by, addresses);
  for (const m of [[url, url.replace(/[?#].*/, '')], ...res.body.matchAll(/(?:href|action|src)="(\/[^"?#]*)/g)]) {
    const address = m[1] ?? '';
    if (addresses.has(address)) continue;
    addresses.add(address);
    learn(address, by);
  }
}

/**
 * Reads every page each route's caller can open: those without an id first, then, three rounds deep, those whose
 * ids an earlier page showed (a project's page, then its permits' forms).
 */
async function readPages(): Promise<void> {
  const pages = routes.filter((r) => r.method === 'GET' && !r.url.startsWith('/api/') && !SKIP.has(key(r)));
  const read = new Set<string>();
  for (const [k, search] of Object.entries(SEARCHES)) {
    const value = (await office.storage.db.all<{ v: string }>(search.value))[0]?.v;
    const r = routes.find((x) => key(x) === k);
    if (value !== undefined && r) await readPage(search.address(value), await callerOf(r));
  }
  for (let round = 0; round < 3; round++) {
    for (const r of pages) {
      const as = await callerOf(r);
      const real = paramsOf(r.url).length === 0 ? [] : realIds(r, as);
      if (!real) continue;
      const url = withValues(r.url, real);
      if (read.has(`${nameOf(as)} ${url}`)) continue;
      read.add(`${nameOf(as)} ${url}`);
      await readPage(url, as);
    }
  }
}

/** A case the van accepted and synced, with its scan: the demo office holds none, and the case pages and actions need one. */
async function acceptCase(): Promise<void> {
  const url = await office.app.listen({ port: 0, host: '127.0.0.1' });
  const at = { url, app: office.app, storage: office.storage, dataDir: '', close: office.close };
  const van = await Van.enroll(at, 'malformed-input case van');
  await van.acceptCase(1, await freeUnit(at), { at: '2026-12-01T01:00:00.000Z' });
  // The city's statistics take the case in when the city next reads them: done now, before the digests are taken.
  await office.app.inject({ method: 'GET', url: `${API_BASE}/county/facts`, headers: callers['city']?.headers ?? {} });
}

beforeAll(async () => {
  office = await openOffice('malformed-input');
  routes = office.callable().filter((r) => !SKIP.has(key(r)));
  fields = schemaFields();
  await signIn();
  await acceptCase();
  await readPages();
}, 180_000);
afterAll(async () => {
  await office?.close();
});

describe('malformed input', () => {
  it('gets a 4xx or a redirect with the reason from every route, never a 500, and changes nothing stored', async () => {
    expect(formFields.size).toBeGreaterThan(20);
    const withParams = routes.filter((r) => paramsOf(r.url).length > 0 && !(key(r) in ACTS_ON_ID));
    const unreal: string[] = [];
    for (const r of withParams) if (!realIds(r, await callerOf(r))) unreal.push(key(r));
    expect(unreal.sort()).toEqual(Object.keys(NO_REAL_ID).sort());
    const before = await tableDigests(office.storage.db);
    const failures: string[] = [];
    for (const r of routes) {
      const as = await callerOf(r);
      for (const req of requests(r, as)) {
        const status = await send(r, as, req);
        if (status >= 500) failures.push(`${key(r)} ${req.url.slice(0, 80)} ${req.headers['content-type'] ?? ''} ${(req.payload ?? '').slice(0, 60)} → ${status}`);
      }
    }
    expect(failures).toEqual([]);
    const after = await tableDigests(office.storage.db);
    // Failed logins and guesses on public pages are counted, so that guessing is throttled (login.test.ts,
    // guess-budget.test.ts): the only records a refusal keeps.
    expect(changedTables(before, after).filter((t) => !t.startsWith('login_failures:') && !t.startsWith('guesses:'))).toEqual([]);
  }, 600_000);
});
