/**
 * The main-side services behind `window.van`, the same objects for both transports: Electron IPC
 * (electron/main.ts) and the HTTP bridge of browser mode (electron/ipc/http-bridge.ts).
 */
import { randomUUID } from 'node:crypto';
import { type Clock } from '#domain/clock.ts';
import { maskRecordText } from '#domain/personal-data.ts';
import { type EventName, type EventPayload, type VanConfig } from '#electron/ipc/contract.ts';
import { type CallContext, type Handlers } from '#electron/ipc/handle.ts';
import { type ScanFileAccess } from '#electron/host/scan-files.ts';
import { type StoredConfig, saveStoredConfig } from '#electron/config.ts';
import { type EventBus, type HostDependencies, type ServiceContext } from './context.ts';
import { enableDevices } from './devices-service.ts';
import { enableDocuments } from './documents-service.ts';
import { enableEnrollment, type PendingEnrollment } from './enrollment-service.ts';
import { enableScans } from './scans-service.ts';
import { enableWipe } from './wipe-service.ts';
import { enableBundles } from './bundles-service.ts';
import { createLogger } from './log.ts';
import { secureDataFolder } from './data-folder.ts';
import { DEFAULT_OFFLINE_LOCK_DAYS } from '#domain/staff/offline-lock.ts';

export type ServiceHostOptions = {
  dataDir: string;
  config: StoredConfig;
  officeUrl: string;
  isDemo: boolean;
  deps: HostDependencies;
  emulatorPaths?: readonly string[];
  appVersion?: string;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Not enrolled yet: keep trying with this code until the office answers (enrollment-service.ts). */
  pendingEnrollment?: PendingEnrollment;
};

export type ServiceHost = {
  /** Handlers for every channel except the transport-specific `config:get`. */
  handlersFor(transport: VanConfig['transport']): Handlers;
  events: EventBus;
  /** Scan files in and out by id, for the host router's `/scans/*` (null without a scan store). */
  scanFiles: ScanFileAccess | null;
  /** Resolves when the configured devices have been opened (or failed to). */
  ready: Promise<void>;
  close(): Promise<void>;
};

export function createEventBus(): EventBus {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}

/** How long closing waits for the calls under way to finish. */
const CALLS_FINISH_MS = 15_000;
/** The page's failures (log:pageFailure), apart from the services' own. */
const pageLog = createLogger('page');

export function createServiceHost(opts: ServiceHostOptions): ServiceHost {
  const mended = secureDataFolder(opts.dataDir);
  const events = createEventBus();
  const config: StoredConfig = { ...opts.config };
  const ctx: ServiceContext = {
    dataDir: opts.dataDir,
    config,
    saveConfig: (next) => saveStoredConfig(opts.dataDir, next),
    publicConfig: {
      officeUrl: opts.officeUrl,
      publicUrl: config.publicUrl ?? opts.officeUrl,
      publicUrlSource: config.publicUrl ? 'configured' : 'office-address',
      offlineLockDays: config.offlineLockDays ?? DEFAULT_OFFLINE_LOCK_DAYS,
      deviceId: config.deviceId ?? 'unenrolled',
      deviceToken: config.deviceToken ?? '',
      isDemo: opts.isDemo,
      appVersion: opts.appVersion ?? '0.1.0',
    },
    deps: opts.deps,
    events,
    log: createLogger('services'),
    emulatorPaths: new Set(opts.emulatorPaths ?? []),
    newId: () => randomUUID(),
    clock: opts.clock ?? { now: () => new Date() },
  };
  if (mended > 0) ctx.log.warn({ dataDir: opts.dataDir, mended }, 'data folder entries were readable by others; made private');
  const devices = enableDevices(ctx);
  const documents = enableDocuments(ctx);
  const scans = enableScans(ctx);
  const enrollment = enableEnrollment(ctx, fetch, opts.pendingEnrollment);
  const wipe = enableWipe(ctx);
  const bundles = enableBundles(ctx);
  const modules = [devices, documents, scans, enrollment];
  // Calls under way: close() waits for them, so none writes into the data folder (a receipt's PDF copy, say) after it.
  const running = new Set<Promise<unknown>>();
  const tracked = (handlers: Handlers): Handlers => {
    const wrapped: Record<string, (request: never, call: CallContext) => Promise<unknown>> = {};
    for (const [channel, handler] of Object.entries(handlers) as [string, (request: never, call: CallContext) => Promise<unknown>][]) {
      wrapped[channel] = (request, call) => {
        const result = handler(request, call);
        running.add(result);
        const forget = () => void running.delete(result);
        result.then(forget, forget);
        return result;
      };
    }
    return wrapped as Handlers;
  };
  return {
    events,
    scanFiles: scans.files,
    ready: devices.ready,
    handlersFor: (transport) => tracked({
      'config:get': () => Promise.resolve({ ...ctx.publicConfig, transport }),
      'log:pageFailure': (failure) => {
        // The page's own words (English, from RxDB or the browser) are for support, found by the code the clerk read out.
        // A store's error can quote the record it refused: its personal data is masked first (PIPL art. 28, 51).
        const error = { name: failure.name, message: maskRecordText(failure.message), ...(failure.stack === undefined ? {} : { stack: maskRecordText(failure.stack) }) };
        pageLog.error({ code: failure.code, where: failure.where, error }, 'page action failed');
        return Promise.resolve({ done: true as const });
      },
      ...devices.handlers,
      ...documents.handlers,
      ...scans.handlers,
      ...enrollment.handlers,
      ...wipe.handlers,
      ...bundles.handlers,
    }),
    async close() {
      // Modules first: that ends the calls that wait on them (an ID card read, a device), then the rest finish,
      // within a bound: a call that never ends must not keep the host from closing.
      await Promise.allSettled(modules.map((m) => (m.close ? m.close() : Promise.resolve())));
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...running]), new Promise<void>((r) => (bound = setTimeout(r, CALLS_FINISH_MS)))]);
      clearTimeout(bound);
    },
  };
}
