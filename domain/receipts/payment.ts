/**
 * How a fee was paid, as printed and checked. A QR payment (微信支付, 支付宝, 云闪付) is collected on the applicant's
 * phone straight into the office's merchant account: a van with no network cannot see it arrive, so the clerk
 * copies the transaction reference the applicant's phone shows, and the office later matches it line by line
 * against the channel's statement (domain/reconciliation/statement.ts).
 */
import { PAYMENT_METHOD_TEXT, type PaymentMethod, isQrPayment } from '#domain/case/events.ts';

/** The shape every channel's reference has on its statement (the sync protocol holds the same pattern). */
const TRANSACTION_REF = /^[A-Za-z0-9_-]{6,64}$/;

/** The method as printed on slips and notices: 现金, 银行卡, 微信扫码, 支付宝扫码, 云闪付扫码. */
export const paymentMethodText = (method: PaymentMethod): string => (isQrPayment(method) ? `${PAYMENT_METHOD_TEXT[method]}扫码` : PAYMENT_METHOD_TEXT[method]);

/** Where the applicant finds the reference on their phone, per channel (the clerk is told where to look). */
export const TRANSACTION_REF_HINT: Record<'wechat' | 'alipay' | 'unionpay', string> = {
  wechat: '微信“支付凭证/账单详情”中的“交易单号”（28 位数字，以 42 开头）',
  alipay: '支付宝“账单详情”中的“订单号”（28 位数字，以付款日期开头）',
  unionpay: '云闪付“账单详情”中的“交易流水号/订单编号”',
};

/** The reference as typed, without the spaces phones group it in; what is wrong with it in words, or null. */
export function normalizeTransactionRef(typed: string): string {
  return typed.replace(/[\s\u3000]/g, '');
}

export function transactionRefProblem(method: PaymentMethod, ref: string): string | null {
  if (!isQrPayment(method)) return null;
  if (ref.length === 0) return '扫码支付须录入交易单号：请申请人打开手机上的支付凭证，照录交易单号。';
  if (!TRANSACTION_REF.test(ref)) return '交易单号应为 6 到 64 位字母、数字、“-”或“_”，请对照申请人手机上的支付凭证重新录入。';
  return null;
}
