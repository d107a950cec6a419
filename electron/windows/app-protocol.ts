/**
 * The `app://van` protocol: Electron's transport for the host router (electron/host/router.ts),
 * which serves the built renderer and forwards `app://van/office/*` and `app://van/office-mux` to
 * the office, so the page has one origin in Electron as in browser mode (CSP `connect-src 'self'`).
 */
import type { Protocol } from 'electron';
import { createHostRouter, type HostRouter, type HostRouterOptions } from '#electron/host/router.ts';
import { APP_ORIGIN, APP_SCHEME } from './app-files.ts';

export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true },
} as const;

export type AppProtocolOptions = Omit<HostRouterOptions, 'origins' | 'ipc'>;

/** The router as `app://` sees it: one origin, no HTTP IPC (Electron has its own). */
export const createAppProtocolRouter = (opts: AppProtocolOptions): HostRouter => createHostRouter({ ...opts, origins: [APP_ORIGIN] });

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, opts: AppProtocolOptions): HostRouter {
  const router = createAppProtocolRouter(opts);
  protocol.handle(APP_SCHEME, (request) => router.handle(request));
  return router;
}
