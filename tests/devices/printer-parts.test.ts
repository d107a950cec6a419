import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileJobJournal } from '#electron/devices/printer/job-journal.ts';
import { decodeStatus, encodeStatus, isStatusByte } from '#electron/devices/printer/status.ts';
import { DeviceSettingsStore, listPorts } from '#electron/devices/ports.ts';

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'van-devices-test-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('DLE EOT status', () => {
  it('decodes the typical paper sensor values', () => {
    const base = { printer: 0x12, offline: 0x12, error: 0x12 };
    expect(decodeStatus({ ...base, paper: 0x12 })).toMatchObject({ online: true, paper: 'ok', coverOpen: false });
    expect(decodeStatus({ ...base, paper: 0x1e }).paper).toBe('nearEnd');
    expect(decodeStatus({ ...base, paper: 0x72 }).paper).toBe('out');
    expect(decodeStatus({ ...base, paper: 0x7e }).paper).toBe('out');
  });

  it('decodes offline with the cover open, and the cutter error', () => {
    const s = decodeStatus({ printer: 0x1a, offline: 0x16, error: 0x1a, paper: 0x12 });
    expect(s).toEqual({ online: false, coverOpen: true, paper: 'ok', cutterError: true, unrecoverableError: false });
  });

  it('tells status bytes from XON/XOFF and round-trips the emulator encoding', () => {
    expect([0x12, 0x11, 0x13, 0x7e].map(isStatusByte)).toEqual([true, false, false, true]);
    for (const paper of ['ok', 'nearEnd', 'out'] as const) {
      for (const coverOpen of [false, true]) {
        const bytes = encodeStatus({ online: true, paper, coverOpen });
        expect(Object.values(bytes).every(isStatusByte)).toBe(true);
        expect(decodeStatus(bytes)).toMatchObject({ paper, coverOpen });
      }
    }
  });
});

describe('job journal', () => {
  it('remembers job states across restarts and ignores a torn last line', async () => {
    const file = join(await tempDir(), 'jobs.jsonl');
    const a = new FileJobJournal(file);
    await a.put({ id: 'r1', state: 'sending', at: '2026-11-28T07:00:00Z' });
    await a.put({ id: 'r1', state: 'done', at: '2026-11-28T07:00:01Z' });
    await a.put({ id: 'r2', state: 'sending', at: '2026-11-28T07:00:02Z' });
    await writeFile(file, '{"id":"r3","sta', { flag: 'a' });
    const b = new FileJobJournal(file);
    expect((await b.get('r1'))?.state).toBe('done');
    expect((await b.get('r2'))?.state).toBe('sending');
    expect(await b.get('r3')).toBeNull();
  });
});

describe('ports', () => {
  it('lists serial devices by scanning /dev when udev is not there', async () => {
    const dev = await tempDir();
    for (const n of ['ttyS1', 'ttyS0', 'ttyUSB0', 'ttyACM3', 'tty1', 'null']) await writeFile(join(dev, n), '');
    // What SerialPort.list() does on a machine without udev.
    const noUdev = () => Promise.reject(new Error('spawn udevadm ENOENT'));
    const ports = await listPorts({ devDir: dev, list: noUdev });
    expect(ports.map((p) => p.path)).toEqual(['ttyACM3', 'ttyS0', 'ttyS1', 'ttyUSB0'].map((n) => join(dev, n)));
    expect(ports.every((p) => p.source === 'scan')).toBe(true);
  });

  it('remembers per-device line settings and never overwrites a broken file on load', async () => {
    const dir = await tempDir();
    const store = new DeviceSettingsStore(join(dir, 'devices.json'));
    expect(await store.load()).toEqual({ ok: true, value: {} });
    await store.save({ printer: { path: '/dev/ttyUSB0', baudRate: 19_200, rtscts: true, xon: false } });
    expect(await store.load()).toEqual({ ok: true, value: { printer: { path: '/dev/ttyUSB0', baudRate: 19_200, rtscts: true, xon: false } } });
    await mkdir(join(dir, 'b'));
    const broken = join(dir, 'b', 'devices.json');
    await writeFile(broken, '{ not json');
    expect(await new DeviceSettingsStore(broken).load()).toEqual({ ok: false, error: 'unreadable' });
  });
});
