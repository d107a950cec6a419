import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '#domain/clock.ts';
import { PrinterDriver } from '#electron/devices/printer/driver.ts';
import { MemoryJobJournal } from '#electron/devices/printer/job-journal.ts';
import { serialOpener } from '#electron/devices/ports.ts';
import { createReceiptIssuer, type ReceiptDraft } from '#electron/receipts/receipt-issuer.ts';
import { createMemoryJournal } from '#electron/receipts/receipt-journal.ts';
import { issueAndPrint, reprintAndPrint } from '#electron/receipts/receipt-printing.ts';
import { startPrinterEmulator } from '#fixtures/devices/printer-emulator.ts';
import { receiptInput } from '#fixtures/documents/notices.ts';

const { receiptCode: _c, receiptNumber: _n, issuedAt: _t, ...draft } = receiptInput;
const baseDraft: ReceiptDraft = { ...draft, paperWidth: '58' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a receipt printed through the printer emulator (real pty)', () => {
  it('prints the issued number, decodes to the receipt text, and a reprint carries the same number with 重打印', async () => {
    const emu = await startPrinterEmulator({ baudRate: 115_200 });
    cleanups.push(() => emu.close());
    const driver = new PrinterDriver({ open: serialOpener({ path: emu.devicePath, baudRate: 115_200 }), journal: new MemoryJobJournal(), baudRate: 115_200 });
    cleanups.push(() => driver.close());
    const issuer = createReceiptIssuer({ block: { prefix: '', first: 500, last: 600, width: 10, code: '23080126' }, journal: createMemoryJournal(), clock: fixedClock('2026-11-28T02:35:00Z') });

    const r = await issueAndPrint(issuer, driver, baseDraft);
    expect(r).toMatchObject({ ok: true, value: { printed: true, receipt: { receiptNumber: '0000000500' } } });
    const text = emu.text().replace(/ /g, '');
    for (const expected of ['不动产登记缴费凭条', '票据号码：0000000500', '交款人：王淑兰', '合计：￥90.00', '大写：人民币玖拾元整', '收款人：赵晓梅']) {
      expect(text).toContain(expected);
    }
    expect(emu.device.qrCodes).toEqual([receiptInput.statusUrl]);

    expect((await reprintAndPrint(issuer, driver, '0000000500', '赵晓梅')).ok).toBe(true);
    const after = emu.text().replace(/ /g, '').slice(text.length);
    expect(after).toContain('【重打印】');
    expect(after).toContain('票据号码：0000000500');
    expect(emu.device.cuts).toBe(2);
  }, 60_000);

  it('keeps the number when the paper is out: the receipt stands and is reprinted, not renumbered', async () => {
    const emu = await startPrinterEmulator({ baudRate: 115_200 });
    cleanups.push(() => emu.close());
    emu.setPaper('out');
    const driver = new PrinterDriver({ open: serialOpener({ path: emu.devicePath, baudRate: 115_200 }), journal: new MemoryJobJournal(), baudRate: 115_200 });
    cleanups.push(() => driver.close());
    const issuer = createReceiptIssuer({ block: { prefix: '', first: 1, last: 9, width: 10, code: '23080126' }, journal: createMemoryJournal(), clock: fixedClock('2026-11-28T02:35:00Z') });
    const r = await issueAndPrint(issuer, driver, baseDraft);
    expect(r).toMatchObject({ ok: true, value: { printed: false, printError: { code: 'paper-out' }, receipt: { receiptNumber: '0000000001' } } });
    expect(emu.text()).toBe('');
    emu.setPaper('ok');
    expect((await reprintAndPrint(issuer, driver, '0000000001', '赵晓梅')).ok).toBe(true);
    expect(emu.text().replace(/ /g, '')).toContain('票据号码：0000000001');
    const next = await issuer.canIssue();
    expect(next.ok && next.value.next).toBe('0000000002');
  }, 60_000);
});
