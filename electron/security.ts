/**
 * The guards every window and session gets: the same in development, tests and production.
 * Each guard is a pure decision plus the Electron hook that applies it, so tests can assert both.
 */
import type { Session, WebContents, WebPreferences } from 'electron';
import { APP_ORIGIN } from '#electron/windows/app-files.ts';

/** The webPreferences of every BrowserWindow. */
export const secureWebPreferences = (preload: string): WebPreferences => ({
  preload,
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  spellcheck: false,
});

/** The app never navigates: it is one page with in-page routes. Any navigation is refused. */
export const isNavigationAllowed = (_url: unknown): boolean => false;

/** Permissions (camera, geolocation, notifications, serial …) are denied: devices go through the main side. */
export const isPermissionAllowed = (_permission: unknown): boolean => false;

type Logger = { warn(obj: object, msg: string): void };

/** Applies the navigation, new-window and webview guards to one window's contents. */
export function guardWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, openExternal: (url: string) => void, log?: Logger): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    if (!isNavigationAllowed(url)) {
      event.preventDefault();
      log?.warn({ url }, 'navigation blocked');
    }
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log?.warn({}, 'webview refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    // http(s) links (the public status page) open in the system browser; nothing opens inside the app.
    openExternal(url);
    return { action: 'deny' };
  });
}

/** Denies every permission request and check on the session. */
export function guardSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
}

/** Origins whose frames may call IPC. The Vite dev server is trusted only when the host passes it explicitly. */
export const trustedOrigins = (devServerUrl?: string): string[] => (devServerUrl ? [APP_ORIGIN, new URL(devServerUrl).origin] : [APP_ORIGIN]);
