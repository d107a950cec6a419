import { SerialPortMock } from 'serialport';
import { linkFromStream, type SerialLink } from '#electron/devices/serial-link.ts';
import { type IdReaderDevice, type Reply } from '#fixtures/devices/id-reader-device.ts';

let counter = 0;

// @serialport/binding-mock's types are not resolvable from here for the type-aware linter: restate what we use.
type MockBindingApi = { createPort(path: string, opts: { maxReadSize?: number }): void; reset(): void };
type MockPortBinding = { emitData(data: Buffer): void };
const mockBinding = SerialPortMock.binding as unknown as MockBindingApi;

/** Removes every mock port (call in afterEach). */
export const resetMockPorts = () => mockBinding.reset();

/**
 * serialport's MockBinding with a device side (docs/devices.md): every write is handed to the emulated
 * reader and its replies are pushed back with emitData, in `maxReadSize` chunks like a real read loop.
 * `mutate` lets the fuzzer corrupt each reply on the way.
 */
export async function mockReaderLink(device: IdReaderDevice, opts: { maxReadSize?: number; mutate?: (reply: Reply) => Uint8Array | null } = {}): Promise<SerialLink> {
  const path = `/dev/ttyMOCK${counter++}`;
  mockBinding.createPort(path, { maxReadSize: opts.maxReadSize ?? 1024 });
  const port = new SerialPortMock({ path, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const link = linkFromStream(port);
  return {
    ...link,
    get isOpen() {
      return link.isOpen;
    },
    async write(bytes) {
      await link.write(bytes);
      for (const reply of device.receive(bytes)) {
        const out = opts.mutate ? opts.mutate(reply) : reply.bytes;
        if (!out) continue;
        const step = reply.delivery === 'normal' ? out.length : 7;
        for (let at = 0; at < out.length; at += step) {
          const slice = Buffer.from(out.subarray(at, at + step));
          setTimeout(() => {
            if (port.isOpen) (port.port as unknown as MockPortBinding | undefined)?.emitData(slice);
          }, reply.delivery === 'slow' ? 5 + at / 10 : 1);
        }
      }
    },
  };
}
