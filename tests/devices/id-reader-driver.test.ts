import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { IdReaderDevice, loadDemoPeople } from '#fixtures/devices/id-reader-device.ts';
import { mockReaderLink, resetMockPorts } from './fake-reader.ts';
import { fixturePath } from './frames.ts';

const people = loadDemoPeople(fixturePath('identities.json'));
afterEach(() => resetMockPorts());

const fast = { findMs: 200, selectMs: 200, readMs: 400, samMs: 200 };
async function setup(maxReadSize = 64) {
  const device = new IdReaderDevice(people);
  const link = await mockReaderLink(device, { maxReadSize });
  const driver = new IdReaderDriver({ open: () => Promise.resolve(link), timeouts: fast, pollIntervalMs: 10, log: pino({ level: 'silent' }) });
  return { device, driver };
}

describe('ID reader driver on serialport MockBinding', () => {
  it('reads find → select → read with the reply reassembled from 64-byte chunks', async () => {
    const { device, driver } = await setup(64);
    device.placeCard(3);
    const r = await driver.read({ timeoutMs: 5000 });
    expect(r.ok && r.value.identity).toMatchObject({ name: '赵雨欣', nation: '赫哲', sex: '女' });
    expect(device.log).toEqual(['findCard', 'selectCard', 'readBasic']);
  });

  it('a "place the card" wait can be cancelled', async () => {
    const { driver } = await setup();
    const ac = new AbortController();
    const waiting = driver.read({ timeoutMs: 60_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    expect(await waiting).toEqual({ ok: false, error: { code: 'cancelled', message: '已取消读卡' } });
  });

  it('a bad checksum is never data: the driver resets the SAM and reads again', async () => {
    const { device, driver } = await setup();
    device.placeCard(0);
    device.setFault({ kind: 'bad-checksum', on: 'read', times: 1 });
    const r = await driver.read({ timeoutMs: 5000 });
    expect(r.ok && r.value.identity.name).toBe('张国强');
    expect(device.log).toContain('resetSam');
  });

  it('survives junk before the preamble and split frames', async () => {
    const { device, driver } = await setup();
    device.placeCard(4);
    device.setFault({ kind: 'junk', on: 'any', times: 2 });
    const r = await driver.read({ timeoutMs: 5000 });
    expect(r.ok && r.value.identity.cardType).toBe('港澳台居民居住证');
    device.removeCard();
    device.placeCard(5);
    device.setFault({ kind: 'split', on: 'read' });
    const r2 = await driver.read({ timeoutMs: 5000 });
    expect(r2.ok && r2.value.identity.name).toBe('安娜');
  });

  it('0x41 (card moved) resets the SAM and retries; a persistent one fails with its Chinese message', async () => {
    const { device, driver } = await setup();
    device.placeCard(0);
    device.setFault({ kind: 'status', sw3: 0x41, on: 'read' });
    const r = await driver.read({ timeoutMs: 5000 });
    expect(r).toEqual({ ok: false, error: { code: 'read-failed', message: '读取证件失败（证件可能被移动），请将证件平放在读卡区' } });
    expect(device.log.filter((c) => c === 'resetSam')).toHaveLength(2);
  });

  it('a silent reader fails with a timeout', async () => {
    const { device, driver } = await setup();
    device.setFault({ kind: 'silence', on: 'any' });
    const r = await driver.read({ timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('a SAM that failed its self test is reported at once', async () => {
    const { device, driver } = await setup();
    device.setFault({ kind: 'status', sw3: 0x60, on: 'find' });
    expect(await driver.read({ timeoutMs: 5000 })).toMatchObject({ ok: false, error: { code: 'sam-self-test' } });
  });
});
