/**
 * The devices helper's drivers (electron/devices) behind the services' DeviceDrivers shape, on
 * real serial ports (serialport). The ESC/POS printer driver has not landed yet: opening a printer
 * port says so plainly instead of pretending to print.
 */
import { SerialPort } from 'serialport';
import { z } from 'zod';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { type IdReaderErrorCode } from '#electron/devices/id-reader/commands.ts';
import { type SerialLink, linkFromStream } from '#electron/devices/serial-link.ts';
import { type IpcErrorCode } from '#electron/ipc/contract.ts';
import { ServiceError } from '#electron/ipc/handle.ts';
import { type PortSetting } from '#electron/config.ts';
import { type DeviceDrivers, type IdReaderDriver as ServiceIdReader } from './context.ts';

const ListedPorts = z.array(z.object({ path: z.string().min(1), manufacturer: z.string().optional() }));

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

export function serialDeviceDrivers(): DeviceDrivers {
  return {
    async listPorts() {
      // The binding's PortInfo type does not resolve here; check the shape we use instead.
      const listed: unknown = await SerialPort.list();
      const ports = ListedPorts.safeParse(listed);
      return ports.success ? ports.data.map((p) => ({ path: p.path, ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}) })) : [];
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
    openPrinter() {
      return Promise.reject(new Error('票据打印机驱动尚未安装（electron/devices/printer 未完成）'));
    },
  };
}
