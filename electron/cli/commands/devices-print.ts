import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { type CliIo } from '../command.ts';
import { EscPosBuilder, type PaperWidth } from '#electron/devices/printer/escpos.ts';
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
  const b = new EscPosBuilder({ width: o.width });
  const cols = b.paperColumns;
  b.init().chinese().align('center').bold().size(2).line('打印测试页').size(1).bold(false)
    .line('佳木斯市不动产登记中心').line('便民服务直通车').align('left').rule()
    .columns([{ text: '项目', width: cols - 12 }, { text: '金额', width: 12, align: 'right' }])
    .columns([{ text: '不动产登记费（住宅）', width: cols - 12 }, { text: '￥80.00', width: 12, align: 'right' }])
    .rule().line(`串口 ${o.path}  ${o.baudRate} bps`).align('center').qr('https://www.jms.gov.cn/').line('扫码测试')
    .feed(2).cut();
  try {
    const before = await driver.status();
    io.err(`打印前状态: ${JSON.stringify(before.ok ? before.value : before.error)}`);
    const r = await driver.print({ id: `print-test-${Date.now()}`, bytes: b.bytes() });
    if (!r.ok) {
      io.err(r.error.message);
      return 1;
    }
    io.out(JSON.stringify({ printed: true, bytes: b.bytes().length, after: r.value.after }));
    return 0;
  } finally {
    await driver.close();
  }
}
