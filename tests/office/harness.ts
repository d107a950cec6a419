import { type FastifyInstance } from 'fastify';
import { type Clock } from '#domain/clock.ts';
import { buildOfficeApp } from '#server/app.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedOffice } from '#server/seed.ts';
import { seedArchive } from '#server/office/archive/seed-register.ts';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { openTestStorage } from '../support/backend.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { API_BASE, PROTOCOL_HEADER } from '#protocol/version.ts';
import { enrollDevice, protocolHeaders, removeDir, tempDir } from '../sync/helpers.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

export type Office = { url: string; app: FastifyInstance; storage: DbStorage; dataDir: string; close(): Promise<void> };

/**
 * The office server with the office plugin, seeded with the demo data, on 127.0.0.1 port 0, on the run's backend;
 * `clock` is its time. `market`: also the demo register and market (projects, portals' accounts, filings, listings).
 */
export async function startOfficeWithPages(opts: { clock?: Clock; trustProxy?: string[]; market?: boolean } = {}): Promise<Office> {
  const dataDir = tempDir('office-pages');
  const clock = opts.clock ?? { now: () => new Date() };
  const { storage, dispose } = await openTestStorage(dataDir, { clock });
  await seedOffice(storage, 'demo', clock);
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, clock, plugins: [officePlugin], ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}) });
  if (opts.market === true) {
    const today = todayInOffice(clock);
    await seedArchive(storage, 'demo', today);
    await seedMarket(storage.db, 'demo', today);
  }
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    app,
    storage,
    dataDir,
    close: async () => {
      await app.close();
      await dispose();
      removeDir(dataDir);
    },
  };
}

/** Logs a demo staff member in through the real login endpoint; returns the bearer token. */
export async function loginAs(office: Office, login: string): Promise<string> {
  const res = await fetch(`${office.url}${API_BASE}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${login} failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export async function api(office: Office, token: string | null, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${office.url}${API_BASE}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text } };
}

/** Pushes van documents through the real replication endpoint, as an enrolled device (of an older protocol when `version` says so). */
export async function pushAs(office: Office, token: string, collection: string, docs: readonly unknown[], version?: number): Promise<void> {
  const res = await fetch(`${office.url}${API_BASE}/sync/${collection}/push`, {
    method: 'POST',
    headers: { ...protocolHeaders(token), ...(version === undefined ? {} : { [PROTOCOL_HEADER]: String(version) }) },
    body: JSON.stringify(docs.map((d) => ({ newDocumentState: d }))),
  });
  if (!res.ok) throw new Error(`push ${collection} failed: ${res.status} ${await res.text()}`);
}

export { enrollDevice };

/** Uploads a scan file with the tus protocol (creation + one PATCH), as the van's uploader does. */
export async function uploadScan(office: Office, token: string, bytes: Uint8Array<ArrayBuffer>, sha256: string): Promise<void> {
  const meta = `sha256 ${Buffer.from(sha256).toString('base64')}`;
  const { 'content-type': _json, ...base } = protocolHeaders(token);
  const headers = { ...base, 'tus-resumable': '1.0.0' };
  const created = await fetch(`${office.url}${API_BASE}/scans/uploads`, {
    method: 'POST',
    headers: { ...headers, 'upload-length': String(bytes.length), 'upload-metadata': meta },
  });
  if (created.status !== 201) throw new Error(`tus create failed: ${created.status} ${await created.text()}`);
  const location = new URL(created.headers.get('location') ?? '', `${office.url}${API_BASE}/scans/uploads/`).toString();
  const patched = await fetch(location, {
    method: 'PATCH',
    headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: bytes,
  });
  if (patched.status !== 204) throw new Error(`tus patch failed: ${patched.status} ${await patched.text()}`);
}
