import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSync, type SyncController } from '#renderer/db/sync-controller.ts';
import { createOfficeFetch } from '#renderer/ipc/office-fetch.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { API_BASE } from '#protocol/version.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { startHttpBridge, type RunningBridge } from '#electron/ipc/http-bridge.ts';
import { createServiceHost } from '#electron/services/host.ts';
import { fakeElectron } from './fake-electron.ts';
import { adminToken, enrollDevice, openTestVan, protocolHeaders, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const fake = fakeElectron();
vi.mock('electron', () => fake.module);

const dataDir = tempFolderForTests('van-app-office');
const officeDir = tempFolderForTests('office-app');
const rendererDir = tempFolderForTests('van-app-renderer');

let office: RunningOffice;
let device: { deviceId: string; token: string };
let appHandler: (request: Request) => Promise<Response>;
let bridge: RunningBridge;
const seenPaths: string[] = [];
/** The renderer's fetch in Electron: every request goes to the app:// protocol handler main.ts registered. */
const appFetch: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  seenPaths.push(new URL(request.url).pathname);
  return appHandler(request);
};

beforeAll(async () => {
  writeFileSync(join(rendererDir(), 'index.html'), '<!doctype html><title>van</title>');
  office = await startOffice(officeDir());
  device = await enrollDevice(office.url, 'van in Electron');
  process.env['VAN_DATA_DIR'] = dataDir();
  process.env['VAN_OFFICE_URL'] = office.url;
  process.env['VAN_RENDERER_DIR'] = rendererDir();
  await import('#electron/main.ts');
  const registered = fake.module.protocol.handle.mock.calls[0] as unknown as [string, (request: Request) => Promise<Response>];
  expect(registered[0]).toBe('app');
  appHandler = registered[1];
  const host = createServiceHost({ dataDir: dataDir(), config: {}, officeUrl: office.url, isDemo: false, deps: {} });
  bridge = await startHttpBridge({ root: rendererDir(), handlers: host.handlersFor('http'), events: host.events, token: 'launch-token', officeUrl: office.url }, { port: 0 });
});
afterAll(async () => {
  for (const l of fake.appListeners.get('before-quit') ?? []) l();
  await bridge.close();
  await office.close();
  for (const key of ['VAN_DATA_DIR', 'VAN_OFFICE_URL', 'VAN_RENDERER_DIR']) delete process.env[key];
});

/** Reads server-sent-event frames from `body` until one contains `needle`. */
async function readUntil(body: ReadableStream<Uint8Array>, needle: string): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  while (!seen.includes(needle)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${needle}; saw ${seen}`);
    seen += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return seen;
}

/** The two transports of the one host router: a page path as each would request it. */
const transports = [
  { name: 'Electron app:// protocol', clerk: 'appclerk', call: (path: string, init?: RequestInit) => appHandler(new Request(`app://van${path}`, init)) },
  { name: 'browser host on 127.0.0.1', clerk: 'httpclerk', call: (path: string, init?: RequestInit) => fetch(`${bridge.url}${path.slice(1)}`, init) },
];

describe.each(transports)('office traffic through the $name', ({ call, clerk }) => {
  it('serves the change stream at /office-mux: an office write arrives tagged with its collection', async () => {
    const res = await call('/office-mux', { headers: protocolHeaders(device.token) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const frames = readUntil(res.body!, 'event: staff');
    const admin = await adminToken(office.url);
    const created = await fetch(`${office.url}${API_BASE}/admin/staff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ login: clerk, name: '周敏', roles: ['van-clerk'], password: 'a-long-password' }),
    });
    expect(created.status).toBe(200);
    expect(await frames).toContain('event: staff\ndata: "RESYNC"');
  });

  it('refuses the change stream to a device without a valid token, as the office does', async () => {
    const res = await call('/office-mux', { headers: protocolHeaders('not-a-token') });
    // The office's own typed answer, so the page reads a revoked or wiped device as that, not as "offline".
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('设备未登记') as unknown });
  });

  it('forwards /office/… to the office: a pull answers JSON, not the app page', async () => {
    const res = await call(`/office${API_BASE}/sync/trips/pull?limit=1`, { headers: protocolHeaders(device.token) });
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { documents: unknown[] }).documents).toHaveLength(1);
  });

  it('forwards a push with its body and answers the office’s refusal as is', async () => {
    const res = await call(`/office${API_BASE}/sync/cases/push`, { method: 'POST', headers: protocolHeaders(device.token), body: JSON.stringify([{ newDocumentState: { id: 'x' } }]) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'malformed', message: expect.stringContaining('推送内容不合格') as unknown });
  });
});

describe('the van in Electron', () => {
  it('runs the van’s replication through app://: the trip comes down, a case goes up, and an office write arrives live', async () => {
    let van: VanDatabase | null = null;
    let sync: SyncController | null = null;
    try {
      van = await openTestVan();
      sync = startSync(van, {
        officeUrl: 'app://van/office/',
        deviceToken: device.token,
        deviceId: device.deviceId,
        fetch: createOfficeFetch('app://van/office-mux', appFetch),
        retryBaseMs: 50,
        retryMaxMs: 400,
      });
      await sync.awaitOfficeData();
      expect((await van.trips.findOne(DEMO_TRIP_ID).exec())?.id).toBe(DEMO_TRIP_ID);

      await van.cases.insert({
        id: 'case-app-1', tripId: DEMO_TRIP_ID, appointmentId: 'appt-001', deviceId: device.deviceId, businessKind: 'transfer',
        unitIds: [], applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803194501012345', side: 'holder' }],
        createdAt: '2026-11-30T09:01:00+08:00', createdBy: 'staff-zhangwei',
      });
      await sync.awaitInSync();
      expect((await office.storage.listDocuments('cases')).map((d) => d.id)).toContain('case-app-1');

      // A van clerk of this van's trip gets a new password at the office: the new hash arrives live.
      const before = (await van.staff.findOne({ selector: { login: 'lina' } }).exec())?.passwordHash;
      expect(before).toBeDefined();
      const admin = await adminToken(office.url);
      const reset = await fetch(`${office.url}${API_BASE}/admin/staff`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'lina', name: '李娜', roles: ['van-clerk'], password: 'a-long-password' }),
      });
      expect(reset.status).toBe(200);
      await firstValueFrom(van.staff.findOne({ selector: { login: 'lina' } }).$.pipe(filter((d) => d !== null && d.passwordHash !== before), timeout(20_000)));

      // Every request took the app:// route: pulls, pushes and the one shared change stream.
      expect(seenPaths.filter((p) => p === '/office-mux').length).toBeGreaterThan(0);
      expect(seenPaths.some((p) => p === `/office${API_BASE}/sync/outbox`)).toBe(true);
      expect(seenPaths.filter((p) => p.endsWith('/stream'))).toEqual([]);
      expect(seenPaths.every((p) => p === '/office-mux' || p.startsWith(`/office${API_BASE}/`))).toBe(true);
      await firstValueFrom(sync.state$.pipe(filter((s) => s.status === 'in-sync'), timeout(20_000)));
    } finally {
      await sync?.stop();
      await van?.close();
    }
  });
});
