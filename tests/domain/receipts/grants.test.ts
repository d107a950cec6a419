import { describe, expect, it } from 'vitest';
import { isGranted, nextGrant, nextGrantedNumber, remainingGranted } from '#domain/receipts/grants.ts';

const block = { prefix: 'JMS2026-', first: 1001, last: 1200, width: 6 };
const n = (c: number) => `JMS2026-${String(c).padStart(6, '0')}`;

describe('granting each device of a van its own run of the trip block', () => {
  it('grants the lowest free run of 50, so two devices never share a number', () => {
    const first = nextGrant(block, []);
    expect(first).toEqual({ ok: true, value: { first: 1001, last: 1050 } });
    const second = nextGrant(block, [{ first: 1001, last: 1050 }]);
    expect(second).toEqual({ ok: true, value: { first: 1051, last: 1100 } });
  });

  it('fills a hole between grants without crossing into the next grant', () => {
    expect(nextGrant(block, [{ first: 1001, last: 1010 }, { first: 1031, last: 1080 }])).toEqual({ ok: true, value: { first: 1011, last: 1030 } });
  });

  it('leaves out numbers a van printed before runs were granted', () => {
    expect(nextGrant(block, [], 50, [n(1001), n(1002), n(1004)])).toEqual({ ok: true, value: { first: 1003, last: 1003 } });
    expect(nextGrant(block, [{ first: 1003, last: 1003 }], 50, [n(1001), n(1002), n(1004)])).toEqual({ ok: true, value: { first: 1005, last: 1054 } });
  });

  it('gives the end of the block, then says the block is used up', () => {
    expect(nextGrant(block, [{ first: 1001, last: 1180 }])).toEqual({ ok: true, value: { first: 1181, last: 1200 } });
    expect(nextGrant(block, [{ first: 1001, last: 1200 }])).toEqual({ ok: false, error: 'block-used-up' });
  });
});

describe('the next number a device prints', () => {
  const grants = [{ first: 1051, last: 1053 }, { first: 1101, last: 1102 }];

  it('cannot print without a grant', () => {
    expect(nextGrantedNumber(block, [], [])).toEqual({ ok: false, error: 'no-grant' });
  });

  it('counts up within its own grant and ignores numbers of other devices', () => {
    expect(nextGrantedNumber(block, grants, [])).toEqual({ ok: true, value: n(1051) });
    expect(nextGrantedNumber(block, grants, [n(1001), n(1002), n(1051)])).toEqual({ ok: true, value: n(1052) });
  });

  it('moves to its next grant when one is used up, and is exhausted after the last', () => {
    expect(nextGrantedNumber(block, grants, [n(1051), n(1052), n(1053)])).toEqual({ ok: true, value: n(1101) });
    expect(nextGrantedNumber(block, grants, [n(1053), n(1102)])).toEqual({ ok: false, error: 'exhausted' });
  });

  it('knows which numbers are the device’s own', () => {
    expect(isGranted(block, grants, n(1051))).toBe(true);
    expect(isGranted(block, grants, n(1054))).toBe(false);
    expect(isGranted(block, [], n(1051))).toBe(false);
  });

  it('never fills a gap below the highest number used (a voided number stays used)', () => {
    expect(nextGrantedNumber(block, grants, [n(1053)])).toEqual({ ok: true, value: n(1101) });
    expect(remainingGranted(block, grants, [n(1053)])).toBe(2);
    expect(remainingGranted(block, grants, [])).toBe(5);
  });
});
