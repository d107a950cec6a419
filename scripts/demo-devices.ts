/**
 * Demo mode's devices: the emulators of fixtures/devices (ID card reader, ESC/POS printer) on pseudo
 * terminals (socat), for the ports no real device was configured for. The demo reader has a card on it and
 * swaps to the next demo person every few seconds, as staff would with a queue of applicants.
 */
import { fileURLToPath } from 'node:url';
import { loadDemoPeople } from '#fixtures/devices/id-reader-device.ts';
import { startIdReaderEmulator } from '#fixtures/devices/id-reader-emulator.ts';
import { startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';

export type DemoDevices = {
  idReaderPath: string | null;
  printerPath: string | null;
  paths: string[];
  close(): Promise<void>;
};

const IDENTITIES = fileURLToPath(new URL('../fixtures/devices/identities.json', import.meta.url));
const CARD_SWAP_MS = 8_000;

export async function startDemoDevices(opts: { needIdReader: boolean; needPrinter: boolean }): Promise<DemoDevices> {
  const closers: (() => Promise<void>)[] = [];
  let idReaderPath: string | null = null;
  let printerPath: string | null = null;
  try {
    if (opts.needIdReader) {
      const people = loadDemoPeople(IDENTITIES);
      const reader = await startIdReaderEmulator({ identities: people });
      let next = 0;
      const count = people.length;
      reader.placeCard(next);
      const timer = setInterval(() => {
        next = (next + 1) % count;
        reader.removeCard();
        reader.placeCard(next);
      }, CARD_SWAP_MS);
      closers.push(async () => {
        clearInterval(timer);
        await reader.close();
      });
      idReaderPath = reader.devicePath;
    }
    if (opts.needPrinter) {
      const printer = await startPrinterEmulator();
      closers.push(() => printer.close());
      printerPath = printer.devicePath;
    }
  } catch (error) {
    // socat missing or no pty: demo mode runs without devices rather than not at all.
    await Promise.allSettled(closers.map((c) => c()));
    process.stderr.write(`演示设备未能启动（需要 socat）：${error instanceof Error ? error.message : String(error)}\n`);
    return { idReaderPath: null, printerPath: null, paths: [], close: () => Promise.resolve() };
  }
  return {
    idReaderPath,
    printerPath,
    paths: [idReaderPath, printerPath].filter((p): p is string => p !== null),
    close: async () => {
      await Promise.allSettled(closers.map((c) => c()));
    },
  };
}
