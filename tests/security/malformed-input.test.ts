import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, sqlId } from '#office/platform/db/sql.ts';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { PORTAL_COOKIE } from '#server/office/market/portal-auth.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { CITY_TOKEN, type Credentials, fill, isVanApi, key, type OfficeUnderTest, openOffice, PUBLIC, type Route } from './route-kit.ts';

/**
 * Every route that takes input, read from the router, called by a caller allowed to use it with malformed
 * input: no body, JSON of the wrong shape, text/plain, form and JSON fields of the wrong type, overlong or
 * holding a NUL byte, path parameters that are no ids, query parameters of the wrong type. Each must answer
 * below 500 (a 4xx with its reason, or a redirect back to the form), and none may change what the office stores.
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
const PORTAL_LOGINS: Record<string, string[]> = { developer: ['jj-admin', 'jj-sales', 'jj-manager'], bank: ['ccb-credit'], agency: ['anju-agent'], builder: ['ct-survey'] };
/** Office staff, the administrator first; a route whose permission the administrator lacks goes to the role holding it (access.ts). */
const STAFF = ['admin', 'chenjing', 'wangfang', 'zhaolei'];

/** Path parameters that are no ids: NUL, a line break (no header may hold one), a climb, beyond any integer, negative, fractional, overlong. */
const BAD_IDS = ['%00', '%0a', '..%2f', '99999999999999999999', '-1', '1.5', 'x'.repeat(300)];
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

/** Who may call a route; office and portal routes go to the first user not refused (403) by a plain request. */
async function callerOf(r: Route): Promise<Caller> {
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
    const res = await office.app.inject({ method: 'GET', url: r.url, headers: (await callerOf(r)).headers });
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
  const db = office.storage.db;
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
  office = await openOffice('malformed-input');
  routes = office.callable().filter((r) => !SKIP.has(key(r)));
  fields = schemaFields();
  await signIn();
  await readForms();
}, 120_000);
afterAll(async () => {
  await office?.close();
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
