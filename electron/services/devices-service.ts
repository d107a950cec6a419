/**
 * Devices: which serial port each device is on, its state, reading an ID card (cancellable),
 * printing receipts and test pages. Drivers come from electron/devices through `ctx.deps.devices`.
 */
import { type DeviceKind, type DeviceStatus, type PrinterStatus, type ReceiptPrint } from '#electron/ipc/contract.ts';
import { archiveReceiptCopy } from '#electron/receipts/receipt-archive.ts';
import { ServiceError } from '#electron/ipc/handle.ts';
import { type PortSetting } from '#electron/config.ts';
import { type IdReaderDriver, type PrinterDriver, type ServiceContext, type ServiceModule } from './context.ts';
import { text } from './service-text.ts';

type Slot<D> = { setting: PortSetting | null; driver: D | null; state: DeviceStatus['state']; detail?: string };

const DEFAULT_BAUD: Record<DeviceKind, number> = { idReader: 115_200, printer: 9_600 };
const DEFAULT_READ_TIMEOUT_MS = 60_000;

type Areas = 'devices:list' | 'devices:status' | 'devices:configure' | 'idReader:read' | 'idReader:cancel' | 'printer:status' | 'printer:testPage' | 'receipts:issue' | 'receipts:reprint';

export function enableDevices(ctx: ServiceContext): ServiceModule<Areas> & { ready: Promise<void> } {
  const log = ctx.log.child({ service: 'devices' });
  const idReader: Slot<IdReaderDriver> = { setting: ctx.config.idReader ?? null, driver: null, state: 'notConfigured' };
  const printer: Slot<PrinterDriver> = { setting: ctx.config.printer ?? null, driver: null, state: 'notConfigured' };
  let pendingRead: AbortController | null = null;
  // One print job at a time: the printer is a single serial line and jobs must not interleave.
  let printQueue: Promise<unknown> = Promise.resolve();

  const statusOf = (kind: DeviceKind, slot: Slot<unknown>): DeviceStatus => ({
    kind,
    path: slot.setting?.path ?? null,
    baudRate: slot.setting ? (slot.setting.baudRate ?? DEFAULT_BAUD[kind]) : null,
    state: slot.state,
    isEmulator: slot.setting ? ctx.emulatorPaths.has(slot.setting.path) : false,
    ...(slot.detail ? { detail: slot.detail } : {}),
  });
  const statuses = (): DeviceStatus[] => [statusOf('idReader', idReader), statusOf('printer', printer)];
  const publish = () => ctx.events.emit('devices:changed', statuses());

  async function open(kind: DeviceKind): Promise<void> {
    const drivers = ctx.deps.devices;
    const slot = kind === 'idReader' ? idReader : printer;
    if (!slot.setting) return;
    if (!drivers) {
      slot.state = 'error';
      slot.detail = text.driversMissing;
      return;
    }
    const setting = { path: slot.setting.path, baudRate: slot.setting.baudRate ?? DEFAULT_BAUD[kind] };
    slot.state = 'connecting';
    delete slot.detail;
    publish();
    try {
      if (kind === 'idReader') idReader.driver = await drivers.openIdReader(setting);
      else printer.driver = await drivers.openPrinter(setting);
      slot.state = 'ready';
    } catch (error) {
      slot.state = 'error';
      slot.detail = portOpenFailureText(setting.path, error);
      log.warn({ kind, path: setting.path, err: error instanceof Error ? error.message : String(error) }, 'device open failed');
    }
    publish();
  }

  const ready = Promise.all([open('idReader'), open('printer')]).then(() => undefined);

  const needPrinter = (): PrinterDriver => {
    if (!printer.setting) throw new ServiceError('not-configured', text.printerNotConfigured);
    if (!printer.driver) throw new ServiceError('unavailable', printer.detail ?? text.printerNotReady);
    return printer.driver;
  };

  const checkPaper = (status: PrinterStatus): void => {
    // A printer goes offline because its cover is open or its paper ran out: name the cause, not the symptom.
    if (status.coverOpen) throw new ServiceError('printer-cover-open', text.printerCoverOpen);
    if (status.paper === 'out') throw new ServiceError('printer-paper-out', text.printerPaperOut);
    if (!status.online) throw new ServiceError('printer-offline', text.printerOffline);
  };

  const archiveCopy = async (receipt: ReceiptPrint, mark: { kind: 'none' } | { kind: 'reprint' }) => {
    if (!ctx.deps.documents) return;
    await archiveReceiptCopy({ dataDir: ctx.dataDir, renderer: ctx.deps.documents, receipt, mark, reprintNo: Date.now() });
  };

  /** Checks the printer before the job (nothing printed yet if it fails), prints, and reports the state after. */
  const runJob = (job: (driver: PrinterDriver, jobId: string) => Promise<void>, fixedJobId?: string) => {
    const run = async () => {
      const driver = needPrinter();
      checkPaper(await driver.status());
      const jobId = fixedJobId ?? ctx.newId();
      printer.state = 'busy';
      publish();
      try {
        await job(driver, jobId);
      } finally {
        printer.state = 'ready';
        publish();
      }
      return { jobId, printer: await driver.status() };
    };
    const result = printQueue.then(run, run);
    printQueue = result.catch(() => undefined);
    return result;
  };

  return {
    ready,
    handlers: {
      'devices:list': async () => {
        const ports = ctx.deps.devices ? await ctx.deps.devices.listPorts() : [];
        const seen = new Set(ports.map((p) => p.path));
        const emulators: { path: string; manufacturer?: string }[] = [...ctx.emulatorPaths].filter((p) => !seen.has(p)).map((path) => ({ path }));
        return [...ports, ...emulators].map((p) => ({
          path: p.path,
          ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
          isEmulator: ctx.emulatorPaths.has(p.path),
        }));
      },
      'devices:status': () => Promise.resolve(statuses()),
      'devices:configure': async ({ kind, path, baudRate }) => {
        const slot: Slot<{ close(): Promise<void> }> = kind === 'idReader' ? idReader : printer;
        if (slot.driver) await slot.driver.close().catch(() => undefined);
        slot.driver = null;
        slot.setting = { path, ...(baudRate ? { baudRate } : {}) };
        ctx.saveConfig({ ...ctx.config, [kind]: slot.setting });
        ctx.config[kind] = slot.setting;
        await open(kind);
        return statusOf(kind, slot);
      },
      'idReader:read': async ({ timeoutMs }) => {
        if (!idReader.setting) throw new ServiceError('not-configured', text.readerNotConfigured);
        if (!idReader.driver) throw new ServiceError('unavailable', idReader.detail ?? text.readerNotReady);
        if (pendingRead) throw new ServiceError('rejected', text.readerBusy);
        const controller = new AbortController();
        pendingRead = controller;
        ctx.events.emit('idReader:waiting', { since: ctx.clock.now().toISOString() });
        try {
          return await idReader.driver.read({ timeoutMs: timeoutMs ?? DEFAULT_READ_TIMEOUT_MS, signal: controller.signal });
        } catch (error) {
          // Whatever the driver says about an aborted wait, staff pressed 取消.
          if (controller.signal.aborted) throw new ServiceError('cancelled', text.readCancelled);
          throw error;
        } finally {
          pendingRead = null;
        }
      },
      'idReader:cancel': () => {
        pendingRead?.abort();
        return Promise.resolve({ done: true as const });
      },
      'printer:status': async () => needPrinter().status(),
      'printer:testPage': () => runJob((driver, jobId) => driver.printTestPage({ jobId })),
      // The original's job id is the receipt's: pressing 打印 again after it printed never prints it twice,
      // and after a print cut off midway the driver refuses and asks for an explicit, recorded reprint.
      'receipts:issue': async (receipt) => {
        // The A5 copy is archived with the case first: it exists even when the printer fails.
        await archiveCopy(receipt, { kind: 'none' });
        return runJob((driver, jobId) => driver.printReceipt(receipt, { jobId, copy: 'original' }), `receipt:${receipt.receiptId}:original`);
      },
      'receipts:reprint': async (receipt) => {
        await archiveCopy(receipt, { kind: 'reprint' });
        return runJob((driver, jobId) => driver.printReceipt(receipt, { jobId, copy: 'reprint' }));
      },
    },
    async close() {
      pendingRead?.abort();
      await Promise.allSettled([idReader.driver?.close(), printer.driver?.close()]);
    },
  };
}

/**
 * The system's reason a port did not open (serialport passes the OS error text, e.g. "Error: No such file or
 * directory, cannot open /dev/ttyUSB1", with or without an errno code) as the Chinese sentence staff see.
 */
export function portOpenFailureText(path: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = `${code} ${error instanceof Error ? error.message : String(error)}`;
  if (/ENOENT|No such file or directory/i.test(message)) return text.openFailed.missing(path);
  if (/EACCES|EPERM|Permission denied/i.test(message)) return text.openFailed.denied(path);
  if (/EBUSY|Resource busy|Cannot lock port/i.test(message)) return text.openFailed.busy(path);
  return text.openFailed.other(path);
}
