/**
 * Device benchmarks against the emulators on real ptys (paced at the configured baud like a UART):
 * a full card read at 115200 and a receipt job at 9600, each as a ratio to the wire time of the bytes
 * exchanged in that run (10 bits a byte, 8N1). Median of several runs; spread in the note.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { PrinterDriver } from '#electron/devices/printer/driver.ts';
import { EscPosBuilder } from '#electron/devices/printer/escpos.ts';
import { MemoryJobJournal } from '#electron/devices/printer/job-journal.ts';
import { serialOpener } from '#electron/devices/ports.ts';
import { startIdReaderEmulator } from '#fixtures/devices/id-reader-emulator.ts';
import { startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';
import { type BenchRow, summarize } from './report.ts';

const RUNS = 7;
const wireMs = (bytes: number, baud: number) => (bytes * 10_000) / baud;
const spread = (ratios: number[]) => {
  const s = summarize(ratios);
  return `${RUNS} runs, ${s.min.toFixed(2)}..${s.max.toFixed(2)}`;
};

async function benchCardRead(): Promise<BenchRow> {
  const baud = 115_200;
  const emu = await startIdReaderEmulator({ identities: fileURLToPath(new URL('../fixtures/devices/identities.json', import.meta.url)), baudRate: baud });
  const driver = new IdReaderDriver({ open: serialOpener({ path: emu.devicePath, baudRate: baud }), log: pino({ level: 'silent' }) });
  const ratios: number[] = [];
  let lastWire = 0;
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      emu.removeCard();
      emu.placeCard(i % 4);
      const before = emu.bytesExchanged();
      const t0 = performance.now();
      const r = await driver.read({ timeoutMs: 10_000 });
      const elapsed = performance.now() - t0;
      if (!r.ok) throw new Error(`card read failed: ${r.error.message}`);
      lastWire = wireMs(emu.bytesExchanged() - before, baud);
      if (i > 0) ratios.push(elapsed / lastWire); // the first run opens the port
    }
  } finally {
    await driver.close();
    await emu.close();
  }
  return { measure: 'devices: ID card read (find+select+read) at 115200', baseline: `wire time ${lastWire.toFixed(1)} ms`, ratio: summarize(ratios).median, target: '≤ 1.5', note: spread(ratios) };
}

async function benchReceipt(): Promise<BenchRow> {
  const baud = 9_600;
  const emu = await startPrinterEmulator({ baudRate: baud });
  const driver = new PrinterDriver({ open: serialOpener({ path: emu.devicePath, baudRate: baud }), journal: new MemoryJobJournal(), baudRate: baud, log: pino({ level: 'silent' }) });
  const b = new EscPosBuilder({ width: 80 }).init().chinese().align('center').bold().size(2).line('佳木斯市不动产登记中心').size(1).bold(false).line('缴费凭条').align('left').rule();
  for (const [k, v] of [['受理编号', 'JMS-2026-000123'], ['申请人', '张国强'], ['登记类型', '转移登记'], ['不动产登记费（住宅）', '￥80.00'], ['证书工本费 ×1', '￥10.00'], ['合计', '￥90.00']] as const) {
    b.columns([{ text: k, width: 30 }, { text: v, width: 18, align: 'right' }]);
  }
  const bytes = b.rule().line('人民币玖拾元整').align('center').qr('https://jms.example/r/JMS-2026-000123').feed(2).cut().bytes();
  const ratios: number[] = [];
  let lastWire = 0;
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const before = emu.bytes().length;
      const t0 = performance.now();
      const r = await driver.print({ id: `bench-${i}`, bytes });
      const elapsed = performance.now() - t0;
      if (!r.ok) throw new Error(`print failed: ${r.error.message}`);
      // Host → printer bytes (job + 8 status queries of 3 bytes) plus the 8 one-byte replies.
      lastWire = wireMs(emu.bytes().length - before + 8, baud);
      if (i > 0) ratios.push(elapsed / lastWire);
    }
  } finally {
    await driver.close();
    await emu.close();
  }
  return { measure: `devices: receipt job (${bytes.length} B, status before/after) at 9600`, baseline: `wire time ${lastWire.toFixed(0)} ms`, ratio: summarize(ratios).median, target: '≤ 1.2', note: spread(ratios) };
}

export async function benchDevices(): Promise<BenchRow[]> {
  return [await benchCardRead(), await benchReceipt()];
}
