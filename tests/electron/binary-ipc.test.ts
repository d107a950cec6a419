import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromFormData, holdsBytes, toFormData } from '#electron/ipc/binary-parts.ts';
import { type IpcResult, type RenderedDocument } from '#electron/ipc/contract.ts';
import { handle } from '#electron/ipc/handle.ts';
import { startHttpBridge, type RunningBridge } from '#electron/ipc/http-bridge.ts';
import { createEventBus, createServiceHost, type ServiceHost } from '#electron/services/host.ts';
import { documentsFromRenderer } from '#electron/services/wiring.ts';
import { acceptanceInput } from '#fixtures/documents/notices.ts';
import { createHttpVanApi } from '#renderer/ipc/client.ts';
import { pdfImageCount, pdfText } from '../documents/pdf-tools.ts';
import { signaturePng } from '../documents/signature-png.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const root = tempFolderForTests('van-binary-ipc');
const dataDir = tempFolderForTests('van-binary-ipc-data');
const TOKEN = 'launch-token-binary-0123456789';
let host: ServiceHost;
let bridge: RunningBridge;

beforeAll(async () => {
  writeFileSync(join(root(), 'index.html'), '<!doctype html><title>van</title>');
  host = createServiceHost({ dataDir: dataDir(), config: {}, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { documents: documentsFromRenderer() } });
  bridge = await startHttpBridge({ root: root(), handlers: host.handlersFor('http'), events: createEventBus(), token: TOKEN, officeUrl: null }, { port: 0 });
});
afterAll(async () => {
  await bridge.close();
  await host.close();
});

const signatures = acceptanceInput.applicants.map((a) => ({ name: a.name, png: signaturePng() }));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('byte parts of the HTTP transport', () => {
  it('round-trips bytes nested in arrays and objects, as bytes, beside the JSON', async () => {
    const value = { request: { a: 1, list: [{ png: new Uint8Array([0, 255, 1]) }, { png: new Uint8Array([7]) }], text: '{"$bytes":0}' } };
    expect(holdsBytes(value)).toBe(true);
    expect(holdsBytes({ a: [1, 'x', { b: null }] })).toBe(false);
    const back = await fromFormData(toFormData(value));
    expect(back).toEqual(value);
    expect((back as typeof value).request.list[0]?.png).toBeInstanceOf(Uint8Array);
  });

  it('refuses a reference to a part that was not sent', async () => {
    const form = new FormData();
    form.append('json', JSON.stringify({ request: { png: { $bytes: 3 } } }));
    await expect(fromFormData(form)).rejects.toThrow('no byte part 3');
  });
});

describe('notice PDFs and signature images cross IPC as bytes', () => {
  it('over the HTTP bridge: the page’s client sends the signatures as PNG bytes and gets the signed PDF back as bytes', async () => {
    const van = createHttpVanApi(bridge.url, TOKEN);
    const r = await van.documentsAcceptanceNotice({ ...acceptanceInput, signatures });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.pdf).toBeInstanceOf(Uint8Array);
    expect(r.value.bytes).toBe(r.value.pdf.byteLength);
    expect(sha256(r.value.pdf)).toBe(r.value.sha256);
    // Both signatures arrived whole: each is drawn on its applicant's line.
    expect(pdfImageCount(r.value.pdf)).toBe(2);
    expect(pdfText(r.value.pdf).replace(/\s+/g, '')).toContain('申请人（签名）：王淑兰');
  }, 120_000);

  it('over the HTTP bridge: the answer is a multipart body holding the PDF as it is, not base64 in JSON', async () => {
    const res = await fetch(`${bridge.url}ipc/documents:acceptanceNotice`, { method: 'POST', headers: { 'x-van-token': TOKEN }, body: toFormData({ request: acceptanceInput }) });
    expect(res.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await res.formData();
    const part = form.get('0');
    expect(part).toBeInstanceOf(Blob);
    const pdf = new Uint8Array(await (part as Blob).arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(JSON.parse(form.get('json') as string)).toMatchObject({ ok: true, value: { pdf: { $bytes: 0 }, bytes: pdf.byteLength, sha256: sha256(pdf) } });
  }, 120_000);

  it('refuses a signature sent as base64 text: the contract takes bytes only', async () => {
    const res = await fetch(`${bridge.url}ipc/documents:acceptanceNotice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-van-token': TOKEN },
      body: JSON.stringify({ request: { ...acceptanceInput, signatures: [{ name: '王淑兰', png: Buffer.from(signaturePng()).toString('base64') }] } }),
    });
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'invalid-request', message: '请求内容不正确：申请人签名：应为字节' } });
  });

  it('over Electron’s IPC: the same channel takes and answers Uint8Arrays as structured clone carries them', async () => {
    let registered: ((event: unknown, payload: unknown) => Promise<unknown>) | null = null;
    const ipcMain = { handle: (_channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => void (registered = fn) };
    handle(ipcMain as never, 'documents:acceptanceNotice', host.handlersFor('electron')['documents:acceptanceNotice'], ['app://van']);
    const invoke = registered as unknown as (event: unknown, payload: unknown) => Promise<unknown>;
    // Electron clones the payload into the main process and the answer back (the HTML structured clone algorithm).
    const answer = structuredClone(await invoke({ senderFrame: { url: 'app://van/index.html' } }, structuredClone({ ...acceptanceInput, signatures }))) as IpcResult<RenderedDocument>;
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.pdf).toBeInstanceOf(Uint8Array);
    expect(sha256(answer.value.pdf)).toBe(answer.value.sha256);
    expect(pdfImageCount(answer.value.pdf)).toBe(2);
  }, 120_000);
});
