/**
 * The devices helper's drivers (electron/devices) behind the services' DeviceDrivers shape, on
 * real serial ports (serialport). The printer keeps a job journal in the data folder, so a job that
 * printed is never printed again by a retry, even across a restart.
 */
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { listPorts, serialOpener } from '#electron/devices/ports.ts';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { type IdReaderErrorCode } from '#electron/devices/id-reader/commands.ts';
import { type SerialLink, linkFromStream } from '#electron/devices/serial-link.ts';
import { type IpcErrorCode } from '#electron/ipc/contract.ts';
import { ServiceError } from '#electron/ipc/handle.ts';
import { type PortSetting } from '#electron/config.ts';
import { PrinterDriver as EscPosPrinter, type PrinterFailure } from '#electron/devices/printer/driver.ts';
import { FileJobJournal } from '#electron/devices/printer/job-journal.ts';
import { type PrinterState } from '#electron/devices/printer/status.ts';
import { testPageBytes } from '#electron/devices/printer/test-page.ts';
import { receiptSlip } from '#electron/receipts/receipt-slip.ts';
import { PRINTER_ERROR_TEXT } from '#electron/devices/printer/printer-text.ts';
import { type DeviceDrivers, type IdReaderDriver as ServiceIdReader, type PrinterDriver as ServicePrinter } from './context.ts';


function openLink(setting: PortSetting, defaultBaud: number): () => Promise<SerialLink> {
  return () =>
    new Promise<SerialLink>((resolve, reject) => {
      const port = new SerialPort({ path: setting.path, baudRate: setting.baudRate ?? defaultBaud, autoOpen: false });
      port.open((error) => (error ? reject(error) : resolve(linkFromStream(port))));
    });
}

const ipcCodeOf = (code: IdReaderErrorCode): IpcErrorCode => {
  if (code === 'cancelled') return 'cancelled';
  if (code === 'timeout' || code === 'no-card') return 'timeout';
  if (code === 'disconnected' || code === 'unavailable') return 'unavailable';
  return 'device-error';
};

const printerIpcCode = (f: PrinterFailure): IpcErrorCode => {
  if (f.code === 'paper-out') return 'printer-paper-out';
  if (f.code === 'cover-open') return 'printer-cover-open';
  if (f.code === 'offline') return 'printer-offline';
  if (f.code === 'not-connected' || f.code === 'unavailable') return 'unavailable';
  return 'device-error';
};

const printerStatus = (s: PrinterState) => ({ online: s.online, paper: s.paper, coverOpen: s.coverOpen });

/** The ESC/POS driver behind the services' printer shape; failures carry the driver's message about the paper. */
async function openEscPosPrinter(setting: PortSetting, journalPath: string): Promise<ServicePrinter> {
  const baudRate = setting.baudRate ?? 9_600;
  const open = serialOpener({ path: setting.path, baudRate, rtscts: setting.rtscts ?? false, xon: setting.xon ?? false });
  await (await open()).close();
  const driver = new EscPosPrinter({ open, baudRate, journal: new FileJobJournal(journalPath) });
  const print = async (id: string, bytes: Uint8Array) => {
    const r = await driver.print({ id, bytes });
    if (!r.ok) throw new ServiceError(printerIpcCode(r.error), r.error.message);
  };
  return {
    async status() {
      const r = await driver.status();
      return r.ok ? printerStatus(r.value) : { online: false, paper: 'unknown', coverOpen: false, detail: r.error.message };
    },
    async printReceipt(receipt, { jobId, copy }) {
      const slip = receiptSlip(receipt, copy);
      if (slip.unprintable.length > 0) throw new ServiceError('device-error', PRINTER_ERROR_TEXT.unprintable);
      await print(jobId, slip.bytes);
    },
    printTestPage: ({ jobId }) => print(jobId, testPageBytes({ width: 80, portLabel: `串口 ${setting.path}  ${baudRate} bps` })),
    close: () => driver.close(),
  };
}

export function serialDeviceDrivers(opts: { dataDir: string }): DeviceDrivers {
  return {
    async listPorts() {
      // Falls back to scanning /dev where udevadm is missing (containers, minimal installs).
      return (await listPorts()).map((p) => ({ path: p.path, ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}) }));
    },
    async openIdReader(setting) {
      const open = openLink(setting, 115_200);
      // Open once now so a wrong port is reported on the Devices screen, not at the first applicant.
      await (await open()).close();
      const driver = new IdReaderDriver({ open });
      const reader: ServiceIdReader = {
        async read({ timeoutMs, signal }) {
          const r = await driver.read({ timeoutMs, signal });
          if (!r.ok) throw new ServiceError(ipcCodeOf(r.error.code), r.error.message);
          return r.value.identity;
        },
        close: () => driver.close(),
      };
      return reader;
    },
    openPrinter: (setting) => openEscPosPrinter(setting, join(opts.dataDir, 'printer-jobs.jsonl')),
  };
}
