import { writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpBridge, type RunningBridge } from '#electron/ipc/http-bridge.ts';
import { createEventBus, createServiceHost } from '#electron/services/host.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const root = tempFolderForTests('van-bridge');
const dataDir = tempFolderForTests('van-bridge-data');
const TOKEN = 'launch-token-0123456789';

let bridge: RunningBridge;
let office: Server;
const events = createEventBus();

beforeAll(async () => {
  writeFileSync(join(root(), 'index.html'), '<!doctype html><title>van</title>');
  office = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url, method: req.method }));
  });
  await new Promise<void>((r) => office.listen(0, '127.0.0.1', () => r()));
  const officeUrl = `http://127.0.0.1:${(office.address() as AddressInfo).port}/`;
  const host = createServiceHost({ dataDir: dataDir(), config: {}, officeUrl, isDemo: false, deps: {} });
  bridge = await startHttpBridge({ root: root(), handlers: host.handlersFor('http'), events, token: TOKEN, officeUrl }, { port: 0 });
});
afterAll(async () => {
  await bridge.close();
  await new Promise<void>((r) => office.close(() => r()));
});

const call = (channel: string, body: unknown, headers: Record<string, string> = { 'x-van-token': TOKEN }) =>
  fetch(`${bridge.url}ipc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** fetch() will not let us forge Host; node:http will. */
const rawGet = (path: string, host: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });

describe('the HTTP bridge of browser mode', () => {
  it('binds to 127.0.0.1 only', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers a call carrying this launch token through the same contract', async () => {
    const res = await call('config:get', {});
    expect(await res.json()).toMatchObject({ ok: true, value: { transport: 'http' } });
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    expect(await (await call('config:get', {}, {})).json()).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await (await call('config:get', {}, { 'x-van-token': 'launch-token-0123456780' })).json()).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('refuses a call from another origin even with the token (a page on the internet cannot drive devices)', async () => {
    const res = await call('config:get', {}, { 'x-van-token': TOKEN, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('refuses a forged Host header (DNS rebinding)', async () => {
    expect(await rawGet('/', 'evil.example')).toBe(403);
    expect(await rawGet('/', `127.0.0.1:${bridge.port}`)).toBe(200);
  });

  it('validates payloads and names unknown channels', async () => {
    expect(await (await call('idReader:read', { request: { timeoutMs: 'soon' } })).json()).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await (await call('shell:exec', { request: 'rm -rf /' })).json()).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const bad = await fetch(`${bridge.url}ipc/config:get`, { method: 'POST', headers: { 'x-van-token': TOKEN }, body: '{not json' });
    expect(bad.status).toBe(400);
  });

  it('says a missing device is not configured, in words staff understand', async () => {
    const body = (await (await call('printer:status', {})).json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body).toMatchObject({ ok: false, error: { code: 'not-configured' } });
    expect(body.error.message).toContain('打印机');
  });

  it('streams contract events to a token holder over server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${bridge.url}ipc/events?token=${TOKEN}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read(); // the ": connected" comment
    events.emit('idReader:waiting', { since: '2026-01-01T00:00:00.000Z' });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('event: idReader:waiting\ndata: {"since":"2026-01-01T00:00:00.000Z"}');
    controller.abort();
    expect((await fetch(`${bridge.url}ipc/events?token=nope`)).status).toBe(403);
  });

  it('proxies /office/* to the office server so the page stays same-origin', async () => {
    const res = await fetch(`${bridge.url}office/api/v1/sync/cases/pull?limit=1`);
    expect(await res.json()).toEqual({ path: '/api/v1/sync/cases/pull?limit=1', method: 'GET' });
  });

  it('serves the page with a CSP that forbids eval', async () => {
    const res = await fetch(bridge.url);
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect(await res.text()).toContain('<title>van</title>');
  });
});

describe('the one-time launch code of an app window', () => {
  const redeem = (code: string) => fetch(`${bridge.url}ipc/launch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });

  it('is traded for the launch token once, and refused after that', async () => {
    const code = new URL(bridge.launchUrl()).hash.slice('#launch='.length);
    expect(code).toMatch(/^[\w-]{32}$/);
    expect(await (await redeem(code)).json()).toEqual({ ok: true, value: { token: TOKEN } });
    const again = await redeem(code);
    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({ ok: false, error: { code: 'forbidden-sender', message: expect.stringContaining('启动码无效或已使用') as unknown } });
    expect((await redeem('made-up-code')).status).toBe(403);
  });
});
