/*
 * The one place the sync layer takes its business rules from: re-exports of domain/, plus the receipt-block
 * check, which stays here only until domain/receipts/number-block.ts lands (then it becomes a re-export too).
 */
import { type ReceiptBlock } from '#protocol/documents/office.ts';

export { hashEvent, sealEvent, verifyChain, CHAIN_BREAK_TEXT } from '#domain/case/hash-chain.ts';
export { mayAuthor, isCaseEventKind } from '#domain/case/events.ts';

export function receiptInBlock(number: string, block: ReceiptBlock): boolean {
  if (!number.startsWith(block.prefix)) return false;
  const digits = number.slice(block.prefix.length);
  if (digits.length !== block.width || !/^\d+$/.test(digits)) return false;
  const n = Number(digits);
  return n >= block.first && n <= block.last;
}

export function formatReceiptNumber(block: ReceiptBlock, n: number): string {
  return `${block.prefix}${String(n).padStart(block.width, '0')}`;
}
