import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ScanMeta, bindVanApi } from '#electron/ipc/contract.ts';
import { dispatch } from '#electron/ipc/handle.ts';
import { createServiceHost, type ServiceHost } from '#electron/services/host.ts';
import { createLogger } from '#electron/services/log.ts';
import { createScanAdapter } from '#electron/services/scan-adapter.ts';
import { createAppProtocolRouter } from '#electron/windows/app-protocol.ts';
import { openScanFiles } from '#renderer/app/scan-files.ts';
import { newDataKey } from '#renderer/db/vault.ts';
import { recordScans } from '#renderer/screens/intake/draft.ts';
import { declareScan, enrollDevice, eventually, openTestVan, removeDir, startOffice, tempDir, type RunningOffice } from '../sync/helpers.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
const png = () => Buffer.concat([PNG, randomBytes(3000)]);
const jpeg = () => Buffer.concat([JPEG, randomBytes(300 * 1024)]);

const dirs: string[] = [];
let office: RunningOffice | null = null;
afterAll(async () => {
  await office?.close();
  if (office) removeDir(office.dataDir);
  dirs.forEach(removeDir);
});

/** The van's main side (the real scans service and adapter) and its page's `window.van` over the IPC contract. */
async function startVan(dataDir: string, officeUrl: string, deviceToken: string) {
  const scans = await createScanAdapter({ dataDir, officeUrl, deviceToken, log: createLogger('test') });
  const host: ServiceHost = createServiceHost({ dataDir, config: {}, officeUrl, isDemo: false, deps: { scans } });
  const handlers = host.handlersFor('electron');
  const van = bindVanApi({ invoke: (channel, request) => dispatch(handlers, channel, request, { transport: 'electron', isTrustedSender: true }), subscribe: () => () => undefined });
  // The page's file bytes go to the app:// handler, as in Electron; IPC carries their ids.
  const router = createAppProtocolRouter({ root: dataDir, officeUrl, scanFiles: host.scanFiles });
  const stage = async (bytes: Buffer) => {
    const res = await router.handle(new Request('app://van/scans/incoming', { method: 'POST', body: new Uint8Array(bytes) }));
    return ((await res.json()) as { value: { id: string } }).value.id;
  };
  return { van, stage, close: () => host.close() };
}

const importScans = async (van: Awaited<ReturnType<typeof startVan>>, caseId: string, files: Buffer[], mime: 'image/png' | 'image/jpeg') => {
  const staged = [];
  for (const [i, f] of files.entries()) staged.push({ name: `${caseId}-${i}`, mime, stagedId: await van.stage(f) });
  const r = await van.van.scansImport({ caseId, material: '身份证明', files: staged });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('scans stay on the van until their case is saved, encrypted there', () => {
  it('an abandoned intake sends nothing; a saved case arrives; the index and the hold survive a restart', async () => {
    office = await startOffice();
    const running = office;
    const device = await enrollDevice(running.url, 'scan-hold');
    const dataDir = tempDir('van-scan-hold');
    dirs.push(dataDir);
    const db = await openTestVan();
    const dataKey = await newDataKey();
    const now = () => new Date();

    let van = await startVan(dataDir, running.url, device.token);
    const stopWatching = await openScanFiles(db, van.van, dataKey);
    const plain = [png(), jpeg(), jpeg()];
    const abandoned = await importScans(van, 'draft-abandoned', plain.slice(0, 2), 'image/png');
    const saved = await importScans(van, 'case-saved', plain.slice(2), 'image/jpeg');
    const later = await importScans(van, 'case-after-crash', [png()], 'image/png');
    // The office would take every one of them (their records are declared): only the van's hold keeps them back.
    for (const s of [...abandoned, ...saved, ...later]) await declareScan(running.url, device, s.sha256, s.bytes, s.caseId);

    // On disk: sealed, no PNG or JPEG signature at the start, no PNG signature or run of the content anywhere.
    for (const [i, s] of [...abandoned, ...saved].entries()) {
      const raw = readFileSync(join(dataDir, 'scans', s.sha256.slice(0, 2), s.sha256));
      expect(raw.subarray(0, 4).toString()).toBe('VSC1');
      expect(raw.subarray(0, 3).equals(JPEG.subarray(0, 3))).toBe(false);
      expect(raw.includes(PNG)).toBe(false);
      expect(raw.includes(plain[i]!.subarray(8, 40))).toBe(false);
    }
    const held = await van.van.scansHeld();
    expect(held.ok && [...held.value.caseIds].sort()).toEqual(['case-after-crash', 'case-saved', 'draft-abandoned']);
    expect(await van.van.scansUploadState()).toEqual({ ok: true, value: [] });

    // One case is saved (its scan records written, as saveIntake does); its scans go while the others wait.
    await recordScans({ db, deviceId: device.deviceId, now }, 'case-saved', { name: '身份证明', original: true, copies: 1 }, saved);
    await eventually(async () => (await running.storage.scanBlob(saved[0]!.sha256)) !== undefined, 20_000, 'the saved case\'s scan at the office');
    await eventually(async () => {
      const s = await van.van.scansUploadState();
      return s.ok && s.value.length === 1 && s.value[0]!.state === 'verified';
    });
    for (const s of [...abandoned, ...later]) expect(await running.storage.scanBlob(s.sha256)).toBeUndefined();
    // The intake is abandoned: its files leave the van's disk, having never left the van.
    expect(await van.van.scansDiscardCase({ caseId: 'draft-abandoned' })).toEqual({ ok: true, value: { removed: 2 } });

    // A crash between saving a case and telling the main side: the case's records are written, nobody heard.
    stopWatching();
    await recordScans({ db, deviceId: device.deviceId, now }, 'case-after-crash', { name: '身份证明', original: true, copies: 1 }, later);
    await van.close();
    van = await startVan(dataDir, running.url, device.token);
    // The index came back whole from its one file: the saved case verified, the other still held.
    expect(await van.van.scansList({ caseId: 'case-saved' })).toEqual({ ok: true, value: saved.map((s: ScanMeta) => s) });
    expect(await van.van.scansHeld()).toEqual({ ok: true, value: { caseIds: ['case-after-crash'] } });
    // The next login opens the files and releases the saved case the crash left held.
    const stop = await openScanFiles(db, van.van, dataKey);
    await eventually(async () => (await running.storage.scanBlob(later[0]!.sha256)) !== undefined, 20_000, 'the held case\'s scan at the office');
    expect(await van.van.scansHeld()).toEqual({ ok: true, value: { caseIds: [] } });
    for (const s of abandoned) expect(await running.storage.scanBlob(s.sha256)).toBeUndefined();
    stop();
    await van.close();
    await db.close();
  }, 60_000);
});
