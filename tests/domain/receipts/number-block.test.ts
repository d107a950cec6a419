import { describe, expect, it } from 'vitest';
import { accountFor, blockNumbers, blocksOverlap, checkBlock, counterOf, nextNumber, receiptInBlock, remainingNumbers, type NumberBlock } from '#domain/receipts/number-block.ts';

const block: NumberBlock = { prefix: '', first: 2300001001, last: 2300001005, width: 10, code: '23010126' };
const demo: NumberBlock = { prefix: 'JMS2026-', first: 1001, last: 1200, width: 6 };

describe('a receipt number block', () => {
  it('lists its 10-digit numbers in order and knows which numbers are its own', () => {
    expect(blockNumbers(block)).toEqual(['2300001001', '2300001002', '2300001003', '2300001004', '2300001005']);
    expect(receiptInBlock('JMS2026-001001', demo)).toBe(true);
    expect(receiptInBlock('JMS2026-1001', demo)).toBe(false); // wrong width
    expect(receiptInBlock('JMS2026-001201', demo)).toBe(false); // past the end
    expect(receiptInBlock('XXX2026-001001', demo)).toBe(false);
    expect(counterOf(demo, 'JMS2026-001200')).toBe(1200);
  });

  it('refuses a block whose end is before its start, too wide for its width, or with a bad 票据代码', () => {
    expect(checkBlock(block)).toEqual({ ok: true, value: block });
    expect(checkBlock({ ...block, last: 2300001000 })).toEqual({ ok: false, error: 'first-after-last' });
    expect(checkBlock({ ...demo, width: 3 })).toEqual({ ok: false, error: 'too-wide' });
    expect(checkBlock({ ...block, code: '2301' })).toEqual({ ok: false, error: 'bad-code' });
    expect(checkBlock({ ...demo, width: 7, last: 1_000_000 })).toEqual({ ok: false, error: 'too-large' });
  });

  it('hands out the first number, then always the one above the highest used, never refilling a voided gap', () => {
    expect(nextNumber(block, [])).toEqual({ ok: true, value: '2300001001' });
    expect(nextNumber(block, ['2300001001', '2300001003'])).toEqual({ ok: true, value: '2300001004' });
    expect(nextNumber(block, ['9999999999'])).toEqual({ ok: true, value: '2300001001' }); // a foreign number does not move it
    expect(remainingNumbers(block, ['2300001001', '2300001003'])).toBe(2);
  });

  it('is exhausted once its last number is used', () => {
    expect(nextNumber(block, ['2300001005'])).toEqual({ ok: false, error: 'exhausted' });
    expect(remainingNumbers(block, ['2300001005'])).toBe(0);
  });
});

describe('accounting for every number of a block after a trip', () => {
  it('puts each number in exactly one place: issued, voided, declared unused or missing', () => {
    const receipts = [
      { id: 'r1', number: '2300001001' },
      { id: 'r2', number: '2300001002' },
      { id: 'r3', number: '2300001003' },
    ];
    const account = accountFor(block, receipts, new Set(['r2']), ['2300001005']);
    expect(account).toEqual({
      total: 5,
      issued: ['2300001001', '2300001003'],
      voided: ['2300001002'],
      unused: ['2300001005'],
      notGranted: [],
      missing: ['2300001004'],
      duplicates: [],
      outsideBlock: [],
    });
  });

  it('counts numbers the office never granted to a device as not granted, not missing', () => {
    const receipts = [{ id: 'r1', number: '2300001001' }];
    const account = accountFor(block, receipts, new Set(), [], [{ first: 2300001001, last: 2300001002 }]);
    expect(account.missing).toEqual(['2300001002']);
    expect(account.notGranted).toEqual(['2300001003', '2300001004', '2300001005']);
  });

  it('reports a number printed on two receipts and a receipt from outside the block', () => {
    const receipts = [
      { id: 'r1', number: '2300001001' },
      { id: 'r9', number: '2300001001' },
      { id: 'rx', number: '2300009999' },
    ];
    const account = accountFor(block, receipts, new Set(), ['2300001002', '2300001003', '2300001004', '2300001005']);
    expect(account.duplicates).toEqual([{ number: '2300001001', receiptIds: ['r1', 'r9'] }]);
    expect(account.outsideBlock).toEqual([{ number: '2300009999', receiptId: 'rx' }]);
    expect(account.issued).toEqual(['2300001001']);
    expect(account.missing).toEqual([]);
  });

  it('treats every receipt as outside when the trip had no block', () => {
    expect(accountFor(null, [{ id: 'r1', number: '1' }], new Set(), [])).toMatchObject({ total: 0, outsideBlock: [{ number: '1', receiptId: 'r1' }] });
  });
});

describe('two receipt blocks', () => {
  it('overlap when they share a prefix and at least one number, touching ends included', () => {
    expect(blocksOverlap(demo, { prefix: 'JMS2026-', first: 1200, last: 1300 })).toBe(true);
    expect(blocksOverlap(demo, { prefix: 'JMS2026-', first: 900, last: 1001 })).toBe(true);
    expect(blocksOverlap(demo, { prefix: 'JMS2026-', first: 1050, last: 1060 })).toBe(true);
  });

  it('do not overlap when one ends before the other starts, or their prefixes differ', () => {
    expect(blocksOverlap(demo, { prefix: 'JMS2026-', first: 1201, last: 1300 })).toBe(false);
    expect(blocksOverlap(demo, { prefix: 'JMS2027-', first: 1001, last: 1200 })).toBe(false);
  });
});
