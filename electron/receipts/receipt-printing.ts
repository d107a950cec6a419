import { type Result, err, ok } from '#domain/result.ts';
import { type PrinterDriver } from '#electron/devices/printer/driver.ts';
import { type ReceiptPrint } from '#electron/ipc/contract.ts';
import { type ReceiptDraft, type ReceiptIssuer } from './receipt-issuer.ts';
import { receiptSlip } from './receipt-slip.ts';

type Printer = Pick<PrinterDriver, 'print'>;
type PrintFailure = { code: string; message: string };

/** The print job id of a slip: the same receipt never prints twice by retry; each reprint is its own job. */
const jobId = (r: ReceiptPrint, reprint?: number) => `receipt-${r.receiptCode}-${r.receiptNumber}${reprint === undefined ? '' : `-reprint-${reprint}`}`;

/**
 * Issues the next receipt and prints its slip. The number is recorded before printing: if the printer then
 * fails (paper out), the receipt stands under its number and is printed again with `reprint`, never renumbered.
 */
export async function issueAndPrint(issuer: ReceiptIssuer, printer: Printer, draft: ReceiptDraft): Promise<Result<{ receipt: ReceiptPrint; printed: boolean; printError?: PrintFailure }, PrintFailure>> {
  const issued = await issuer.issue(draft);
  if (!issued.ok) return err(issued.error);
  const slip = receiptSlip(issued.value, 'original');
  const printed = await printer.print({ id: jobId(issued.value), bytes: slip.bytes });
  return ok(printed.ok ? { receipt: issued.value, printed: true } : { receipt: issued.value, printed: false, printError: printed.error });
}

/** Prints a recorded reprint (same number, 重打印 on the slip). */
export async function reprintAndPrint(issuer: ReceiptIssuer, printer: Printer, receiptNumber: string, by: string): Promise<Result<ReceiptPrint, PrintFailure>> {
  const r = await issuer.reprint(receiptNumber, by);
  if (!r.ok) return err(r.error);
  const count = (await issuer.get(receiptNumber))?.reprints.length ?? 0;
  const printed = await printer.print({ id: jobId(r.value, count), bytes: receiptSlip(r.value, 'reprint').bytes });
  return printed.ok ? ok(r.value) : err(printed.error);
}
