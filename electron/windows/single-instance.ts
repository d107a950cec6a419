/**
 * One van app per laptop. Staff on a slow laptop double-click the icon again when the first window is slow to
 * appear; a second process would open the same data folder, serial ports and store beside the first. Electron's
 * single-instance lock lets only the first process run: a later launch exits, and the first one brings its window
 * to the front (https://www.electronjs.org/docs/latest/api/app#apprequestsingleinstancelockadditionaldata).
 */
import type { App, BrowserWindow } from 'electron';

export type SingleInstanceApp = Pick<App, 'requestSingleInstanceLock' | 'on'>;
export type FrontWindow = Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>;

/** Takes the lock; false when another van app holds it. A later launch then shows the window `current` gives. */
export function holdSingleInstance(app: SingleInstanceApp, current: () => FrontWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const win = current();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}
