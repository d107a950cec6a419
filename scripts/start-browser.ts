/**
 * `npm run start:browser`: the same main-side services as the Electron app, the renderer built by
 * Vite and served on 127.0.0.1, `window.van` bridged over HTTP with a per-launch token. Used by the
 * end-to-end tests and on machines without the Electron runtime.
 *
 * Options (scripts/start-options.ts): --port N  --office-url URL  --data DIR  --no-office  --id-reader-port PATH
 *          --printer-port PATH  --no-build  --enroll-code CODE  --public-url URL
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Clock } from '#domain/clock.ts';
import { loadStoredConfig, saveStoredConfig, type StoredConfig } from '#electron/config.ts';
import { startHttpBridge } from '#electron/ipc/http-bridge.ts';
import { type HostDependencies } from '#electron/services/context.ts';
import { enrollVan } from '#electron/services/enrollment.ts';
import { type PendingEnrollment } from '#electron/services/enrollment-service.ts';
import { createServiceHost } from '#electron/services/host.ts';
import { loadHostDependencies } from '#electron/services/wiring.ts';
import { createLogger } from '#electron/services/log.ts';
import { privateUmask } from '#electron/services/data-folder.ts';
import { DEMO_ENROLL_CODE } from '#fixtures/demo/constants.ts';
import { startDemoDevices, type DemoDevices } from './demo-devices.ts';
import { startLocalOffice, type LocalOffice } from './local-office.ts';
import { parseBrowserStartOptions } from './start-options.ts';
import { firstBusyPort, isAddressInUse, portInUseMessage, type PortUse, useOfError } from './ports.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const RENDERER_DIST = join(repoRoot, 'dist', 'renderer');

export type BrowserHostOptions = {
  /** 0 = any free port. */
  port?: number;
  /** Folder for the van's settings and files; the embedded office lives in `<dataDir>/office`. */
  dataDir: string;
  /** Use this office instead of starting the embedded one. */
  officeUrl?: string;
  /** Do not start an office (the van works offline until one is reachable at officeUrl). */
  noOffice?: boolean;
  officePort?: number;
  idReaderPort?: string;
  printerPort?: string;
  /** Start the device emulators for ports not given (default true). */
  emulateDevices?: boolean;
  /** Build the renderer first: 'always', or only 'if-missing' (default). */
  build?: 'always' | 'if-missing' | 'never';
  /** Serve the renderer from here instead of dist/renderer. */
  rendererDir?: string;
  enrollCode?: string;
  /** How often a van not yet enrolled tries again (default 5 s). */
  enrollRetryMs?: number;
  /** The office's public address for status links (kept in the van's config for later starts). */
  publicUrl?: string;
  /** Replace the real drivers (tests of the host itself). */
  deps?: HostDependencies;
  /** The main side's time (and the embedded office's): default the system clock; tests/e2e/harness.ts moves it. */
  clock?: Clock;
};

export type BrowserHost = {
  /** The page URL, with this launch's token in the fragment (never sent to the server). */
  url: string;
  /** The page URL with a one-time launch code instead of the token, for a browser's command line. */
  launchUrl(): string;
  origin: string;
  officeUrl: string;
  office: LocalOffice | null;
  devices: DemoDevices | null;
  dataDir: string;
  close(): Promise<void>;
};

