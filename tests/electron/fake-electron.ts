/**
 * A stand-in for the `electron` module (its runtime cannot be had on our build machines). It
 * records what our code asks of Electron so the tests can assert the security wiring.
 */
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

export class FakeWebContents {
  listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: { channel: string; payload: unknown }[] = [];
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  /** Fires an event the way Electron would; returns whether a listener called preventDefault. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true) };
    for (const l of this.listeners.get(event) ?? []) l(e, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string[] = [];
  constructor(public options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    FakeBrowserWindow.created.push(this);
  }
  minimized = false;
  shown = 0;
  focused = 0;
  once(_event: string, _listener: Listener) {
    return this;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  show() {
    this.shown++;
  }
  focus() {
    this.focused++;
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
}

/** `firstInstance: false` stands in for a launch while another van app holds the single-instance lock. */
export const fakeElectron = ({ firstInstance = true }: { firstInstance?: boolean } = {}) => {
  const handlers = new Map<string, (event: unknown, payload: unknown) => unknown>();
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, Listener[]>();
  const sessionHandlers: { request?: (c: unknown, p: string, cb: (allow: boolean) => void) => void; check?: (c: unknown, p: string) => boolean } = {};
  const appListeners = new Map<string, Listener[]>();
  return {
    handlers,
    exposed,
    sessionHandlers,
    appListeners,
    rendererListeners,
    module: {
      app: {
        on: (event: string, l: Listener) => appListeners.set(event, [...(appListeners.get(event) ?? []), l]),
        whenReady: () => Promise.resolve(),
        getVersion: () => '0.1.0-test',
        quit: vi.fn(),
        exit: vi.fn(),
        requestSingleInstanceLock: vi.fn(() => firstInstance),
        commandLine: { appendSwitch: vi.fn() },
      },
      BrowserWindow: FakeBrowserWindow,
      ipcMain: { handle: (channel: string, fn: (event: unknown, payload: unknown) => unknown) => handlers.set(channel, fn) },
      ipcRenderer: {
        invoke: vi.fn((channel: string, payload: unknown) => Promise.resolve({ ok: true, value: { channel, payload } })),
        on: (event: string, l: Listener) => rendererListeners.set(event, [...(rendererListeners.get(event) ?? []), l]),
        removeListener: (event: string, l: Listener) => rendererListeners.set(event, (rendererListeners.get(event) ?? []).filter((x) => x !== l)),
        send: vi.fn(),
        sendSync: vi.fn(),
      },
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (fn: typeof sessionHandlers.request) => (sessionHandlers.request = fn),
          setPermissionCheckHandler: (fn: typeof sessionHandlers.check) => (sessionHandlers.check = fn),
        },
      },
      shell: { openExternal: vi.fn(() => Promise.resolve()) },
      net: { fetch: vi.fn() },
    },
  };
};
