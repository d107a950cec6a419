import { describe, expect, it } from 'vitest';
import { areaOfId, areaOfReceiptNumber, areaReceiptBlock, certificateId, officeEventId, officeEventIdsFor, officeId, tripId } from '#domain/city/office-ids.ts';
import { nextGrant, nextGrantedNumber } from '#domain/receipts/grants.ts';
import { accountFor, blocksOverlap, checkBlock, counterOf } from '#domain/receipts/number-block.ts';

const BLOCK = { prefix: 'A', first: 1, last: 200, width: 10 };

describe('office ids with the area code', () => {
  it('puts the county’s or the city’s code into every kind, and leaves an office without one as before', () => {
    expect(officeId('230822', 'staff', 'u1')).toBe('staff-230822-u1');
    expect(officeId('230800', 'filing', 'u1')).toBe('filing-230800-u1');
    expect(officeId(null, 'filing', 'u1')).toBe('filing-u1');
    expect(tripId('230826', '2026-12-05', 'ab12cd34')).toBe('trip-230826-2026-12-05-ab12cd34');
    expect(officeEventId('230822', 17)).toBe('office-230822-17');
    expect(officeEventId(null, 17)).toBe('office-17');
    expect(certificateId('230881', 'CX', '2026-12-05', '9F3A01BC')).toBe('CX230881-20261205-9F3A01BC');
    expect(certificateId(null, 'YW', '2026-12-05', '9F3A01BC')).toBe('YW20261205-9F3A01BC');
  });

  it('reads the office back from an id of either form', () => {
    expect(areaOfId('office-230822-17')).toBe('230822');
    expect(areaOfId('dev-230800-x')).toBe('230800');
    expect(areaOfId('office-17')).toBeNull();
    expect(areaOfId('dev-123456-x')).toBeNull();
    // A chain that ran on through the day the office got its code finds the older predecessor too.
    expect(officeEventIdsFor('230822', 4)).toEqual(['office-230822-4', 'office-4']);
    expect(officeEventIdsFor(null, 4)).toEqual(['office-4']);
  });
});

describe('receipt blocks with the area code', () => {
  const a = areaReceiptBlock('230822', BLOCK);
  const b = areaReceiptBlock('230826', BLOCK);

  it('prefixes the block, not the counters, so the number stays readable and the block checks as before', () => {
    if (!a.ok || !b.ok) throw new Error('refused');
    expect(a.value).toEqual({ ...BLOCK, prefix: '230822-A' });
    expect(checkBlock(a.value).ok).toBe(true);
    const first = nextGrantedNumber(a.value, [{ first: 1, last: 50 }], []);
    expect(first).toEqual({ ok: true, value: '230822-A0000000001' });
    expect(counterOf(a.value, '230822-A0000000001')).toBe(1);
    expect(areaOfReceiptNumber('230822-A0000000001')).toBe('230822');
    expect(areaOfReceiptNumber('A0000000001')).toBeNull();
    // The same range in two counties: two blocks that cannot print one number.
    expect(blocksOverlap(a.value, b.value)).toBe(false);
    expect(counterOf(b.value, '230822-A0000000001')).toBeNull();
  });

  it('keeps grants and reconciliation working on counters', () => {
    if (!a.ok) throw new Error('refused');
    const grant = nextGrant(a.value, [{ first: 1, last: 50 }]);
    expect(grant).toEqual({ ok: true, value: { first: 51, last: 100 } });
    const receipts = [{ id: 'r1', number: '230822-A0000000001' }, { id: 'r2', number: '230822-A0000000001' }, { id: 'r3', number: 'A0000000002' }];
    const account = accountFor({ ...a.value, last: 3 }, receipts, new Set(), ['230822-A0000000003'], null);
    expect(account).toMatchObject({ total: 3, issued: ['230822-A0000000001'], unused: ['230822-A0000000003'], missing: ['230822-A0000000002'] });
    expect(account.duplicates).toEqual([{ number: '230822-A0000000001', receiptIds: ['r1', 'r2'] }]);
    expect(account.outsideBlock).toEqual([{ number: 'A0000000002', receiptId: 'r3' }]);
  });

  it('leaves a block already carrying the code, and one of an office without a code, as it is', () => {
    expect(areaReceiptBlock('230822', { ...BLOCK, prefix: '230822-A' })).toEqual({ ok: true, value: { ...BLOCK, prefix: '230822-A' } });
    expect(areaReceiptBlock(null, BLOCK)).toEqual({ ok: true, value: BLOCK });
    expect(areaReceiptBlock('230800', { ...BLOCK, prefix: '' })).toEqual({ ok: true, value: { ...BLOCK, prefix: '230800-' } });
  });

  it('refuses a prefix the code would make too long for the trip document', () => {
    expect(areaReceiptBlock('230822', { ...BLOCK, prefix: 'ABCDEFGHIJKLM' }).ok).toBe(true);
    expect(areaReceiptBlock('230822', { ...BLOCK, prefix: 'ABCDEFGHIJKLMN' })).toEqual({ ok: false, error: 'prefix-too-long' });
  });
});