/** Builds the renderer with vite.config.ts (into dist/renderer, or `outDir` for tests that need their own copy). */
export async function buildRenderer(outDir: string = RENDERER_DIST): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const log = createLogger('browser-host');
  const dataDir = resolve(opts.dataDir);
  const vanDir = join(dataDir, 'van');
  mkdirSync(vanDir, { recursive: true });
  const rendererDir = opts.rendererDir ?? RENDERER_DIST;
  const wantBuild = opts.build ?? 'if-missing';
  if (wantBuild === 'always' || (wantBuild === 'if-missing' && !existsSync(join(rendererDir, 'index.html')))) await buildRenderer(rendererDir);

  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch((e: unknown) => log.warn({ err: String(e) }, 'close failed'));
  };
  try {
    let office: LocalOffice | null = null;
    if (!opts.officeUrl && !opts.noOffice) {
      office = await startLocalOffice({ dataDir: join(dataDir, 'office'), ...(opts.officePort !== undefined ? { port: opts.officePort } : {}), ...(opts.clock ? { clock: opts.clock } : {}) });
      closers.push(() => office!.close());
    }
    const officeUrl = opts.officeUrl ?? office?.url ?? 'http://127.0.0.1:8787/';

    const loaded = loadStoredConfig(vanDir);
    if (!loaded.ok) throw new Error(loaded.reason);
    let config: StoredConfig = loaded.config;
    if (opts.publicUrl && opts.publicUrl !== config.publicUrl) {
      config = { ...config, publicUrl: opts.publicUrl };
      saveStoredConfig(vanDir, config);
    }
    let pendingEnrollment: PendingEnrollment | undefined;
    if (!config.deviceToken) {
      const code = opts.enrollCode ?? DEMO_ENROLL_CODE;
      const enrolled = await enrollVan(officeUrl, code, config);
      // Kept either way: the installation key lets a later attempt with the same code get this device back.
      config = enrolled.config;
      saveStoredConfig(vanDir, config);
      if (!enrolled.ok) {
        // Not fatal: the van works offline and keeps trying; sync starts once it is enrolled.
        log.warn({ reason: enrolled.reason }, 'van not enrolled');
        pendingEnrollment = { code, ...(opts.enrollRetryMs !== undefined ? { retryMs: opts.enrollRetryMs } : {}) };
      }
    }

    let devices: DemoDevices | null = null;
    if (opts.emulateDevices ?? true) {
      devices = await startDemoDevices({ needIdReader: !opts.idReaderPort && !config.idReader, needPrinter: !opts.printerPort && !config.printer });
      closers.push(() => devices!.close());
    }
    const idReaderPath = opts.idReaderPort ?? devices?.idReaderPath;
    const printerPath = opts.printerPort ?? devices?.printerPath;
    const hostConfig: StoredConfig = {
      ...config,
      ...(idReaderPath ? { idReader: { path: idReaderPath } } : {}),
      ...(printerPath ? { printer: { path: printerPath } } : {}),
    };

    const host = createServiceHost({
      dataDir: vanDir,
      config: hostConfig,
      officeUrl,
      isDemo: !opts.officeUrl,
      deps: opts.deps ?? (await loadHostDependencies({ dataDir: vanDir, officeUrl, log, deviceToken: config.deviceToken ?? null, ...(opts.clock ? { clock: opts.clock } : {}) })),
      emulatorPaths: devices?.paths ?? [],
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(pendingEnrollment ? { pendingEnrollment } : {}),
    });
    closers.push(() => host.close());
    await host.ready;

    const token = randomBytes(24).toString('base64url');
    const bridge = await startHttpBridge({ root: rendererDir, handlers: host.handlersFor('http'), events: host.events, token, officeUrl, scanFiles: host.scanFiles, log }, { port: opts.port ?? 0 });
    closers.push(() => bridge.close());
    return { url: `${bridge.url}#token=${token}`, launchUrl: () => bridge.launchUrl(), origin: bridge.url, officeUrl, office, devices, dataDir, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function main(): Promise<void> {
  privateUmask();
  // Every option is checked before anything starts: a bad one is refused by name, with nothing started or written.
  const command = parseBrowserStartOptions(process.argv.slice(2));
  if (command.kind === 'help') {
    console.log(command.text);
    return;
  }
  if (command.kind === 'refused') {
    console.error(command.message);
    process.exitCode = 2;
    return;
  }
  const values = command.options;
  const port = values.port;
  const app: PortUse = { port, flag: '--port', what: '直通车应用 / the van app' };
  const busy = await firstBusyPort([app]);
  if (busy) {
    console.error(portInUseMessage(busy));
    process.exitCode = 1;
    return;
  }
  const host = await startBrowserHost({
    port,
    dataDir: values.data,
    ...(values.officeUrl ? { officeUrl: values.officeUrl } : {}),
    noOffice: values.noOffice,
    ...(values.idReaderPort ? { idReaderPort: values.idReaderPort } : {}),
    ...(values.printerPort ? { printerPort: values.printerPort } : {}),
    build: values.build ? 'always' : 'never',
    ...(values.enrollCode ? { enrollCode: values.enrollCode } : {}),
    ...(values.publicUrl ? { publicUrl: values.publicUrl } : {}),
  }).catch((error: unknown) => {
    // Taken between the check and the listen: the same words, not a stack trace.
    if (!isAddressInUse(error)) throw error;
    console.error(portInUseMessage(useOfError(error, [app])));
    return null;
  });
  if (!host) {
    process.exitCode = 1;
    return;
  }
  console.log(`便民服务直通车 is running. Open in Chromium / 用浏览器打开:\n  ${host.url}`);
  if (host.office) console.log(`Office (办公室) at ${host.office.url}office/login`);
  const stop = () => {
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
