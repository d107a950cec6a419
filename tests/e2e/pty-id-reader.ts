/**
 * The ID card reader emulator (fixtures/devices IdReaderDevice) on a real pseudo-terminal pair made
 * by socat, driven through the real serialport binding: the van opens one end, the emulator the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { IdReaderDevice, loadDemoPeople } from '#fixtures/devices/id-reader-device.ts';

export type PtyIdReader = { vanPath: string; device: IdReaderDevice; close(): Promise<void> };

const IDENTITIES = new URL('../../fixtures/devices/identities.json', import.meta.url).pathname;

async function waitFor(paths: string[], ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!paths.every((p) => existsSync(p))) {
    if (Date.now() > until) throw new Error(`socat did not create ${paths.join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startPtyIdReader(dir: string): Promise<PtyIdReader> {
  const vanPath = join(dir, 'id-reader-van');
  const emuPath = join(dir, 'id-reader-emu');
  const socat: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${vanPath}`, `pty,raw,echo=0,link=${emuPath}`], { stdio: 'ignore' });
  await waitFor([vanPath, emuPath], 10_000);
  const device = new IdReaderDevice(loadDemoPeople(IDENTITIES));
  const port = new SerialPort({ path: emuPath, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  port.on('data', (chunk: Buffer) => {
    for (const reply of device.receive(new Uint8Array(chunk))) port.write(Buffer.from(reply.bytes));
  });
  return {
    vanPath,
    device,
    async close() {
      await new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
      socat.kill('SIGTERM');
    },
  };
}
