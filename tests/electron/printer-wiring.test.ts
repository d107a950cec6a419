import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialDeviceDrivers } from '#electron/services/device-drivers.ts';
import { type PrinterDriver } from '#electron/services/context.ts';
import { type PrinterEmulator, startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';
import { receiptInput } from '#fixtures/documents/notices.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

describe('the receipt printer as the app services use it (real pty, emulator)', () => {
  let emulator: PrinterEmulator;
  let printer: PrinterDriver;
  const dataDir = tempFolderForTests('van-printer-wiring');

  beforeAll(async () => {
    emulator = await startPrinterEmulator({ baudRate: 115_200 });
    printer = await serialDeviceDrivers({ dataDir: dataDir() }).openPrinter({ path: emulator.devicePath, baudRate: 115_200 });
  });
  afterAll(async () => {
    await printer.close();
    await emulator.close();
  });

  it('prints the receipt slip, which decodes to the receipt number, amount and payer', async () => {
    await printer.printReceipt(receiptInput, { jobId: 'job-1', copy: 'original' });
    const text = emulator.text();
    expect(text).toContain('票据号码：0000100001');
    expect(text).toContain('合计：￥90.00');
    expect(text).toContain('交款人：王淑兰');
  });

  it('does not print the same job twice when it is retried', async () => {
    const before = emulator.bytes().length;
    await printer.printReceipt(receiptInput, { jobId: 'job-1', copy: 'original' });
    expect(emulator.bytes().length).toBe(before);
  });

  it('stops on paper out with a message about the paper, and prints once paper is loaded', async () => {
    emulator.setPaper('out');
    await expect(printer.printReceipt(receiptInput, { jobId: 'job-2', copy: 'reprint' })).rejects.toMatchObject({ code: 'printer-paper-out', message: expect.stringContaining('缺纸') as unknown });
    expect(await printer.status()).toMatchObject({ paper: 'out' });
    emulator.setPaper('ok');
    await printer.printReceipt(receiptInput, { jobId: 'job-3', copy: 'reprint' });
    expect(emulator.text()).toContain('【重打印】');
  });
});
