/**
 * Updates from the office: electron-updater's generic provider reads the feed the office serves at
 * `<office>/updates/`, downloads the new installer in the background when the van is online, and
 * installs it when the app quits (`autoInstallOnAppQuit`), so the van starts on the new version the
 * next time. Nothing is installed while the app runs: an update can never interrupt an intake.
 * Offline is normal for a van: a failed check is logged and tried again at the next interval.
 */
import { type ModuleLogger } from '#electron/services/log.ts';

/** The part of electron-updater's `AppUpdater` this module uses (a stand-in in tests). */
export type Updater = {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
};

export type UpdateState = { state: 'idle' | 'checking' | 'offline' | 'downloaded'; version: string | null; checkedAt: string | null };

export type UpdateService = { check(): Promise<UpdateState>; state(): UpdateState; close(): void };

/** Once at start, then every six hours: a van is online for a short while at a time. */
export const CHECK_INTERVAL_MS = 6 * 3600_000;

export const updateFeedUrl = (officeUrl: string): string => new URL('updates/', officeUrl).href;

export function enableUpdates(opts: { updater: Updater; officeUrl: string; log: ModuleLogger; now: () => Date; intervalMs?: number }): UpdateService {
  const { updater, log } = opts;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  // Only forward: a feed that names an older version (a mistake at the office) is not installed.
  updater.allowDowngrade = false;
  updater.setFeedURL({ provider: 'generic', url: updateFeedUrl(opts.officeUrl), channel: 'latest' });
  let current: UpdateState = { state: 'idle', version: null, checkedAt: null };
  updater.on('update-downloaded', (info) => {
    current = { ...current, state: 'downloaded', version: info.version };
    log.info({ version: info.version }, 'update downloaded; installs when the app quits');
  });
  const check = async (): Promise<UpdateState> => {
    if (current.state === 'downloaded') return current;
    current = { ...current, state: 'checking' };
    try {
      await updater.checkForUpdates();
      if (current.state === 'checking') current = { ...current, state: 'idle' };
    } catch (error) {
      current = { ...current, state: 'offline' };
      log.info({ err: error instanceof Error ? error.message : String(error) }, 'update check failed; trying again later');
    }
    current = { ...current, checkedAt: opts.now().toISOString() };
    return current;
  };
  void check();
  const timer = setInterval(() => void check(), opts.intervalMs ?? CHECK_INTERVAL_MS);
  timer.unref();
  return { check, state: () => current, close: () => clearInterval(timer) };
}
