/**
 * What `npm start` hands Electron: the bundles scripts/build-main.ts writes. Electron cannot run here, so the main
 * bundle is loaded by plain Node in a child process with a stand-in `electron` module (resolved by a module hook),
 * exactly as built: no TypeScript, no vitest module graph.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkerRenderer } from '#documents/render-worker.ts';
import { acceptanceNoticeSpec } from '#electron/documents/notices.ts';
import { DEMO_OFFICE } from '#electron/documents/office-info.ts';
import { channelNames, methodName } from '#electron/ipc/contract.ts';
import { acceptanceInput } from '#fixtures/documents/notices.ts';
import { buildMain } from '#scripts/build-main.ts';
import { pdfText } from '../documents/pdf-tools.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dir = tempFolderForTests('van-bundle');
let out = '';

/** Records what the main process asks of Electron on globalThis, for the runner to print. */
const STAND_IN = `
const rec = (globalThis.__electron = { windows: [], handled: [], schemes: [], protocols: [], appEvents: [], switches: [], permissionHandlers: 0 });
export const app = { on: (e) => rec.appEvents.push(e), whenReady: () => Promise.resolve(), getVersion: () => '0.1.0-bundle', quit() {}, requestSingleInstanceLock: () => true, exit() {}, commandLine: { appendSwitch: (name, value) => rec.switches.push(name + '=' + value) } };
export class BrowserWindow {
  constructor(options) { rec.windows.push({ options, loaded: [] }); this.rec = rec.windows.at(-1); this.webContents = { on() { return this; }, setWindowOpenHandler() {}, send() {} }; }
  once() { return this; }
  show() {}
  loadURL(url) { this.rec.loaded.push(url); return Promise.resolve(); }
}
export const ipcMain = { handle: (channel) => rec.handled.push(channel) };
export const protocol = { registerSchemesAsPrivileged: (s) => rec.schemes.push(...s.map((x) => x.scheme)), handle: (scheme) => rec.protocols.push(scheme) };
const countPermission = () => { rec.permissionHandlers += 1; };
export const session = { defaultSession: { setPermissionRequestHandler: countPermission, setPermissionCheckHandler: countPermission } };
export const shell = { openExternal: () => Promise.resolve() };
export const net = { fetch: () => Promise.reject(new Error('offline')) };
`;
const hooks = () => `export async function resolve(specifier, context, next) {
  return specifier === 'electron' ? { url: ${JSON.stringify(pathToFileURL(join(dir(), 'electron-stand-in.mjs')).href)}, shortCircuit: true } : next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`;
const runner = () => `await import(${JSON.stringify(pathToFileURL(join(out, 'main.js')).href)});
process.stdout.write('RESULT ' + JSON.stringify(globalThis.__electron) + '\\n');
process.exit(0);
`;

type Recorded = {
  windows: { options: { webPreferences: Record<string, unknown> } & Record<string, unknown>; loaded: string[] }[];
  handled: string[];
  schemes: string[];
  protocols: string[];
  appEvents: string[];
  switches: string[];
  permissionHandlers: number;
};

beforeAll(async () => {
  out = join(dir(), 'electron');
  await buildMain(out);
  // The bundles leave npm packages to Node's resolution, as they do in the repository's dist/electron.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir(), 'node_modules'), 'dir');
  writeFileSync(join(dir(), 'electron-stand-in.mjs'), STAND_IN);
  writeFileSync(join(dir(), 'hooks.mjs'), hooks());
  writeFileSync(join(dir(), 'register.mjs'), REGISTER);
  writeFileSync(join(dir(), 'run.mjs'), runner());
  mkdirSync(join(dir(), 'data'));
}, 180_000);

describe('the main bundle, loaded by Node with a stand-in electron', () => {
  let rec: Recorded;
  beforeAll(async () => {
    const { stdout } = await run(process.execPath, ['--import', pathToFileURL(join(dir(), 'register.mjs')).href, join(dir(), 'run.mjs')], {
      cwd: dir(),
      timeout: 120_000,
      env: { ...process.env, VAN_DATA_DIR: join(dir(), 'data'), VAN_OFFICE_URL: 'http://127.0.0.1:9/', VAN_PRELOAD: join(out, 'preload.cjs') },
    });
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    rec = JSON.parse(line?.slice('RESULT '.length) ?? 'null') as Recorded;
  }, 180_000);

  it('opens one window with the strict webPreferences and the built preload, loading app://', () => {
    expect(rec.windows).toHaveLength(1);
    expect(rec.windows[0]!.options.webPreferences).toMatchObject({
      preload: join(out, 'preload.cjs'),
      sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webviewTag: false, webSecurity: true, allowRunningInsecureContent: false,
    });
    expect(rec.windows[0]!.loaded).toEqual(['app://van/']);
  });

  it('registers an IPC handler for every contract channel, the app:// scheme, and the session guards', () => {
    expect([...rec.handled].sort()).toEqual([...channelNames].sort());
    expect(rec.schemes).toEqual(['app']);
    expect(rec.protocols).toEqual(['app']);
    expect(rec.appEvents).toEqual(expect.arrayContaining(['second-instance', 'web-contents-created', 'window-all-closed', 'before-quit']));
    expect(rec.permissionHandlers).toBe(2);
    // The window in Chinese whatever the laptop's language (Electron's lang switch, before ready).
    expect(rec.switches).toEqual(['lang=zh-CN']);
  });
});

describe('the preload bundle', () => {
  const code = () => readFileSync(join(out, 'preload.cjs'), 'utf8');

  it('is CommonJS that requires nothing but electron', () => {
    const src = code();
    expect(src).not.toMatch(/^\s*(import|export)\s/m);
    expect(src).not.toMatch(/\bimport\s*\(/);
    expect([...src.matchAll(/\brequire\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((m) => m[2])).toEqual(['electron']);
  });

  it('runs with only electron to require and exposes window.van with one method per channel', () => {
    const exposed = new Map<string, unknown>();
    const electron = { contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.set(k, v) }, ipcRenderer: { invoke: () => Promise.resolve(), on() {}, removeListener() {} } };
    const required: string[] = [];
    const fakeRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    const module = { exports: {} };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the built file is the point
    const preload = new Function('require', 'module', 'exports', code()) as (r: typeof fakeRequire, m: typeof module, e: object) => void;
    preload(fakeRequire, module, module.exports);
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['van']);
    expect(Object.keys(exposed.get('van') as object).sort()).toEqual([...channelNames.map(methodName), 'subscribe'].sort());
  });
});

describe('the bundled document worker', () => {
  it('renders a notice from the bundle, beside main.js, without TypeScript', async () => {
    const worker = createWorkerRenderer(pathToFileURL(join(out, 'main.js')).href);
    try {
      const { bytes, pages } = await worker.render(acceptanceNoticeSpec(acceptanceInput, DEMO_OFFICE), new Date('2026-11-28T02:30:00Z'));
      expect(pages).toBe(1);
      expect(pdfText(bytes).replace(/\s+/g, '')).toContain('不动产登记受理通知书');
    } finally {
      await worker.close();
    }
  }, 120_000);
});
