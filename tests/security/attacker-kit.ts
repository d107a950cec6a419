import { createHash } from 'node:crypto';
import { type CaseEvent, type CaseEventBody } from '#domain/case/events.ts';
import { sealEvent } from '#domain/case/hash-chain.ts';
import { SYNC_COLLECTIONS } from '#protocol/collections.ts';
import { API_BASE } from '#protocol/version.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { protocolHeaders } from '../sync/helpers.ts';

/**
 * An enrolled device seen from outside: everything it does goes through the office's HTTP endpoints, as a
 * van (honest or not) would. The attacker's suite is written against these, not against the storage, so it
 * keeps holding whatever the office keeps its data in.
 */
export type Device = { name: string; deviceId: string; vanId: string; token: string; seq: number; prev: string | null };

export type Answer = { status: number; body: Record<string, unknown> };

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: Record<string, unknown> = { text };
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

export async function login(url: string, who: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: who, password }) });
  if (!res.ok) throw new Error(`login ${who}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function staffCall(url: string, token: string | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${url}${API_BASE}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return answer(res);
}

/**
 * An admin issues a one-time code for `vanId`; the device enrolls with it and pulls its trip ledger, as a van
 * does, so it holds its own run of its van's newest trip's receipt numbers.
 */
export async function enroll(url: string, adminToken: string, vanId: string, name: string): Promise<Device> {
  const code = await staffCall(url, adminToken, 'POST', '/admin/enroll-codes', { vanId });
  if (code.status !== 200) throw new Error(`enroll code: ${code.status}`);
  const res = await fetch(`${url}${API_BASE}/devices/enroll`, { method: 'POST', headers: protocolHeaders(), body: JSON.stringify({ code: code.body['code'], deviceName: name }) });
  if (!res.ok) throw new Error(`enroll ${name}: ${res.status} ${await res.text()}`);
  const d = (await res.json()) as { deviceId: string; vanId: string; token: string };
  const ledger = await fetch(`${url}${API_BASE}/sync/tripLedger/pull?limit=10`, { headers: protocolHeaders(d.token) });
  if (!ledger.ok) throw new Error(`ledger ${name}: ${ledger.status}`);
  return { name, deviceId: d.deviceId, vanId: d.vanId, token: d.token, seq: 0, prev: null };
}

export async function push(url: string, device: Device, collection: string, docs: readonly unknown[]): Promise<Answer> {
  const res = await fetch(`${url}${API_BASE}/sync/${collection}/push`, {
    method: 'POST',
    headers: protocolHeaders(device.token),
    body: JSON.stringify(docs.map((d) => ({ newDocumentState: d }))),
  });
  return answer(res);
}

/** Every document a device pulls from a collection, from the start (id → body as JSON). */
export async function pullAll(url: string, token: string, collection: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let checkpoint: unknown = null;
  for (;;) {
    const q = new URLSearchParams({ limit: '1000', ...(checkpoint ? { checkpoint: JSON.stringify(checkpoint) } : {}) });
    // As a protocol 15 van pulls: it still gets its own documents back, the widest view a device has.
    const res = await fetch(`${url}${API_BASE}/sync/${collection}/pull?${q.toString()}`, { headers: { ...protocolHeaders(token), 'x-van-protocol': '15' } });
    if (!res.ok) throw new Error(`pull ${collection}: ${res.status}`);
    const page = (await res.json()) as { documents: { id: string }[]; checkpoint: unknown };
    for (const d of page.documents) out[d.id] = JSON.stringify(d);
    if (page.documents.length === 0) return out;
    checkpoint = page.checkpoint;
  }
}

/** Seals the device's next event into its own hash chain (as the van does) and advances the chain. */
export function sealNext(device: Device, caseId: string, body: CaseEventBody, id = `${device.deviceId}-e${device.seq + 1}`): CaseEvent & { _deleted: false } {
  const event = sealEvent({ id, caseId, deviceId: device.deviceId, seq: device.seq + 1, at: new Date(Date.now() - 3600_000).toISOString(), actor: 'staff-zhangwei', prevHash: device.prev, ...body });
  return { ...event, _deleted: false };
}

/** Records that a sealed event was stored, so the device's next event links to it. */
export function advance(device: Device, event: CaseEvent): void {
  device.seq = event.seq;
  device.prev = event.hash;
}

/**
 * What the office holds, as far as HTTP shows it: every collection as each device pulls it, the case pages'
 * data and each trip's reconciliation as the office staff see them. Two equal snapshots mean a refused write
 * changed nothing anyone can see.
 */
export async function snapshot(url: string, devices: readonly Device[], staffToken: string, caseIds: readonly string[], tripIds: readonly string[]): Promise<Record<string, unknown>> {
  const parts: Record<string, unknown> = {};
  for (const d of devices) for (const c of SYNC_COLLECTIONS) parts[`${d.name}/${c}`] = await pullAll(url, d.token, c);
  for (const id of caseIds) parts[`case/${id}`] = (await staffCall(url, staffToken, 'GET', `/office/cases/${id}`)).body;
  for (const id of tripIds) parts[`trip/${id}`] = (await staffCall(url, staffToken, 'GET', `/office/trips/${id}/reconciliation`)).body;
  return parts;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A tus creation-with-upload of a whole file, as the van's uploader sends a small scan. */
export async function uploadWhole(url: string, device: Device, bytes: Uint8Array<ArrayBuffer>): Promise<Answer> {
  const { 'content-type': _json, ...base } = protocolHeaders(device.token);
  const res = await fetch(`${url}${API_BASE}/scans/uploads`, {
    method: 'POST',
    headers: {
      ...base,
      'tus-resumable': '1.0.0',
      'upload-length': String(bytes.length),
      'upload-metadata': `sha256 ${Buffer.from(sha256(bytes)).toString('base64')}`,
      'content-type': 'application/offset+octet-stream',
    },
    body: bytes,
  });
  return answer(res);
}

/** Logs in through the login page (a form post from the office's own origin); returns the session cookie. */
export async function pageLogin(url: string, who: string, password = DEMO_PASSWORD, headers: Record<string, string> = {}): Promise<{ status: number; location: string; cookie: string | null; setCookie: string }> {
  const res = await fetch(`${url}/office/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, ...headers },
    body: new URLSearchParams({ login: who, password, next: '/office/queues' }).toString(),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = /office_session=([^;]+)/.exec(setCookie)?.[1] ?? null;
  return { status: res.status, location: res.headers.get('location') ?? '', cookie: cookie ? `office_session=${cookie}` : null, setCookie };
}

/** A portal (developer, bank, agency) sign-in through its page, from the office's own origin: the session cookie. */
export async function portalLogin(url: string, who: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/portal/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ login: who, password }).toString(),
  });
  const cookie = /portal_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`portal login ${who}: ${res.status}`);
  return cookie;
}

/** A page as the browser gets it with the session cookie. */
export async function getPage(url: string, path: string, cookie: string | null): Promise<{ status: number; html: string; headers: Headers; location: string }> {
  const res = await fetch(`${url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, html: await res.text(), headers: res.headers, location: res.headers.get('location') ?? '' };
}

/** The CSRF token the office put into a page's forms. */
export const csrfIn = (html: string): string | null => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;

/** A form post as a browser sends it: the cookie, the form fields, and the headers that say where it came from. */
export async function postForm(url: string, path: string, cookie: string | null, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; location: string; html: string }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, location: res.headers.get('location') ?? '', html: await res.text() };
}
