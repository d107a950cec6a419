/**
 * Demo mode's devices: the devices helper's emulators (ID card reader, ESC/POS printer) on
 * pseudo terminals, for the ports no real device was configured for.
 */
export type DemoDevices = {
  idReaderPath: string | null;
  printerPath: string | null;
  paths: string[];
  close(): Promise<void>;
};

export function startDemoDevices(_opts: { needIdReader: boolean; needPrinter: boolean }): Promise<DemoDevices> {
  // electron/devices and fixtures/devices (issue 3) have not landed yet: no emulator to start,
  // so the Devices screen shows both devices as not configured.
  return Promise.resolve({ idReaderPath: null, printerPath: null, paths: [], close: () => Promise.resolve() });
}
