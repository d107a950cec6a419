/**
 * Serial ports: listing (works without udev), opening with per-device line settings, and the
 * remembered settings file. The only place that constructs a real `SerialPort`.
 */
import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { z } from 'zod';
import { type LinkOpener, type SerialLink, linkFromStream } from './serial-link.ts';

export const LineSettingsSchema = z.object({
  path: z.string().min(1),
  baudRate: z.number().int().positive(),
  /** RTS/CTS hardware flow control (printers wired for DTR/DSR use this too). */
  rtscts: z.boolean().default(false),
  /** XON/XOFF: never on the ID reader port, the tty layer would delete 0x11/0x13 from the photo (§1.6). */
  xon: z.boolean().default(false),
});
export type LineSettings = z.input<typeof LineSettingsSchema>;

export type PortListing = { path: string; manufacturer?: string; source: 'udev' | 'scan' };

/**
 * Lists serial ports. `SerialPort.list()` shells out to `udevadm` on Linux and rejects without it
 * (no udev, as in containers), so we fall back to scanning /dev for the usual serial device names.
 */
type RawPort = { path: string; manufacturer?: string };
// PortInfo lives in @serialport/bindings-interface, which the type-aware linter cannot resolve: restate it.
const serialportList = async () => (await SerialPort.list()) as unknown as RawPort[];

export async function listPorts(opts: { devDir?: string; list?: () => Promise<RawPort[]> } = {}): Promise<PortListing[]> {
  const devDir = opts.devDir ?? '/dev';
  try {
    const ports = await (opts.list ?? serialportList)();
    return ports.map((p) => ({ path: p.path, ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}), source: 'udev' as const }));
  } catch {
    const names = await readdir(devDir).catch(() => [] as string[]);
    return names
      .filter((n) => /^tty(S|USB|ACM)\d+$/.test(n))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((n) => ({ path: `${devDir}/${n}`, source: 'scan' as const }));
  }
}

/** Opens a port with 8N1 and the given settings; rejects with the OS error (port missing, busy, no permission). */
export function openSerialLink(settings: LineSettings): Promise<SerialLink> {
  const s = LineSettingsSchema.parse(settings);
  return new Promise((resolve, reject) => {
    const port = new SerialPort({
      path: s.path, baudRate: s.baudRate, dataBits: 8, stopBits: 1, parity: 'none',
      rtscts: s.rtscts, xon: s.xon, xoff: s.xon, autoOpen: false,
    });
    port.open((error) => (error ? reject(error) : resolve(linkFromStream(port))));
  });
}

export const serialOpener = (settings: LineSettings): LinkOpener => () => openSerialLink(settings);

const SettingsFileSchema = z.object({ idReader: LineSettingsSchema.optional(), printer: LineSettingsSchema.optional() });
export type DeviceSettings = z.infer<typeof SettingsFileSchema>;

/** Per-device line settings remembered in a JSON file (path injected); written atomically. */
export class DeviceSettingsStore {
  constructor(private readonly file: string) {}

  /** A missing file is empty settings; a broken one is an error, and is never overwritten by `load`. */
  async load(): Promise<{ ok: true; value: DeviceSettings } | { ok: false; error: 'unreadable' }> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return { ok: true, value: {} };
    }
    try {
      const parsed = SettingsFileSchema.safeParse(JSON.parse(text));
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: 'unreadable' };
    } catch {
      return { ok: false, error: 'unreadable' };
    }
  }

  async save(next: DeviceSettings): Promise<void> {
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(SettingsFileSchema.parse(next), null, 2));
    await rename(tmp, this.file);
  }
}
