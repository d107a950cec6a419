/*
 * TEMPORARY until domain/case/events.ts and domain/receipts/number-block.ts land: the only place the
 * sync layer takes business rules from. Replace the bodies below by re-exports from domain/.
 */
import { canonicalJson } from '#protocol/canonical-json.ts';
import { type ReceiptBlock } from '#protocol/documents/office.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';

const VAN_KINDS = new Set(['accepted', 'material-received', 'correction-notice', 'fee-charged', 'voided', 'withdrawn', 'receipt-voided']);

export function authorSide(kind: string): 'van' | 'office' | 'unknown' {
  return VAN_KINDS.has(kind) ? 'van' : 'office';
}

export async function hashEvent(event: Omit<CaseEventDoc, 'hash' | '_deleted'>): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(event));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

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
