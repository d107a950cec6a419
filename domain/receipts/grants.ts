import { type Result, err, ok } from '#domain/result.ts';
import { type NumberBlock, counterOf, formatNumber } from './number-block.ts';

/**
 * The part of a trip's receipt block one device may print from. Two laptops of one van work offline at the
 * same time, so they cannot share the trip's block: the office grants each device its own run of the block
 * (as fiscal printers and POS terminals get their own number ranges, and 预留证号 reserves certificate
 * numbers per workstation), and grants another run when the device asks for more while online. A number
 * is printed only by the device it was granted to, so no two receipts of a trip can carry the same number.
 * `first` and `last` are counters of the block (both inclusive).
 */
export type Grant = { first: number; last: number };

/** How many numbers one grant holds: a day's work for one device, leaving most of a 200-number block for the others. */
export const GRANT_SIZE = 50;

export type GrantError = 'block-used-up';

export const GRANT_ERROR_TEXT: Record<GrantError, string> = {
  'block-used-up': '本次出车的票据号段已全部分配给各台设备，请办公室为本车另开一次出车任务和号段',
};

/**
 * The run to grant next: the lowest counters of the block that no device holds and no receipt carries yet
 * (`used`: numbers printed before the office granted runs, by a van of an older version), at most `size`
 * of them in a row. Grants are never returned or moved, so the answer depends only on the block, the
 * grants made before and the numbers used.
 */
export function nextGrant(block: NumberBlock, granted: readonly Grant[], size = GRANT_SIZE, used: Iterable<string> = []): Result<Grant, GrantError> {
  const usedCounters = new Set<number>();
  for (const number of used) {
    const n = counterOf(block, number);
    if (n !== null) usedCounters.add(n);
  }
  const taken = (n: number) => usedCounters.has(n) || inGrant(granted, n);
  let first = block.first;
  while (first <= block.last && taken(first)) first += 1;
  if (first > block.last) return err('block-used-up');
  let last = first;
  while (last < block.last && last - first + 1 < Math.max(1, size) && !taken(last + 1)) last += 1;
  return ok({ first, last });
}

const inGrant = (grants: readonly Grant[], counter: number) => grants.some((g) => counter >= g.first && counter <= g.last);

/** Whether `number` is one of the block's numbers in one of these grants. */
export function isGranted(block: NumberBlock, grants: readonly Grant[], number: string): boolean {
  const n = counterOf(block, number);
  return n !== null && inGrant(grants, n);
}

/**
 * The next number this device prints: one above the highest number it has used (issued or voided) within
 * its grants, moving on to its next grant when one is used up. Gaps below are never filled, as in the
 * block (a voided number is never reused).
 */
export function nextGrantedNumber(block: NumberBlock, grants: readonly Grant[], used: Iterable<string>): Result<string, 'no-grant' | 'exhausted'> {
  if (grants.length === 0) return err('no-grant');
  let highest = 0;
  for (const number of used) {
    const n = counterOf(block, number);
    if (n !== null && inGrant(grants, n) && n > highest) highest = n;
  }
  for (const g of [...grants].sort((a, b) => a.first - b.first)) {
    if (highest < g.first) return ok(formatNumber(block, g.first));
    if (highest < g.last) return ok(formatNumber(block, highest + 1));
  }
  return err('exhausted');
}

/** How many numbers the device can still print from its grants. */
export function remainingGranted(block: NumberBlock, grants: readonly Grant[], used: Iterable<string>): number {
  const next = nextGrantedNumber(block, grants, used);
  if (!next.ok) return 0;
  const from = counterOf(block, next.value) ?? 0;
  return grants.reduce((sum, g) => sum + Math.max(0, g.last - Math.max(g.first, from) + 1), 0);
}
