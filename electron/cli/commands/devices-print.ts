import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { type CliIo } from '../command.ts';
import { type PaperWidth } from '#electron/devices/printer/escpos.ts';
import { testPageBytes } from '#electron/devices/printer/test-page.ts';
import { PrinterDriver } from '#electron/devices/printer/driver.ts';
import { FileJobJournal } from '#electron/devices/printer/job-journal.ts';
import { serialOpener } from '#electron/devices/ports.ts';

/** `devices print-test`: a test page (Chinese text, columns, QR), with the printer status before and after. */
export async function printTest(o: { path: string; baudRate: number; width: PaperWidth; rtscts: boolean; xon: boolean }, io: CliIo): Promise<number> {
  const driver = new PrinterDriver({
    open: serialOpener({ path: o.path, baudRate: o.baudRate, rtscts: o.rtscts, xon: o.xon }),
    journal: new FileJobJournal(join(tmpdir(), 'van-print-test-journal.jsonl')),
    baudRate: o.baudRate,
  });
  const page = testPageBytes({ width: o.width, portLabel: `串口 ${o.path}  ${o.baudRate} bps` });
  try {
    const before = await driver.status();
    io.err(`打印前状态: ${JSON.stringify(before.ok ? before.value : before.error)}`);
    const r = await driver.print({ id: `print-test-${Date.now()}`, bytes: page });
    if (!r.ok) {
      io.err(r.error.message);
      return 1;
    }
    io.out(JSON.stringify({ printed: true, bytes: page.length, after: r.value.after }));
    return 0;
  } finally {
    await driver.close();
  }
}
