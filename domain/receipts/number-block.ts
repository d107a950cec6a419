import { type ReceiptNumberAccount } from '#domain/reconciliation/receipt-numbers.ts';
import { type Result, err, ok } from '#domain/result.ts';

/**
 * A block of receipt numbers the office allocates to one trip (docs/receipt-numbers.md): the van never draws from a
 * shared sequence, so offline numbering cannot collide. A number is `prefix` + the counter zero-padded to `width`
 * (10 digits for a 财政电子票据 号码). `code` is the 票据代码 printed beside the number, when the block has one.
 * Same shape as the trips document's `receiptBlock`.
 */
export type NumberBlock = { prefix: string; first: number; last: number; width: number; code?: string };

export type BlockError = 'first-after-last' | 'not-positive' | 'too-wide' | 'too-large' | 'bad-prefix' | 'bad-code';

export const BLOCK_ERROR_TEXT: Record<BlockError, string> = {
  'first-after-last': '号段的终止号小于起始号',
  'not-positive': '号段的号码须为正整数',
  'too-wide': '号码位数不足以容纳终止号',
  'too-large': `一个号段最多 ${100_000} 个号码`,
  'bad-prefix': '号段前缀只能包含字母、数字和“-”，最多20个字符',
  'bad-code': '票据代码应为8位数字',
};

export const MAX_BLOCK_SIZE = 100_000;

/** Checks a block before it is allocated or used. */
export function checkBlock(block: NumberBlock): Result<NumberBlock, BlockError> {
  if (!Number.isSafeInteger(block.first) || !Number.isSafeInteger(block.last) || block.first < 1) return err('not-positive');
  if (block.last < block.first) return err('first-after-last');
  if (!Number.isInteger(block.width) || block.width < 1 || block.width > 12 || String(block.last).length > block.width) return err('too-wide');
  if (block.last - block.first + 1 > MAX_BLOCK_SIZE) return err('too-large');
  if (!/^[A-Za-z0-9-]{0,20}$/.test(block.prefix)) return err('bad-prefix');
  if (block.code !== undefined && !/^\d{8}$/.test(block.code)) return err('bad-code');
  return ok(block);
}

export function blockSize(block: NumberBlock): number {
  return Math.max(0, block.last - block.first + 1);
}

export function formatNumber(block: NumberBlock, counter: number): string {
  return `${block.prefix}${String(counter).padStart(block.width, '0')}`;
}

/** The counter of a number of this block, or null when the number is not one of the block's. */
export function counterOf(block: NumberBlock, number: string): number | null {
  if (!number.startsWith(block.prefix)) return null;
  const digits = number.slice(block.prefix.length);
  if (digits.length !== block.width || !/^\d+$/.test(digits)) return null;
  const n = Number(digits);
  return n >= block.first && n <= block.last ? n : null;
}

/**
 * Whether two blocks could hand out the same number: same prefix and intersecting ranges. A block is
 * allocated only when it overlaps no block already allocated, so no two trips ever print one number.
 */
export function blocksOverlap(a: Pick<NumberBlock, 'prefix' | 'first' | 'last'>, b: Pick<NumberBlock, 'prefix' | 'first' | 'last'>): boolean {
  return a.prefix === b.prefix && a.first <= b.last && b.first <= a.last;
}

export function receiptInBlock(number: string, block: NumberBlock): boolean {
  return counterOf(block, number) !== null;
}

/** Every number of the block, in order. */
export function blockNumbers(block: NumberBlock): string[] {
  const out: string[] = [];
  for (let n = block.first; n <= block.last; n += 1) out.push(formatNumber(block, n));
  return out;
}

/**
 * The next number to print: one above the highest number used so far (issued or voided). Receipts are printed
 * in number order, and a voided number is never reused, so gaps below are never filled.
 */
export function nextNumber(block: NumberBlock, used: Iterable<string>): Result<string, 'exhausted'> {
  let highest = block.first - 1;
  for (const number of used) {
    const n = counterOf(block, number);
    if (n !== null && n > highest) highest = n;
  }
  return highest >= block.last ? err('exhausted') : ok(formatNumber(block, highest + 1));
}

/** How many numbers are left above the highest used one (what the van can still print). */
export function remainingNumbers(block: NumberBlock, used: Iterable<string>): number {
  const next = nextNumber(block, used);
  if (!next.ok) return 0;
  return block.last - (counterOf(block, next.value) ?? block.last) + 1;
}

export type AccountedReceipt = { id: string; number: string };

/**
 * Where every number of the block went, for the trip reconciliation: issued, voided, declared unused when the van
 * hands back the rest of the block, never granted to any device (so never printable), or missing; plus numbers
 * printed on two receipts and receipts whose number is not in the block. `voidedReceiptIds` are the ids of
 * receipts voided by a 作废 event. `granted` are the runs the office granted to the trip's devices
 * (domain/receipts/grants.ts); null for a trip from before grants, whose whole block was open to its van.
 */
export function accountFor(
  block: NumberBlock | null,
  receipts: readonly AccountedReceipt[],
  voidedReceiptIds: ReadonlySet<string>,
  declaredUnused: readonly string[],
  granted: readonly { first: number; last: number }[] | null = null,
): ReceiptNumberAccount {
  const byNumber = new Map<string, string[]>();
  const outsideBlock: { number: string; receiptId: string }[] = [];
  for (const r of receipts) {
    if (!block || !receiptInBlock(r.number, block)) {
      outsideBlock.push({ number: r.number, receiptId: r.id });
      continue;
    }
    byNumber.set(r.number, [...(byNumber.get(r.number) ?? []), r.id]);
  }
  const numbers = block ? blockNumbers(block) : [];
  const issued: string[] = [];
  const voided: string[] = [];
  const unusedSet = new Set(declaredUnused);
  const unused: string[] = [];
  const notGranted: string[] = [];
  const missing: string[] = [];
  const duplicates: { number: string; receiptIds: string[] }[] = [];
  const isGranted = (number: string) => {
    const n = block ? counterOf(block, number) : null;
    return granted === null || (n !== null && granted.some((g) => n >= g.first && n <= g.last));
  };
  for (const number of numbers) {
    const ids = byNumber.get(number);
    if (ids === undefined) {
      (unusedSet.has(number) ? unused : isGranted(number) ? missing : notGranted).push(number);
      continue;
    }
    if (ids.length > 1) duplicates.push({ number, receiptIds: ids });
    // A number counts as issued while any receipt carrying it stands; voided only when all were voided.
    (ids.every((id) => voidedReceiptIds.has(id)) ? voided : issued).push(number);
  }
  return { total: numbers.length, issued, voided, unused, notGranted, missing, duplicates, outsideBlock };
}
