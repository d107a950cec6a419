/**
 * A QR payment channel's statement, read and matched against the van's receipts. Each channel exports its own
 * CSV (columns documented in docs/payment-statements.md); the office turns the file into rows (encoding, quotes)
 * and this module finds the columns by their header names, so a channel adding or moving columns changes
 * nothing here. Every payment line is then matched to a receipt by its transaction reference and amount.
 */
import { parseYuan } from '#domain/money.ts';

export type QrChannel = 'wechat' | 'alipay' | 'unionpay';
export const QR_CHANNELS: readonly QrChannel[] = ['wechat', 'alipay', 'unionpay'];

type Format = {
  /** Header names, first found wins: the reference, the amount in yuan, the time, and the kind of line. */
  ref: readonly string[];
  amount: readonly string[];
  time: readonly string[];
  kind: readonly string[];
  /** A kind cell that makes the line a payment; other kinds (refunds, revoked orders) are not payments. */
  payment: readonly string[];
  /** A first cell that ends the detail lines (the statement's summary follows). */
  endsWith: RegExp;
};

export const STATEMENT_FORMATS: Record<QrChannel, Format> = {
  // 微信支付商户平台 交易账单: every cell starts with a backquote; 交易状态 SUCCESS is a payment, REFUND a refund.
  wechat: { ref: ['微信订单号'], amount: ['订单金额', '应结订单金额'], time: ['交易时间'], kind: ['交易状态'], payment: ['SUCCESS'], endsWith: /^总交易单数/ },
  // 支付宝商家中心 账务明细/交易明细: comment lines start with #; 业务类型 交易 is a payment, 退款 a refund.
  alipay: { ref: ['支付宝交易号'], amount: ['订单金额（元）', '订单金额(元)', '收入（+元）'], time: ['完成时间', '入账时间', '创建时间'], kind: ['业务类型'], payment: ['交易', '在线支付'], endsWith: /^#/ },
  // 银联商户服务平台 / 云闪付收款 对账文件: 交易类型 消费 is a payment, 退货 a refund.
  unionpay: { ref: ['查询流水号', '交易流水号'], amount: ['交易金额', '交易金额（元）'], time: ['交易时间'], kind: ['交易类型'], payment: ['消费'], endsWith: /^(合计|总计)/ },
};

export type StatementLine = { row: number; ref: string; amountFen: number; at: string; isPayment: boolean };
export type StatementProblem = { row: number; message: string };
export type Statement = { channel: QrChannel; lines: StatementLine[]; problems: StatementProblem[] };

const clean = (cell: string | undefined): string => (cell ?? '').replace(/^\uFEFF/, '').replace(/^`/, '').trim();

/** The detail lines of a channel's statement; rows are 1-based as a spreadsheet shows them. */
export function readStatement(channel: QrChannel, rows: readonly (readonly string[])[]): Statement {
  const f = STATEMENT_FORMATS[channel];
  const headerAt = rows.findIndex((r) => r.some((c) => f.ref.includes(clean(c))));
  if (headerAt < 0) return { channel, lines: [], problems: [{ row: 0, message: STATEMENT_TEXT.noHeader(channel) }] };
  const header = (rows[headerAt] ?? []).map(clean);
  // The first name of the list that the header has: the format lists them by preference.
  const col = (names: readonly string[]) => names.map((n) => header.indexOf(n)).find((i) => i >= 0) ?? -1;
  const [ref, amount, time, kind] = [col(f.ref), col(f.amount), col(f.time), col(f.kind)];
  if (amount < 0) return { channel, lines: [], problems: [{ row: headerAt + 1, message: STATEMENT_TEXT.noColumn(f.amount[0] ?? '') }] };
  const lines: StatementLine[] = [];
  const problems: StatementProblem[] = [];
  for (let i = headerAt + 1; i < rows.length; i++) {
    const cells = (rows[i] ?? []).map(clean);
    if (cells.every((c) => c === '')) continue;
    if (f.endsWith.test(cells[0] ?? '')) break;
    const r = clean(cells[ref]);
    const yuan = parseYuan(clean(cells[amount]));
    if (r === '' || !yuan.ok) {
      problems.push({ row: i + 1, message: r === '' ? STATEMENT_TEXT.noRef : STATEMENT_TEXT.badAmount(cells[amount] ?? '') });
      continue;
    }
    lines.push({ row: i + 1, ref: r, amountFen: yuan.value, at: clean(cells[time]), isPayment: kind < 0 || f.payment.includes(clean(cells[kind])) });
  }
  return { channel, lines, problems };
}

/** A QR receipt as the office holds it. */
export type QrReceipt = { number: string; caseNumber: string | null; tripId: string; method: string; transactionRef: string | null; amountFen: number; voided: boolean };

export type StatementMatch = {
  matched: { ref: string; number: string; amountFen: number }[];
  amountDiffers: { ref: string; number: string; receiptFen: number; statementFen: number; row: number }[];
  missing: { ref: string | null; number: string; amountFen: number }[];
  unknown: { ref: string; amountFen: number; at: string; row: number; voidedReceipt: string | null }[];
  /** Payment lines that belong to receipts of other trips, and lines that are not payments (refunds…). */
  otherTrips: number;
  notPayments: number;
};

/**
 * Matches a statement against the trip's receipts of that channel: each payment line to the receipt with its
 * reference (matched, or amount differs), the trip's receipts with no line (missing on the statement), and lines
 * no receipt at the office names (unknown on the statement; one naming a voided receipt says so, the money is
 * then owed back). Lines of other trips' receipts are counted, not judged: the statement covers the account.
 */
export function matchStatement(s: Statement, tripId: string, receipts: readonly QrReceipt[]): StatementMatch {
  const byRef = new Map(receipts.filter((r) => r.transactionRef !== null).map((r) => [r.transactionRef as string, r]));
  const out: StatementMatch = { matched: [], amountDiffers: [], missing: [], unknown: [], otherTrips: 0, notPayments: 0 };
  const seen = new Set<string>();
  for (const line of s.lines) {
    if (!line.isPayment) {
      out.notPayments++;
      continue;
    }
    const r = byRef.get(line.ref);
    if (!r || r.voided) {
      out.unknown.push({ ref: line.ref, amountFen: line.amountFen, at: line.at, row: line.row, voidedReceipt: r ? r.number : null });
      continue;
    }
    seen.add(line.ref);
    if (r.tripId !== tripId) out.otherTrips++;
    else if (r.amountFen === line.amountFen) out.matched.push({ ref: line.ref, number: r.number, amountFen: r.amountFen });
    else out.amountDiffers.push({ ref: line.ref, number: r.number, receiptFen: r.amountFen, statementFen: line.amountFen, row: line.row });
  }
  for (const r of receipts) {
    if (r.tripId === tripId && r.method === s.channel && !r.voided && !(r.transactionRef !== null && seen.has(r.transactionRef))) {
      out.missing.push({ ref: r.transactionRef, number: r.number, amountFen: r.amountFen });
    }
  }
  return out;
}

export const STATEMENT_CHANNEL_TEXT: Record<QrChannel, string> = { wechat: '微信支付', alipay: '支付宝', unionpay: '云闪付（银联）' };

export const STATEMENT_TEXT = {
  noHeader: (c: QrChannel) => `文件中找不到${STATEMENT_CHANNEL_TEXT[c]}对账单的表头（应含“${STATEMENT_FORMATS[c].ref[0] ?? ''}”列）：请确认选择的支付渠道与文件一致，并上传渠道导出的原始 CSV 文件。`,
  noColumn: (name: string) => `对账单缺少“${name}”列：请上传渠道导出的原始 CSV 文件，不要删改列。`,
  noRef: '该行没有交易单号，未能核对',
  badAmount: (cell: string) => `金额“${cell}”不是有效的元金额，未能核对`,
  matched: (number: string) => `相符：票据 ${number}`,
  amountDiffers: (number: string, receipt: string, statement: string) => `金额不符：票据 ${number} 收费 ${receipt}，对账单 ${statement}。请核实实际收款，差额按财务规定处理。`,
  missing: (number: string) => `对账单上没有：票据 ${number} 记为扫码收款，但对账单上找不到其交易单号。请核对交易单号是否录错，或款项是否确已到账。`,
  unknown: (voidedReceipt: string | null) =>
    voidedReceipt ? `对账单有收款，但对应票据 ${voidedReceipt} 已作废：款项应退还申请人或补开票据。` : '对账单有收款，但没有任何票据记有此交易单号：请查明是哪笔收费，补录或退款。',
} as const;
