import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { runCli } from '#electron/cli/run-cli.ts';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { PrinterDriver } from '#electron/devices/printer/driver.ts';
import { EscPosBuilder } from '#electron/devices/printer/escpos.ts';
import { MemoryJobJournal } from '#electron/devices/printer/job-journal.ts';
import { serialOpener } from '#electron/devices/ports.ts';
import { startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';

const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('van devices CLI against the emulators', () => {
  it('print-test prints Chinese text and a QR code', async () => {
    const emu = await startPrinterEmulator({ baudRate: 115_200 });
    cleanups.push(() => emu.close());
    // The CLI keeps its job journal in the temp folder: this test's own, not the machine's.
    const tmp = await mkdtemp(join(tmpdir(), 'van-cli-print-'));
    cleanups.push(() => rm(tmp, { recursive: true, force: true }));
    const { stdout } = await run('npx', ['tsx', 'electron/cli/main.ts', 'devices', 'print-test', '--port', emu.devicePath, '--baud', '115200', '--width', '58'], { timeout: 60_000, env: { ...process.env, TMPDIR: tmp } });
    expect(JSON.parse(stdout)).toMatchObject({ printed: true, after: { paper: 'ok' } });
    expect(emu.text()).toContain('打印测试页');
    expect(emu.text()).toContain('佳木斯市不动产登记中心');
    expect(emu.device.qrCodes).toEqual(['https://www.jms.gov.cn/']);
    expect(emu.device.cuts).toBe(1);
  });

  it('emulate id-reader prints its port, and a card placed with --place can be read there', async () => {
    // node --import tsx (not npx) so SIGTERM reaches the CLI itself and it closes socat.
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'devices', 'emulate', 'id-reader', '--place', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((r) => child.once('exit', r));
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await exited;
    });
    const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    const { path } = JSON.parse(first) as { path: string };
    const driver = new IdReaderDriver({ open: serialOpener({ path, baudRate: 115_200 }), log: pino({ level: 'silent' }) });
    cleanups.push(() => driver.close());
    const r = await driver.read({ timeoutMs: 15_000 });
    expect(r.ok && r.value.identity.name).toBe('李秀梅');
  });
});

/** `van devices emulate …` in its own process (node --import tsx, so SIGTERM reaches the CLI), until its first line. */
async function emulator(args: string[]): Promise<{ first: Record<string, unknown>; stop: () => Promise<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'devices', 'emulate', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    return err;
  };
  cleanups.push(async () => void (await stop()));
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { first: JSON.parse(first) as Record<string, unknown>, stop };
}

describe('van devices list', () => {
  it('lists this machine’s serial ports one a line, each a /dev path (or says there are none), and exits 0', async () => {
    const out: string[] = [];
    expect(await runCli(['devices', 'list'], { out: (l) => out.push(l), err: (l) => out.push(`stderr: ${l}`) })).toBe(0);
    expect(out.length).toBeGreaterThan(0);
    for (const line of out) expect(line).toMatch(/^(（未发现串口）|\/dev\/\S+( {2}.+)?)$/);
  });
});

describe('van devices emulate, as the README shows it', () => {
  it('emulate printer prints its port; print-test prints there, and the emulator shows what it got when stopped', async () => {
    const emu = await emulator(['printer']);
    expect(emu.first).toMatchObject({ device: 'printer', path: expect.any(String) as unknown });
    const tmp = await mkdtemp(join(tmpdir(), 'van-cli-print-'));
    cleanups.push(() => rm(tmp, { recursive: true, force: true }));
    const { stdout } = await run('npx', ['tsx', 'electron/cli/main.ts', 'devices', 'print-test', '--port', String(emu.first['path']), '--baud', '9600'], { timeout: 60_000, env: { ...process.env, TMPDIR: tmp } });
    expect(JSON.parse(stdout)).toMatchObject({ printed: true, after: { paper: 'ok' } });
    expect(await emu.stop()).toContain('打印测试页');
  });

  it('emulate id-reader --identities reads the cards of the file given', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'van-cli-identities-'));
    cleanups.push(() => rm(tmp, { recursive: true, force: true }));
    const file = join(tmp, 'identities.json');
    await writeFile(file, JSON.stringify([{
      kind: 'resident', name: '赵测试', sex: '男', nation: '汉', birthDate: '1978-03-12', address: '黑龙江省佳木斯市前进区长安路1号',
      idNumber: '230804197803120414', issuer: '佳木斯市公安局前进分局', validFrom: '2016-05-20', validTo: '2036-05-20',
    }]));
    const emu = await emulator(['id-reader', '--identities', file, '--place', '0']);
    expect(emu.first).toMatchObject({ device: 'id-reader', placed: '0' });
    const { stdout } = await run('npx', ['tsx', 'electron/cli/main.ts', 'devices', 'read-id', '--port', String(emu.first['path']), '--timeout-ms', '15000'], { timeout: 60_000 });
    expect(stdout).toContain('赵测试');
    expect(stdout).toContain('230804197803120414');
  });
});

describe('printer failures say what state the paper is in', () => {
  it('paper running out during a job: in doubt, and a retry of that job is refused, not re-sent', async () => {
    const emu = await startPrinterEmulator({ baudRate: 9_600 });
    cleanups.push(() => emu.close());
    const driver = new PrinterDriver({ open: serialOpener({ path: emu.devicePath, baudRate: 9_600 }), journal: new MemoryJobJournal(), baudRate: 9_600, log: pino({ level: 'silent' }) });
    cleanups.push(() => driver.close());
    const b = new EscPosBuilder({ width: 80 }).init().chinese();
    for (let i = 0; i < 20; i++) b.line(`第${i}行 不动产登记缴费凭条`);
    const job = { id: 'receipt-42', bytes: b.cut().bytes() };
    const printing = driver.print(job);
    // The paper runs out once the job's bytes are arriving (past the four 3-byte status queries before
    // it), not at a fixed time, which a loaded machine may reach before the job starts.
    const paperOut = setInterval(() => {
      if (emu.bytes().length < 40) return;
      emu.setPaper('out');
      clearInterval(paperOut);
    }, 2);
    cleanups.push(() => Promise.resolve(clearInterval(paperOut)));
    const r = await printing;
    expect(r).toMatchObject({ ok: false, error: { code: 'failed-during-job', jobId: 'receipt-42' } });
    expect(!r.ok && r.error.message).toContain('可能只打印了一部分');
    const sentBefore = emu.bytes().length;
    emu.setPaper('ok');
    expect(await driver.print(job)).toMatchObject({ ok: false, error: { code: 'in-doubt' } });
    expect(emu.bytes().length).toBe(sentBefore);
  });
});
