import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SCAN_BYTES } from '#electron/ipc/contract.ts';
import { startHttpBridge, type RunningBridge } from '#electron/ipc/http-bridge.ts';
import { createServiceHost, type ServiceHost } from '#electron/services/host.ts';
import { createLogger } from '#electron/services/log.ts';
import { createScanAdapter } from '#electron/services/scan-adapter.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const root = tempFolderForTests('van-scan-route');
const dataDir = tempFolderForTests('van-scan-route-data');
const TOKEN = 'launch-token-scan-files';
let bridge: RunningBridge;
let host: ServiceHost;

beforeAll(async () => {
  writeFileSync(join(root(), 'index.html'), '<!doctype html><title>van</title>');
  const scans = await createScanAdapter({ dataDir: dataDir(), officeUrl: 'http://127.0.0.1:1/', deviceToken: null, log: createLogger('test') });
  host = createServiceHost({ dataDir: dataDir(), config: {}, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { scans } });
  bridge = await startHttpBridge({ root: root(), handlers: host.handlersFor('http'), events: host.events, token: TOKEN, officeUrl: null, scanFiles: host.scanFiles }, { port: 0 });
});
afterAll(async () => {
  await bridge.close();
  await host.close();
});

const ipc = async (channel: string, request: unknown) =>
  (await (await fetch(`${bridge.url}ipc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-van-token': TOKEN }, body: JSON.stringify({ request }) })).json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
const send = (body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = { 'x-van-token': TOKEN }) => fetch(`${bridge.url}scans/incoming`, { method: 'POST', headers, body });

describe('scan files cross the browser host by id, never as base64 in an IPC call', () => {
  it('takes a file as bytes, imports it by id, and shows it decrypted at its hash', async () => {
    expect(await ipc('scans:unlock', { keyBase64: randomBytes(32).toString('base64') })).toEqual({ ok: true, value: { done: true } });
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(50_000)]);
    const staged = (await (await send(jpeg)).json()) as { ok: true; value: { id: string } };
    expect(staged.value.id).toMatch(/^[0-9a-f]{32}$/);
    const imported = await ipc('scans:import', { caseId: 'case-1', material: '身份证明', files: [{ name: 'id.jpg', mime: 'image/jpeg', stagedId: staged.value.id }] });
    const [meta] = imported.value as [{ sha256: string; bytes: number; pages: number }];
    expect(meta).toMatchObject({ bytes: jpeg.length, pages: 1 });
    // The id is taken once: a second import of it finds nothing and says what to do.
    expect(await ipc('scans:import', { caseId: 'case-1', material: '身份证明', files: [{ name: 'id.jpg', mime: 'image/jpeg', stagedId: staged.value.id }] })).toEqual({ ok: false, error: { code: 'not-found', message: '文件 id.jpg 未送达或已过期，请重新导入' } });

    const shown = await fetch(`${bridge.url}scans/${meta.sha256}?token=${TOKEN}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await shown.arrayBuffer()).equals(jpeg)).toBe(true);
    expect((await fetch(`${bridge.url}scans/${'0'.repeat(64)}?token=${TOKEN}`)).status).toBe(404);
  });

  it('refuses a request without this launch\'s token, an empty file and one over the limit', async () => {
    expect((await send(randomBytes(10), {})).status).toBe(403);
    expect((await send(randomBytes(10), { 'x-van-token': 'wrong' })).status).toBe(403);
    expect((await fetch(`${bridge.url}scans/${'a'.repeat(64)}`)).status).toBe(403);
    expect((await send(new Uint8Array())).status).toBe(400);
    const tooLarge = await send(new Uint8Array(MAX_SCAN_BYTES + 1));
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toBe('文件超过 20 MB，请分成几个文件导入');
  });
});
