/**
 * The one thing drivers know about a serial port: bytes in, bytes out, and when it goes away.
 * Drivers take a `LinkOpener` in their constructor, so tests hand them serialport's MockBinding or a
 * fake; only `ports.ts` constructs a real `SerialPort`. Type-only import keeps the native binding out of here.
 */
import { type SerialPort, type SerialPortMock } from 'serialport';

export type CloseReason = 'closed' | 'disconnected';

export type SerialLink = {
  readonly path: string;
  readonly isOpen: boolean;
  /** Resolves once the bytes have left the host (drain); rejects if the port is gone. */
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  onClose(listener: (reason: CloseReason) => void): () => void;
  close(): Promise<void>;
};

/** Opens (or re-opens, after an unplug) the port of one device. Rejects with the OS error when it cannot. */
export type LinkOpener = () => Promise<SerialLink>;

/** Wraps an open serialport stream (real binding or MockBinding). */
export function linkFromStream(stream: SerialPort | SerialPortMock): SerialLink {
  // A failed write (EIO once the device is gone) is also emitted as `error`; without a listener Node would crash the
  // process. The failure reaches the driver through `write`'s rejection and the `close` event, so nothing is lost.
  stream.on('error', () => undefined);
  return {
    path: stream.path,
    get isOpen() {
      return stream.isOpen;
    },
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (!stream.isOpen) {
          reject(new Error('port is not open'));
          return;
        }
        stream.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error: Error | null | undefined) => {
          if (error) reject(error);
        });
        stream.drain((error: Error | null) => (error ? reject(error) : resolve()));
      }),
    onData(listener) {
      const l = (chunk: Buffer) => listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      stream.on('data', l);
      return () => stream.off('data', l);
    },
    onClose(listener) {
      // serialport emits `close` with a DisconnectedError (disconnected: true) when the device vanishes (as on a pty whose far end closes).
      const l = (error?: Error & { disconnected?: boolean }) => listener(error?.disconnected ? 'disconnected' : 'closed');
      stream.on('close', l);
      return () => stream.off('close', l);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!stream.isOpen) {
          resolve();
          return;
        }
        stream.close(() => resolve());
      }),
  };
}
