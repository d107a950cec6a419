import { describe, expect, it } from 'vitest';
import { autoCheck, checkListingInput, decideVerification, endReasonFor, passes, type ListingFacts, type Verification, VERIFY_ITEMS } from '#domain/market/listing.ts';
import { AUTO_CHECK_TEXT } from '#domain/market/market-text.ts';
import { formatVerificationCode, makeVerificationCode, mod1110CheckDigit, parseVerificationCode } from '#domain/market/verification-code.ts';
import { buyerLi, buyerZhang, registeredFacts, UNIT_A } from './fixtures.ts';

const seller = { name: buyerZhang.name, idType: buyerZhang.idType, idNumber: buyerZhang.idNumber };
const coSeller = { name: buyerLi.name, idType: buyerLi.idType, idNumber: buyerLi.idNumber };
const facts = registeredFacts([buyerZhang.idNumber, buyerLi.idNumber], 8956);
const failed = (checks: ReturnType<typeof autoCheck>) => checks.filter((c) => !c.ok).map((c) => c.item);

describe('the automatic checks of a second-hand listing against the register', () => {
  it('pass when every holder sells the registered area of a free unit', () => {
    const checks = autoCheck([seller, coSeller], 8956, facts, null);
    expect(passes(checks)).toBe(true);
  });

  it('refuse a seized unit, with the reason and its law', () => {
    const seized = { ...facts, seizure: { court: '佳木斯市前进区人民法院', noticeNumber: '（2026）黑0804执55号' } };
    expect(failed(autoCheck([seller, coSeller], 8956, seized, null))).toEqual(['seizure']);
    expect(failed(autoCheck([seller, coSeller], 8956, { ...facts, waitingSeizures: 2 }, null))).toEqual(['seizure']);
    expect(AUTO_CHECK_TEXT.seizure.failed).toContain('第三十八条第（二）项');
  });

  it('refuse a seller who is not every holder, a filed or 预告 unit, another area, and an unregistered unit', () => {
    expect(failed(autoCheck([seller], 8956, facts, null))).toEqual(['holder']);
    expect(failed(autoCheck([seller, { ...coSeller, idNumber: '230822196201050832' }], 8956, facts, null))).toEqual(['holder']);
    expect(failed(autoCheck([seller, coSeller], 8956, facts, 'YS20260000001'))).toEqual(['filing']);
    expect(failed(autoCheck([seller, coSeller], 8956, { ...facts, contractNumber: 'YS20260000001' }, null))).toEqual(['filing']);
    expect(failed(autoCheck([seller, coSeller], 8956, { ...facts, advanceNotice: true }, null))).toEqual(['advance-notice']);
    expect(failed(autoCheck([seller, coSeller], 8957, facts, null))).toEqual(['area']);
    expect(failed(autoCheck([seller], 8956, null, null))).toEqual(['registered', 'holder', 'seizure', 'filing', 'advance-notice', 'area']);
  });

  it('match an ID number whatever the case of its X', () => {
    const x = registeredFacts(['11010519491231002X'], 5000);
    expect(passes(autoCheck([{ name: '王', idType: 'resident-id', idNumber: '11010519491231002x' }], 5000, x, null))).toBe(true);
  });
});

describe('the office verifying a listing item by item', () => {
  const v = (item: (typeof VERIFY_ITEMS)[number], ok = true, note = ''): Verification => ({ item, ok, note, staffId: 's1', at: '2026-06-01T02:00:00Z' });
  it('publishes only when every item is verified', () => {
    const done: Verification[] = [];
    for (const item of VERIFY_ITEMS.slice(0, -1)) {
      expect(decideVerification('verifying', done, v(item))).toEqual({ ok: true, next: 'verifying' });
      done.push(v(item));
    }
    expect(decideVerification('verifying', done, v('price'))).toEqual({ ok: true, next: 'published' });
  });
  it('rejects on the first failed item, which must say why', () => {
    expect(decideVerification('verifying', [], v('certificate', false, ''))).toEqual({ ok: false, error: 'note-missing' });
    expect(decideVerification('verifying', [], v('certificate', false, '证书原件与登记簿不符'))).toEqual({ ok: true, next: 'rejected' });
  });
  it('verifies an item once, and only while verifying', () => {
    expect(decideVerification('verifying', [v('identity')], v('identity'))).toEqual({ ok: false, error: 'already-verified' });
    expect(decideVerification('published', [], v('identity'))).toEqual({ ok: false, error: 'not-verifying' });
  });
});

describe('a live listing ending by itself', () => {
  const ids = [buyerZhang.idNumber, buyerLi.idNumber];
  it('ends when its unit is seized, filed, or its holders change (sold)', () => {
    expect(endReasonFor('second-hand', facts, null, ids)).toBeNull();
    expect(endReasonFor('second-hand', { ...facts, seizure: { court: '法院', noticeNumber: '1' } }, null, ids)).toBe('seized');
    expect(endReasonFor('new-home', null, 'YS20260000001', [])).toBe('filed');
    expect(endReasonFor('second-hand', registeredFacts(['230822196201050832'], 8956), null, ids)).toBe('sold');
    expect(endReasonFor('new-home', null, null, [])).toBeNull();
  });
});

describe('the listing as submitted', () => {
  const f: ListingFacts = { unitNumber: UNIT_A, districtCode: '230803', place: '江景华府 1号楼', areaDm2: 8956, priceFen: 58_000_000, use: 'residential', rooms: 3, halls: 2, floor: 5, totalFloors: 18, description: '南北通透' };
  it('needs sellers, a price, an area, a layout and a floor within the building', () => {
    expect(checkListingInput(f, [seller], '2026-06-01')).toEqual([]);
    expect(checkListingInput({ ...f, floor: 19, priceFen: 0 }, [], '2026-06-01').map((p) => p.code)).toEqual(['no-sellers', 'price', 'floor']);
    expect(checkListingInput(f, [{ ...seller, idNumber: '230804197803120415' }], '2026-06-01')).toEqual([{ code: 'seller-id', index: 0, detail: 'check-digit' }]);
  });
});

describe('the verification code (ISO/IEC 7064 MOD 11,10)', () => {
  it('computes the check digit of the standard\'s worked example', () => {
    // ISO/IEC 7064 MOD 11,10 on "0794": the check digit is 5 (the example used for German 11-digit ids).
    expect(mod1110CheckDigit('0794')).toBe('5');
  });
  it('makes a 12-digit code, prints it in fours, and reads it back', () => {
    const code = makeVerificationCode('20260601001');
    expect(code).toHaveLength(12);
    expect(formatVerificationCode(code)).toMatch(/^\d{4} \d{4} \d{4}$/);
    expect(parseVerificationCode(formatVerificationCode(code))).toEqual({ ok: true, code });
  });
  it('tells a mistyped digit or two swapped neighbours from a real code', () => {
    const code = makeVerificationCode('20260601001');
    const oneOff = code.slice(0, 3) + String((Number(code[3]) + 1) % 10) + code.slice(4);
    expect(parseVerificationCode(oneOff)).toEqual({ ok: false, error: 'check-digit' });
    const swapped = code.slice(0, 1) + code[2] + code[1] + code.slice(3);
    expect(parseVerificationCode(swapped)).toEqual({ ok: false, error: 'check-digit' });
    expect(parseVerificationCode('12ab')).toEqual({ ok: false, error: 'format' });
    expect(parseVerificationCode(' ')).toEqual({ ok: false, error: 'empty' });
  });
});
