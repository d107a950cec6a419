import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { type FastifyInstance } from 'fastify';
import { buildOfficeApp, type OfficeAppOptions } from '#server/app.ts';
import { seedOffice } from '#server/seed.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { openTestStorage } from '../support/backend.ts';
import { openVanDatabase, type VanDatabase } from '#renderer/db/database.ts';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { DEMO_PASSWORD, DEMO_TRIP_ID, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';
import { tempDir } from '../support/temp-dir.ts';

// Their home is tests/support/temp-dir.ts; re-exported for the many files that take them from here.
export { removeDir, tempDir } from '../support/temp-dir.ts';

export type RunningOffice = { url: string; app: FastifyInstance; storage: DbStorage; dataDir: string; close(): Promise<void> };

/**
 * A real office on 127.0.0.1, port 0, seeded with the demo data, in this process, on the run's backend
 * (SQLite in `dataDir`, or PostgreSQL); started again on the same `dataDir`, it finds its data.
 */
export async function startOffice(dataDir = tempDir('office'), seed = true, opts: Partial<OfficeAppOptions> = {}): Promise<RunningOffice> {
  const { storage } = await openTestStorage(dataDir);
  if (seed) await seedOffice(storage, 'demo');
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, ...opts, dataDir, storage });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, app, storage, dataDir, close: () => app.close() };
}

export const protocolHeaders = (token?: string): Record<string, string> => ({
  [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

export async function adminToken(url: string): Promise<string> {
  const res = await fetch(`${url}${API_BASE}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`admin login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * Enrolls a new device for the demo van through the real admin + enrollment endpoints, and pulls its trip
 * ledger as a van does after enrolling: the device then holds its own run of the trip's receipt numbers
 * (the first device enrolled gets JMS2026-001001–001050, the second 001051–001100).
 */
export async function enrollDevice(url: string, name = 'test-van', vanId = DEMO_VAN_ID): Promise<{ deviceId: string; token: string; grants: { first: number; last: number }[] }> {
  const admin = await adminToken(url);
  const codeRes = await fetch(`${url}${API_BASE}/admin/enroll-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ vanId }),
  });
  const { code } = (await codeRes.json()) as { code: string };
  const res = await fetch(`${url}${API_BASE}/devices/enroll`, {
    method: 'POST',
    headers: protocolHeaders(),
    body: JSON.stringify({ code, deviceName: name }),
  });
  if (!res.ok) throw new Error(`enroll failed: ${res.status} ${await res.text()}`);
  const device = (await res.json()) as { deviceId: string; token: string };
  const ledger = await fetch(`${url}${API_BASE}/sync/tripLedger/pull?limit=100`, { headers: protocolHeaders(device.token) });
  if (!ledger.ok) throw new Error(`ledger pull failed: ${ledger.status} ${await ledger.text()}`);
  const entries = ((await ledger.json()) as { documents: { kind: string; first?: number; last?: number }[] }).documents;
  return { ...device, grants: entries.flatMap((e) => (e.kind === 'receipt-grant' && e.first !== undefined && e.last !== undefined ? [{ first: e.first, last: e.last }] : [])) };
}

let vanCounter = 0;
/** A van database on Dexie over fake-indexeddb (in memory, persists across close() within the process). */
export function openTestVan(name = `van-${process.pid}-${++vanCounter}`): Promise<VanDatabase> {
  return openVanDatabase({ name, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) });
}

/** A case header written on the van by `deviceId`, on the demo trip (an applicant, no unit). */
export const writeCaseHeader = (db: VanDatabase, deviceId: string, id: string) =>
  db.cases.insert({
    id, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId, businessKind: 'transfer', unitIds: [],
    applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803194501012345', side: 'holder' }], createdAt: '2026-11-30T09:00:00+08:00', createdBy: 'staff-zhangwei',
  });

/** A 收件 event of a case appended to `deviceId`'s chain on the van. */
export const appendMaterialsEvent = (db: VanDatabase, deviceId: string, id: string, caseId: string) =>
  appendCaseEvent(db, deviceId, { id, caseId, kind: 'materials-received', at: '2026-11-30T09:01:00+08:00', actor: 'staff-zhangwei', payload: { materials: [], complete: false } });

/** Waits until `check` returns true, polling; for states reached through async replication. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Declares a scan the way the van does before its bytes may be uploaded: the device pushes a `scans`
 * document for them (the office takes an upload only for bytes its device declared).
 */
export async function declareScan(url: string, device: { deviceId: string; token: string }, sha256: string, bytes: number, caseId = `${device.deviceId}-case`): Promise<void> {
  const res = await fetch(`${url}${API_BASE}/sync/scans/push`, {
    method: 'POST',
    headers: protocolHeaders(device.token),
    body: JSON.stringify([
      {
        newDocumentState: {
          id: `scan-${sha256.slice(0, 16)}-${caseId}`, caseId, deviceId: device.deviceId, sha256, bytes, mime: 'application/pdf', pages: 1,
          material: { name: '申请书', original: true, copies: 1 }, createdAt: '2026-11-30T09:00:00+08:00', _deleted: false,
        },
      },
    ]),
  });
  if (!res.ok) throw new Error(`declare scan failed: ${res.status} ${await res.text()}`);
}

/** Stores a run of the trip's receipt numbers for a device, as the office's grant arrives in the van's trip ledger. */
export async function storeGrant(db: VanDatabase, tripId: string, deviceId: string, first: number, last: number): Promise<void> {
  await db.tripLedger.insert({ id: `grant:${tripId}:${first}`, kind: 'receipt-grant', tripId, deviceId, first, last, grantedAt: '2026-11-30T00:00:00.000Z' });
}
