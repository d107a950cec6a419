import { describe, expect, it, vi } from 'vitest';
import { guardWebContents, isNavigationAllowed, secureWebPreferences, trustedOrigins } from '#electron/security.ts';
import { openExternalUrl, revealLocalFile } from '#electron/external-links.ts';
import { isAppSenderUrl } from '#electron/ipc/handle.ts';
import { FakeWebContents } from './fake-electron.ts';

describe('security guards', () => {
  it('gives every window the same strict webPreferences', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({ preload: '/p.cjs', sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false });
  });

  it('allows no navigation at all', () => {
    for (const url of ['app://van/', 'https://example.org', 'javascript:alert(1)', 42]) expect(isNavigationAllowed(url)).toBe(false);
  });

  it('sends window.open targets to the external-link guard and denies the window', () => {
    const wc = new FakeWebContents();
    const opened: string[] = [];
    // The fake implements only the two members the guard uses.
    guardWebContents(wc as unknown as Parameters<typeof guardWebContents>[0], (u) => opened.push(u));
    expect(wc.windowOpenHandler!({ url: 'https://status.example/case/1' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://status.example/case/1']);
  });

  it('opens only http and https URLs externally', async () => {
    const open = vi.fn(() => Promise.resolve());
    await expect(openExternalUrl('https://example.org/a?b', open)).resolves.toEqual({ ok: true });
    await expect(openExternalUrl('http://example.org/', open)).resolves.toEqual({ ok: true });
    await expect(openExternalUrl('file:///etc/passwd', open)).resolves.toEqual({ ok: false, reason: 'scheme-not-allowed' });
    await expect(openExternalUrl('javascript:alert(1)', open)).resolves.toEqual({ ok: false, reason: 'scheme-not-allowed' });
    await expect(openExternalUrl('smb://host/share', open)).resolves.toEqual({ ok: false, reason: 'scheme-not-allowed' });
    await expect(openExternalUrl('not a url', open)).resolves.toEqual({ ok: false, reason: 'bad-url' });
    await expect(openExternalUrl({ href: 'https://x' }, open)).resolves.toEqual({ ok: false, reason: 'not-a-string' });
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('reveals only absolute local paths, never UNC or relative ones', () => {
    const reveal = vi.fn();
    expect(revealLocalFile('/data/van/notice.pdf', reveal, 'linux')).toEqual({ ok: true });
    expect(revealLocalFile('\\\\server\\share\\x.pdf', reveal, 'win32')).toEqual({ ok: false, reason: 'unc-path' });
    expect(revealLocalFile('//server/share', reveal, 'linux')).toEqual({ ok: false, reason: 'unc-path' });
    expect(revealLocalFile('notes/x.pdf', reveal, 'linux')).toEqual({ ok: false, reason: 'relative-path' });
    expect(revealLocalFile('C:\\van\\x.pdf', reveal, 'win32')).toEqual({ ok: true });
    expect(reveal).toHaveBeenCalledTimes(2);
  });

  it('trusts IPC only from our app origin (and the dev server only when named)', () => {
    expect(isAppSenderUrl('app://van/index.html', trustedOrigins())).toBe(true);
    expect(isAppSenderUrl('app://evil/index.html', trustedOrigins())).toBe(false);
    expect(isAppSenderUrl('http://localhost:5173/', trustedOrigins())).toBe(false);
    expect(isAppSenderUrl('http://localhost:5173/', trustedOrigins('http://localhost:5173'))).toBe(true);
    expect(isAppSenderUrl('file:///index.html', trustedOrigins())).toBe(false);
    expect(isAppSenderUrl(undefined, trustedOrigins())).toBe(false);
  });
});
