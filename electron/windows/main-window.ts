/** The one app window: 1366×768 touch laptop, strict webPreferences, every guard applied. */
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import { guardWebContents, secureWebPreferences } from '#electron/security.ts';
import { APP_ORIGIN } from './app-files.ts';

export type MainWindowDeps = {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  preloadPath: string;
  openExternal: (url: string) => void;
  /** The Vite dev server during development; otherwise the app:// protocol. */
  devServerUrl?: string;
  log?: { warn(obj: object, msg: string): void };
};

export const mainWindowOptions = (preloadPath: string): BrowserWindowConstructorOptions => ({
  width: 1366,
  height: 768,
  minWidth: 1024,
  minHeight: 640,
  show: false,
  title: '便民服务直通车',
  backgroundColor: '#f4f6f8',
  autoHideMenuBar: true,
  webPreferences: secureWebPreferences(preloadPath),
});

export async function createMainWindow(deps: MainWindowDeps): Promise<BrowserWindowType> {
  const win = new deps.BrowserWindow(mainWindowOptions(deps.preloadPath));
  guardWebContents(win.webContents, deps.openExternal, deps.log);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(deps.devServerUrl ?? `${APP_ORIGIN}/`);
  return win;
}
