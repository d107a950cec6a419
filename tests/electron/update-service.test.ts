import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { CHECK_INTERVAL_MS, enableUpdates, type Updater } from '#electron/updates/update-service.ts';
import { createLogger } from '#electron/services/log.ts';

/** electron-updater's AppUpdater as far as the service uses it; `quitAndInstall` is there to prove it is never called. */
class FakeUpdater extends EventEmitter implements Updater {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  feed: unknown = null;
  online = false;
  quitAndInstall = vi.fn();
  setFeedURL(options: unknown) {
    this.feed = options;
  }
  checkForUpdates() {
    if (!this.online) return Promise.reject(new Error('net::ERR_CONNECTION_REFUSED'));
    setTimeout(() => this.emit('update-downloaded', { version: '0.2.0' }), 5);
    return Promise.resolve({});
  }
}

const log = createLogger('updates-test');
const now = () => new Date('2026-12-01T08:00:00Z');

describe('updates from the office on the van', () => {
  it('reads the generic feed at the office, downloads by itself, installs only when the app quits, never goes back', () => {
    const updater = new FakeUpdater();
    const service = enableUpdates({ updater, officeUrl: 'https://bdc.jms.gov.cn/van-office/', log, now });
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://bdc.jms.gov.cn/van-office/updates/', channel: 'latest' });
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, allowDowngrade: false });
    service.close();
  });

  it('takes an offline check calmly and finds the update when the link is back, without installing it mid-session', async () => {
    const updater = new FakeUpdater();
    const service = enableUpdates({ updater, officeUrl: 'http://127.0.0.1:8787/', log, now, intervalMs: 60_000 });
    expect(await service.check()).toMatchObject({ state: 'offline', checkedAt: '2026-12-01T08:00:00.000Z' });
    updater.online = true;
    await service.check();
    await vi.waitFor(() => expect(service.state()).toMatchObject({ state: 'downloaded', version: '0.2.0' }));
    expect(await service.check()).toMatchObject({ state: 'downloaded' });
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    service.close();
  });

  it('checks again by itself after a failed check, every six hours unless told otherwise', async () => {
    expect(CHECK_INTERVAL_MS).toBe(6 * 3600_000);
    const updater = new FakeUpdater();
    const checks = vi.spyOn(updater, 'checkForUpdates');
    const service = enableUpdates({ updater, officeUrl: 'http://127.0.0.1:8787/', log, now, intervalMs: 40 });
    await vi.waitFor(() => expect(service.state()).toMatchObject({ state: 'offline' }));
    // The link comes back; nobody asks: the next round finds and downloads the update.
    updater.online = true;
    await vi.waitFor(() => expect(service.state()).toMatchObject({ state: 'downloaded', version: '0.2.0' }));
    expect(checks.mock.calls.length).toBeGreaterThanOrEqual(2);
    service.close();
  });
});
