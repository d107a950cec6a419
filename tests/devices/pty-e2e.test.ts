import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { PrinterDriver } from '#electron/devices/printer/driver.ts';
import { EscPosBuilder } from '#electron/devices/printer/escpos.ts';
import { MemoryJobJournal } from '#electron/devices/printer/job-journal.ts';
import { serialOpener } from '#electron/devices/ports.ts';
import { type IdReaderEmulator, startIdReaderEmulator } from '#fixtures/devices/id-reader-emulator.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';
import { fixturePath } from './frames.ts';

const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function idReader(): Promise<IdReaderEmulator> {
  const emu = await startIdReaderEmulator({ identities: fixturePath('identities.json') });
  cleanups.push(() => emu.close());
  return emu;
}

async function printer(): Promise<PrinterEmulator> {
  const emu = await startPrinterEmulator({ baudRate: 115_200 });
  cleanups.push(() => emu.close());
  return emu;
}

describe('ID card reader over a real pty (socat, real serialport binding)', () => {
  it('reads the placed card once per placement', async () => {
    const emu = await idReader();
    const driver = new IdReaderDriver({ open: serialOpener({ path: emu.devicePath, baudRate: 115_200 }), pollIntervalMs: 50, log: pino({ level: 'silent' }) });
    cleanups.push(() => driver.close());
    emu.placeCard(1);
    const first = await driver.read({ timeoutMs: 10_000 });
    expect(first.ok && first.value.identity.name).toBe('李秀梅');
    expect(first.ok && first.value.photo.length).toBe(1024);
    const again = await driver.read({ timeoutMs: 500 });
    expect(again).toMatchObject({ ok: false, error: { code: 'no-card' } });
    emu.removeCard();
    emu.placeCard(0);
    const next = await driver.read({ timeoutMs: 10_000 });
    expect(next.ok && next.value.identity.idNumber).toBe('230804197803120414');
  });

  it('reports an unplugged reader and recovers when it comes back', async () => {
    const emu = await idReader();
    const driver = new IdReaderDriver({ open: serialOpener({ path: emu.devicePath, baudRate: 115_200 }), pollIntervalMs: 50, log: pino({ level: 'silent' }) });
    cleanups.push(() => driver.close());
    const waiting = driver.read({ timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 200));
    await emu.disconnect();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    expect(await driver.read({ timeoutMs: 300 })).toMatchObject({ ok: false, error: { code: 'disconnected', message: '读卡器已断开连接，请检查连接线后重试' } });
    await emu.reconnect();
    emu.placeCard(2);
    const r = await driver.read({ timeoutMs: 10_000 });
    expect(r.ok && r.value.identity.validTo).toBe('长期');
  });

  it('the CLI prints exactly one JSON identity and exits 0', async () => {
    const emu = await idReader();
    emu.placeCard(0);
    const { stdout } = await run('npx', ['tsx', 'electron/cli/main.ts', 'devices', 'read-id', '--port', emu.devicePath, '--timeout-ms', '15000'], { timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({
      cardType: '居民身份证', name: '张国强', sex: '男', nation: '汉', birthDate: '1978-03-12',
      address: '黑龙江省佳木斯市前进区长安路街道中山街108号3单元502室', idNumber: '230804197803120414',
      issuer: '佳木斯市公安局前进分局', validFrom: '2016-05-20', validTo: '2036-05-20',
    });
  });

  it('the CLI fails with a Chinese message and a non-zero exit when no card comes', async () => {
    const emu = await idReader();
    const result = await run('npx', ['tsx', 'electron/cli/main.ts', 'devices', 'read-id', '--port', emu.devicePath, '--timeout-ms', '800'], { timeout: 60_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('未检测到证件');
  });
});

describe('receipt printer over a real pty', () => {
  const job = (id: string) => ({ id, bytes: new EscPosBuilder({ width: 58 }).init().chinese().line('受理回执 ￥80.00').qr('https://jms.example/r/1').cut().bytes() });

  it('prints a job, decodes back to the text, and never prints a retried job twice', async () => {
    const emu = await printer();
    const driver = new PrinterDriver({ open: serialOpener({ path: emu.devicePath, baudRate: 115_200 }), journal: new MemoryJobJournal(), baudRate: 115_200 });
    cleanups.push(() => driver.close());
    const r = await driver.print(job('job-1'));
    expect(r).toMatchObject({ ok: true, value: { jobId: 'job-1', alreadyPrinted: false, after: { paper: 'ok', online: true } } });
    expect(emu.text()).toBe('受理回执 ￥80.00\n');
    expect(emu.device.qrCodes).toEqual(['https://jms.example/r/1']);
    expect(await driver.print(job('job-1'))).toMatchObject({ ok: true, value: { alreadyPrinted: true } });
    expect(emu.device.cuts).toBe(1);
  });

  it('refuses to start with no paper and says nothing was printed', async () => {
    const emu = await printer();
    emu.setPaper('out');
    const driver = new PrinterDriver({ open: serialOpener({ path: emu.devicePath, baudRate: 115_200 }), journal: new MemoryJobJournal(), baudRate: 115_200 });
    cleanups.push(() => driver.close());
    const r = await driver.print(job('job-2'));
    expect(r).toMatchObject({ ok: false, error: { code: 'paper-out' } });
    expect(!r.ok && r.error.message).toContain('尚未打印');
    expect(emu.text()).toBe('');
    emu.setPaper('ok');
    expect(await driver.print(job('job-2'))).toMatchObject({ ok: true, value: { alreadyPrinted: false } });
    const status = await driver.status();
    expect(status.ok && status.value).toMatchObject({ paper: 'ok', coverOpen: false });
    emu.setCoverOpen(true);
    const open = await driver.status();
    expect(open.ok && open.value.coverOpen).toBe(true);
  });
});
