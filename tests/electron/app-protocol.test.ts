import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppProtocolRouter } from '#electron/windows/app-protocol.ts';
import { resolveAppRequest } from '#electron/windows/app-files.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/** The renderer folder, with a secret file in the folder above it (in its own temp folder, not in tmp itself). */
const base = tempFolderForTests('van-proto');
let root = '';
const fetchOffice = vi.fn((url: URL, init: RequestInit) => Promise.resolve(new Response(JSON.stringify({ url: url.href, method: init.method }), { status: 200 })));
let router: ReturnType<typeof createAppProtocolRouter>;
beforeAll(() => {
  root = join(base(), 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>van</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base(), 'van-secret.txt'), 'secret');
  router = createAppProtocolRouter({ root, officeUrl: 'http://127.0.0.1:8620/', fetchOffice });
});

const handler = (request: Request) => router.handle(request);

describe('the app:// protocol', () => {
  it('serves the built renderer with the CSP header', async () => {
    const res = await handler(new Request('app://van/'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>van</title>');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    const js = await handler(new Request('app://van/assets/app.js'));
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  it('refuses anything but GET for app files', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      expect((await handler(new Request('app://van/index.html', { method, body: method === 'DELETE' ? null : 'x' }))).status).toBe(405);
    }
  });

  it('refuses another host', async () => {
    expect((await handler(new Request('app://evil/index.html'))).status).toBe(403);
  });

  it('refuses path traversal hidden in encoded separators', () => {
    const expected = { protocol: 'app:', host: 'van' };
    for (const url of ['app://van/assets/..%2f..%2fvan-secret.txt', 'app://van/..%5c..%5cvan-secret.txt', 'app://van/a%00.js']) {
      expect(resolveAppRequest(root, { method: 'GET', url }, expected), url).toMatchObject({ ok: false, status: 403, reason: 'traversal' });
    }
  });

  it('never serves a file outside the renderer folder, whatever the dots', async () => {
    for (const url of ['app://van/%2e%2e/%2e%2e/van-secret.txt', 'app://van/../../van-secret.txt', 'app://van/assets/%2E%2E/%2E%2E/van-secret.txt']) {
      const decision = resolveAppRequest(root, { method: 'GET', url }, { protocol: 'app:', host: 'van' });
      if (decision.ok) expect(decision.file.startsWith(`${root}/`), url).toBe(true);
      const res = await handler(new Request(url));
      expect(await res.text(), url).not.toBe('secret');
    }
  });

  it('answers 404 for a missing asset rather than falling back to another file', async () => {
    expect((await handler(new Request('app://van/assets/missing.js'))).status).toBe(404);
  });

  it('forwards /office/* to the office with its method and body', async () => {
    const res = await handler(new Request('app://van/office/api/v1/sync/cases/push?x=1', { method: 'POST', body: '[]' }));
    expect(await res.json()).toEqual({ url: 'http://127.0.0.1:8620/api/v1/sync/cases/push?x=1', method: 'POST' });
  });

  it('says plainly when the office cannot be reached', async () => {
    fetchOffice.mockRejectedValueOnce(new Error('ECONNREFUSED'));
    const res = await handler(new Request('app://van/office/api/v1/health'));
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('办公室服务器无法连接');
    // Marked as the host's own answer: the page reads it as an unreachable office (renderer/ipc/office-fetch.ts).
    expect(res.headers.get('x-van-office-unreachable')).toBe('1');
  });
});
