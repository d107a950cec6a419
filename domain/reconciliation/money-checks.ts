import { isQrPayment, PAYMENT_METHOD_TEXT, PAYMENT_METHODS } from '#domain/case/events.ts';
import { formatYuanText } from '#domain/money.ts';
import { discrepancy, type Discrepancy } from './discrepancy.ts';

/** A receipt as reconciliation reads it. Amounts are integer fen. */
export type ReconciledReceipt = {
  id: string;
  number: string;
  caseId: string;
  state: 'issued' | 'voided';
  amountFen: number;
  paymentMethod: string;
};

/** The fee of one case recomputed from the rules of the quote's rule version (domain/fees). */
export type RecomputedFee = { caseId: string; rulesLabel: string; expectedFen: number };

/** A refund paid out of a trip's takings (退费 on the van, 条例 第十五条第二款 撤回 or 不予登记). */
export type TripRefund = { refundNumber: string; receiptNumber: string; caseId: string; amountFen: number; method: string };

/**
 * Whether the van hands in the money of this payment method after the trip (cash, and the bank card's slips). A QR
 * payment goes from the applicant's phone straight into the office's merchant account: nothing of it is handed
 * in, and the channel's statement checks it, payment by payment (statement.ts, docs/payment-statements.md).
 */
export const isHandedIn = (method: string): boolean => !PAYMENT_METHODS.some((m) => m === method && isQrPayment(m));

/**
 * Per payment method: the receipts, the refunds paid out of them, and what was handed in (receipts − refunds);
 * `declaredFen` is null until the hand-in is declared, and always for a method not handed in (`isHandedIn`).
 */
export type MethodTotal = { method: string; receiptsFen: number; refundsFen: number; declaredFen: number | null };

/** What the QR channels' statements imported for a trip confirm: the channels imported, and the receipt numbers matched in full. */
export type QrStatements = { channels: ReadonlySet<string>; confirmed: ReadonlySet<string> };

/**
 * The trip's QR receipts (not voided) that no statement shows paid in full: nothing of a QR payment is handed in
 * (`isHandedIn`), so until its channel's statement shows it, nobody has seen the money arrive.
 */
function unconfirmedQrPayments(receipts: readonly ReconciledReceipt[], s: QrStatements): Discrepancy[] {
  return receipts
    .filter((r) => r.state === 'issued' && !isHandedIn(r.paymentMethod) && !s.confirmed.has(r.number))
    .map((r) => {
      const method = (PAYMENT_METHOD_TEXT as Record<string, string>)[r.paymentMethod] ?? r.paymentMethod;
      const why = s.channels.has(r.paymentMethod) ? '已上传的对账单上没有该笔收款，或金额不符' : '尚未上传该渠道的对账单';
      return discrepancy('qr-payment-unconfirmed', r.number, `票据 ${r.number} 记为${method}扫码收款 ${formatYuanText(r.amountFen)}：${why}。`, r.caseId);
    });
}

/**
 * What the trip took in, net: its receipts (not voided) less the refunds it paid out. As each payment method's
 * money due back is its receipts less its refunds (`reconcileMoney`), the trip's takings are less them too.
 */
export const netTakenFen = (money: { chargedFen: number; refundedFen: number }): number => money.chargedFen - money.refundedFen;

// Differences may be negative; domain/money formats the magnitude.
/**
 * Amounts against the rules: per case, what the issued (not voided) receipts charged against the
 * recomputed fee; per payment method, the receipts' total against what was handed in, when the
 * trip's hand-over was declared.
 */
export function reconcileMoney(input: {
  receipts: readonly ReconciledReceipt[];
  fees: readonly RecomputedFee[];
  /** Money handed in after the trip, by payment method (现金, 银行卡); absent until declared. */
  declaredByMethod: ReadonlyMap<string, number> | null;
  /** Refunds the trip paid out: the money handed in is less by as much. */
  refunds?: readonly TripRefund[];
  /** The QR channels' statements imported for the trip: their channels, and the receipt numbers they show paid in full. */
  qrStatements?: QrStatements;
}): { expectedFen: number; chargedFen: number; byMethod: MethodTotal[]; findings: Discrepancy[] } {
  const findings: Discrepancy[] = [];
  const chargedByCase = new Map<string, number>();
  const byMethod = new Map<string, number>();
  for (const r of input.receipts) {
    if (r.state !== 'issued') continue;
    chargedByCase.set(r.caseId, (chargedByCase.get(r.caseId) ?? 0) + r.amountFen);
    byMethod.set(r.paymentMethod, (byMethod.get(r.paymentMethod) ?? 0) + r.amountFen);
  }

  let expectedFen = 0;
  for (const fee of input.fees) {
    expectedFen += fee.expectedFen;
    const charged = chargedByCase.get(fee.caseId);
    if (charged === undefined) {
      if (fee.expectedFen > 0) {
        findings.push(discrepancy('case-fee-unpaid', fee.caseId, `按${fee.rulesLabel}应收 ${formatYuanText(fee.expectedFen)}，未见有效票据。`, fee.caseId));
      }
    } else if (charged !== fee.expectedFen) {
      findings.push(
        discrepancy('receipt-amount-mismatch', fee.caseId, `票据合计 ${formatYuanText(charged)}，按${fee.rulesLabel}应收 ${formatYuanText(fee.expectedFen)}，差额 ${formatYuanText(charged - fee.expectedFen)}。`, fee.caseId),
      );
    }
  }

  const refundsByMethod = new Map<string, number>();
  for (const r of input.refunds ?? []) refundsByMethod.set(r.method, (refundsByMethod.get(r.method) ?? 0) + r.amountFen);
  const methods = new Set([...byMethod.keys(), ...refundsByMethod.keys(), ...(input.declaredByMethod?.keys() ?? [])]);
  const totals: MethodTotal[] = [...methods].sort().map((method) => ({
    method,
    receiptsFen: byMethod.get(method) ?? 0,
    refundsFen: refundsByMethod.get(method) ?? 0,
    declaredFen: input.declaredByMethod === null || !isHandedIn(method) ? null : (input.declaredByMethod.get(method) ?? 0),
  }));
  for (const t of totals) {
    const due = t.receiptsFen - t.refundsFen;
    if (t.declaredFen !== null && t.declaredFen !== due) {
      const refunds = t.refundsFen > 0 ? `，退费 ${formatYuanText(t.refundsFen)}，应交回 ${formatYuanText(due)}` : '';
      findings.push(discrepancy('payment-total-mismatch', t.method, `票据合计 ${formatYuanText(t.receiptsFen)}${refunds}，交回 ${formatYuanText(t.declaredFen)}。`));
    }
  }
  if (input.qrStatements) findings.push(...unconfirmedQrPayments(input.receipts, input.qrStatements));
  const chargedFen = [...chargedByCase.values()].reduce((a, b) => a + b, 0);
  return { expectedFen, chargedFen, byMethod: totals, findings };
}
