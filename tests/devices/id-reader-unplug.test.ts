import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { type CloseReason, type SerialLink } from '#electron/devices/serial-link.ts';
import { IdReaderDevice, loadDemoPeople } from '#fixtures/devices/id-reader-device.ts';
import { mockReaderLink, resetMockPorts } from './fake-reader.ts';
import { fixturePath } from './frames.ts';

const people = loadDemoPeople(fixturePath('identities.json'));
afterEach(() => resetMockPorts());

const fast = { findMs: 100, selectMs: 100, readMs: 200, samMs: 100 };
const DISCONNECTED = { ok: false, error: { code: 'disconnected', message: '读卡器已断开连接，请检查连接线后重试' } };
const gone = () => Promise.reject(new Error('No such file or directory, cannot open /dev/ttyUSB0'));

type UnplugOrder = 'close event' | 'port found closed, no event' | 'write fails, no event';

/**
 * A working reader (the emulated device on serialport's MockBinding) whose cable can be pulled the ways the OS
 * reports it: with a close event, by the port silently no longer being open, or by the next write failing (EIO).
 */
async function pluggableReader(device: IdReaderDevice) {
  const real = await mockReaderLink(device);
  let unplugged: UnplugOrder | null = null;
  const closeListeners: ((r: CloseReason) => void)[] = [];
  const link: SerialLink = {
    path: real.path,
    get isOpen() {
      return unplugged === null || unplugged === 'write fails, no event';
    },
    write: (bytes) => (unplugged === 'write fails, no event' ? Promise.reject(new Error('EIO: i/o error, write')) : unplugged ? new Promise<void>(() => undefined) : real.write(bytes)),
    onData: (l) => real.onData(l),
    onClose(l) {
      closeListeners.push(l);
      return () => closeListeners.splice(closeListeners.indexOf(l), 1);
    },
    close: () => real.close(),
  };
  return {
    link,
    unplug(order: UnplugOrder) {
      unplugged = order;
      if (order === 'close event') for (const l of [...closeListeners]) l('disconnected');
    },
  };
}

describe('what the ID reader driver tells staff when the reader is unplugged', () => {
  it('a port that never opened is "unavailable" (check the port setting)', async () => {
    const driver = new IdReaderDriver({ open: gone, timeouts: fast, pollIntervalMs: 10, log: pino({ level: 'silent' }) });
    expect(await driver.read({ timeoutMs: 500 })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  for (const order of ['close event', 'port found closed, no event', 'write fails, no event'] as const) {
    it(`a reader that worked and is pulled is "disconnected", on every read until it is back (${order})`, async () => {
      const device = new IdReaderDevice(people);
      const reader = await pluggableReader(device);
      let plugged: SerialLink | null = reader.link;
      const driver = new IdReaderDriver({ open: () => (plugged ? Promise.resolve(plugged) : gone()), timeouts: fast, pollIntervalMs: 10, log: pino({ level: 'silent' }) });
      device.placeCard(0);
      expect((await driver.read({ timeoutMs: 2000 })).ok).toBe(true);
      device.removeCard();
      const waiting = driver.read({ timeoutMs: 5000 });
      await new Promise((r) => setTimeout(r, 30));
      plugged = null;
      reader.unplug(order);
      expect(await waiting).toEqual(DISCONNECTED);
      expect(await driver.read({ timeoutMs: 300 })).toEqual(DISCONNECTED);
      expect(await driver.read({ timeoutMs: 300 })).toEqual(DISCONNECTED);

      plugged = (await pluggableReader(device)).link;
      device.placeCard(2);
      const r = await driver.read({ timeoutMs: 2000 });
      expect(r.ok && r.value.identity.validTo).toBe('长期');
    });
  }
});
