import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStoredConfig, type PortSetting } from '#electron/config.ts';
import { type PrinterStatus, type ReceiptPrint } from '#electron/ipc/contract.ts';
import { dispatch } from '#electron/ipc/handle.ts';
import { type DeviceDrivers, type PrinterDriver } from '#electron/services/context.ts';
import { serialDeviceDrivers } from '#electron/services/device-drivers.ts';
import { createServiceHost } from '#electron/services/host.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dataDir = tempFolderForTests('van-devices');

const receipt: ReceiptPrint = {
  receiptId: 'r1', receiptCode: 'JMS2026-', receiptNumber: 'JMS2026-001001', caseId: 'c1', caseNumber: '20261130-C1', payer: '刘建国',
  items: [{ name: '登记费（住宅）', amountFen: 8000, ruleVersion: 'gb-2016-2559@1' }], totalFen: 8000, paymentMethod: 'cash',
  payee: '佳木斯市不动产登记中心', staffName: '张伟', issuedAt: '2026-11-30T09:30:00+08:00', statusUrl: 'http://127.0.0.1:1/status', paperWidth: '80',
};

/** A printer whose paper state the test sets; it records what it printed. */
function fakePrinter() {
  const state: { status: PrinterStatus; printed: string[] } = { status: { online: true, paper: 'ok', coverOpen: false }, printed: [] };
  const driver: PrinterDriver = {
    status: () => Promise.resolve({ ...state.status }),
    printReceipt: (r, { copy }) => {
      state.printed.push(`${r.receiptNumber}:${copy}`);
      return Promise.resolve();
    },
    printTestPage: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { state, driver };
}

function hostWith(printer: PrinterDriver | null, reader?: DeviceDrivers['openIdReader']) {
  const devices: DeviceDrivers = {
    listPorts: () => Promise.resolve([{ path: '/dev/ttyUSB0', manufacturer: 'Prolific' }]),
    openIdReader: reader ?? (() => Promise.reject(new Error('no reader'))),
    openPrinter: () => (printer ? Promise.resolve(printer) : Promise.reject(new Error('ENOENT'))),
  };
  return createServiceHost({ dataDir: dataDir(), config: { printer: { path: '/dev/ttyUSB1' }, idReader: { path: '/dev/ttyUSB0' } }, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { devices } });
}

const call = (host: ReturnType<typeof hostWith>, channel: string, payload?: unknown) =>
  dispatch(host.handlersFor('http'), channel, payload, { transport: 'http', isTrustedSender: true });

describe('the devices service', () => {
  it('prints a receipt when the printer has paper, and reports the state after the job', async () => {
    const p = fakePrinter();
    const host = hostWith(p.driver);
    await host.ready;
    expect(await call(host, 'receipts:issue', receipt)).toMatchObject({ ok: true, value: { printer: { paper: 'ok' } } });
    expect(p.state.printed).toEqual(['JMS2026-001001:original']);
    await host.close();
  });

  it('stops before printing when the paper is out, with a message that keeps the receipt number', async () => {
    const p = fakePrinter();
    p.state.status.paper = 'out';
    const host = hostWith(p.driver);
    await host.ready;
    const r = await call(host, 'receipts:issue', receipt);
    expect(r).toMatchObject({ ok: false, error: { code: 'printer-paper-out' } });
    expect(!r.ok && r.error.message).toContain('缺纸');
    expect(!r.ok && r.error.message).toContain('票据号码已保留');
    expect(p.state.printed).toEqual([]);
    // Paper loaded: the same receipt prints (no new number, no reprint mark).
    p.state.status.paper = 'ok';
    expect(await call(host, 'receipts:issue', receipt)).toMatchObject({ ok: true });
    expect(p.state.printed).toEqual(['JMS2026-001001:original']);
    await host.close();
  });

  it('names an open cover and an offline printer specifically', async () => {
    const p = fakePrinter();
    const host = hostWith(p.driver);
    await host.ready;
    p.state.status.coverOpen = true;
    expect(await call(host, 'receipts:reprint', receipt)).toMatchObject({ ok: false, error: { code: 'printer-cover-open' } });
    p.state.status = { online: false, paper: 'unknown', coverOpen: false };
    expect(await call(host, 'printer:testPage')).toMatchObject({ ok: false, error: { code: 'printer-offline' } });
    await host.close();
  });

  it('shows a port that cannot be opened as an error with the reason, and refuses to print', async () => {
    const host = hostWith(null);
    await host.ready;
    const statuses = await call(host, 'devices:status');
    const printer = statuses.ok ? (statuses.value as { kind: string; state: string; detail?: string }[]).find((s) => s.kind === 'printer') : undefined;
    expect(printer?.state).toBe('error');
    expect(printer?.detail).toBe('找不到串口 /dev/ttyUSB1（设备已拔出，或端口名已变化）：请插好连接线，然后到“设备”页面重新选择端口');
    expect(await call(host, 'receipts:issue', receipt)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await host.close();
  });

  it('says in Chinese, with the way to 设备, that a printer port which is gone cannot be found (real serialport)', async () => {
    const gone = join(dataDir(), 'ttyUSB-unplugged');
    const drivers = serialDeviceDrivers({ dataDir: dataDir() });
    const host = createServiceHost({ dataDir: dataDir(), config: { printer: { path: gone } }, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { devices: drivers } });
    await host.ready;
    const statuses = await call(host, 'devices:status');
    const printer = statuses.ok ? (statuses.value as { kind: string; state: string; detail?: string }[]).find((s) => s.kind === 'printer') : undefined;
    expect(printer?.state).toBe('error');
    expect(printer?.detail).toBe(`找不到串口 ${gone}（设备已拔出，或端口名已变化）：请插好连接线，然后到“设备”页面重新选择端口`);
    const issued = await call(host, 'receipts:issue', receipt);
    expect(issued.ok ? '' : issued.error.message).toContain('到“设备”页面重新选择端口');
    expect(JSON.stringify(issued)).not.toMatch(/No such file|ENOENT|Error:/);
    await host.close();
  });

  it('lets a waiting card read be cancelled', async () => {
    const host = hostWith(fakePrinter().driver, () =>
      Promise.resolve({
        read: ({ signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled')))),
        close: () => Promise.resolve(),
      }),
    );
    await host.ready;
    const waiting = new Promise<void>((resolve) => host.events.on('idReader:waiting', () => resolve()));
    const reading = call(host, 'idReader:read', { timeoutMs: 60_000 });
    await waiting;
    expect(await call(host, 'idReader:read', { timeoutMs: 60_000 })).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(await call(host, 'idReader:cancel')).toMatchObject({ ok: true });
    expect(await reading).toMatchObject({ ok: false, error: { code: 'cancelled', message: '已取消读卡' } });
    await host.close();
  });

  it('keeps the ports chosen on 设备 in the data folder and opens them at the next start', async () => {
    const folder = join(dataDir(), 'chosen-ports');
    mkdirSync(folder, { recursive: true });
    /** Drivers that note which port each start opened, with which settings. */
    const recording = (opened: string[]): DeviceDrivers => ({
      listPorts: () => Promise.resolve([]),
      openIdReader: (s: PortSetting) => {
        opened.push(`idReader ${s.path} ${String(s.baudRate)}`);
        return Promise.resolve({ read: () => Promise.reject(new Error('no card')), close: () => Promise.resolve() });
      },
      openPrinter: (s: PortSetting) => {
        opened.push(`printer ${s.path} ${String(s.baudRate)}`);
        return Promise.resolve(fakePrinter().driver);
      },
    });
    // The first start, as the start scripts make it: the settings in the data folder (none yet).
    const first = loadStoredConfig(folder);
    expect(first).toEqual({ ok: true, config: {} });
    const firstOpened: string[] = [];
    const host = createServiceHost({ dataDir: folder, config: first.ok ? first.config : {}, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { devices: recording(firstOpened) } });
    await host.ready;
    expect(firstOpened).toEqual([]);
    expect(await call(host, 'devices:configure', { kind: 'idReader', path: '/dev/ttyUSB2' })).toMatchObject({ ok: true, value: { state: 'ready' } });
    expect(await call(host, 'devices:configure', { kind: 'printer', path: '/dev/ttyS1', baudRate: 19_200 })).toMatchObject({ ok: true, value: { state: 'ready' } });
    await host.close();
    expect(JSON.parse(readFileSync(join(folder, 'van-config.json'), 'utf8'))).toEqual({ idReader: { path: '/dev/ttyUSB2' }, printer: { path: '/dev/ttyS1', baudRate: 19_200 } });

    // The next start opens them, at the baud rate chosen (the reader's default where none was).
    const next = loadStoredConfig(folder);
    const nextOpened: string[] = [];
    const again = createServiceHost({ dataDir: folder, config: next.ok ? next.config : {}, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { devices: recording(nextOpened) } });
    await again.ready;
    expect(nextOpened.sort()).toEqual(['idReader /dev/ttyUSB2 115200', 'printer /dev/ttyS1 19200']);
    const statuses = await call(again, 'devices:status');
    expect(statuses.ok ? (statuses.value as { kind: string; state: string }[]).map((s) => `${s.kind} ${s.state}`).sort() : statuses).toEqual(['idReader ready', 'printer ready']);
    await again.close();
  });
});
