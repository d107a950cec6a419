import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressSortKey, chineseNumber, compareAddresses } from '#domain/register/address-order.ts';

const sorted = (xs: readonly string[]): string[] => [...xs].sort(compareAddresses);

describe('the order addresses are read in', () => {
  it('compares the house numbers as numbers: 3号 before 39号 before 100号', () => {
    expect(sorted(['长安路39号', '长安路100号', '长安路3号'])).toEqual(['长安路3号', '长安路39号', '长安路100号']);
  });

  it('compares every number inside the address: building, 单元, floor and room', () => {
    const p = '佳木斯市向阳区长安路88号幸福家园';
    expect(sorted([`${p}3栋10单元201室`, `${p}12栋1单元101室`, `${p}3栋2单元1001室`, `${p}3栋2单元201室`, `${p}3栋2单元12楼`, `${p}3栋2单元2楼`])).toEqual([
      `${p}3栋2单元2楼`,
      `${p}3栋2单元12楼`,
      `${p}3栋2单元201室`,
      `${p}3栋2单元1001室`,
      `${p}3栋10单元201室`,
      `${p}12栋1单元101室`,
    ]);
  });

  it('keeps text order between different words, and a shorter address before its own continuation', () => {
    expect(sorted(['长安路3号2单元', '长安路3号', '中山路1号'])).toEqual(['中山路1号', '长安路3号', '长安路3号2单元']);
    expect(compareAddresses('长安路3号', '长安路3号2单元')).toBeLessThan(0);
  });

  it('reads full-width digits typed by a Chinese input method as the same numbers', () => {
    expect(sorted(['长安路３９号', '长安路4号'])).toEqual(['长安路4号', '长安路３９号']);
  });

  it('reads a number written in Chinese before what it numbers as that number: 二单元 before 十单元, 三〇一室 after 二〇一室', () => {
    const p = '佳木斯市前进区光复路';
    expect(sorted([`${p}十二栋`, `${p}二栋`, `${p}五栋`, `${p}十栋`, `${p}一栋`])).toEqual([`${p}一栋`, `${p}二栋`, `${p}五栋`, `${p}十栋`, `${p}十二栋`]);
    expect(sorted([`${p}3栋十单元`, `${p}3栋二单元三〇一室`, `${p}3栋二单元二〇一室`])).toEqual([`${p}3栋二单元二〇一室`, `${p}3栋二单元三〇一室`, `${p}3栋十单元`]);
    // Written either way, the same number sits in the same place.
    expect(sorted([`${p}12号`, `${p}十一号`, `${p}10号`])).toEqual([`${p}10号`, `${p}十一号`, `${p}12号`]);
  });

  it('leaves a name that holds a numeral alone: 三江路 and 七星街 are no numbers', () => {
    expect(sorted(['七星街1号', '三江路1号'])).toEqual(['七星街1号', '三江路1号']);
  });

  it('writes Chinese numbers as digits, and refuses what is no number', () => {
    expect(['十', '十二', '二十', '二十五', '一百零五', '一百一十', '两千零三', '三〇一', '一二', '九百九十九'].map(chineseNumber)).toEqual(['10', '12', '20', '25', '105', '110', '2003', '301', '12', '999']);
    expect(['十十', '百十百', '二三十'].map(chineseNumber)).toEqual([null, null, null]);
  });

  it('is a total order: leading zeros fall back to text order, equal addresses compare equal', () => {
    expect(compareAddresses('长安路03号', '长安路3号')).not.toBe(0);
    expect(Math.sign(compareAddresses('长安路03号', '长安路3号'))).toBe(-Math.sign(compareAddresses('长安路3号', '长安路03号')));
    expect(compareAddresses('长安路3号', '长安路3号')).toBe(0);
    expect(compareAddresses('长安路三号', '长安路3号')).not.toBe(0);
    expect(Math.sign(compareAddresses('长安路三号', '长安路3号'))).toBe(-Math.sign(compareAddresses('长安路3号', '长安路三号')));
  });

  it('compares numbers longer than a JavaScript number holds exactly', () => {
    expect(compareAddresses('地块12345678901234567891号', '地块12345678901234567890号')).toBeGreaterThan(0);
  });
});

describe('the stored sort key of an address', () => {
  // Code point order, as the office's databases compare text (PostgreSQL's C collation, SQLite's BINARY).
  const byCodePoint = (a: string, b: string): number => {
    const x = [...a].map((c) => c.codePointAt(0) ?? 0);
    const y = [...b].map((c) => c.codePointAt(0) ?? 0);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
    return x.length - y.length;
  };
  const sign = (n: number): number => Math.sign(n);
  const piece = fc.constantFrom('0', '1', '2', '3', '9', '03', '10', '39', '100', '123456789', '1234567890', '３', '９', '二', '十二', '三〇一', '号', '单元', '栋', '室', '路', '三江路', '长安', '-', ' ', 'A', '(', '之');
  const address = fc.array(piece, { maxLength: 8 }).map((xs) => xs.join(''));

  it('orders as the addresses are read, for any two addresses', () => {
    fc.assert(
      fc.property(address, address, (a, b) => sign(byCodePoint(addressSortKey(a), addressSortKey(b))) === sign(compareAddresses(a, b))),
      { numRuns: 5000 },
    );
  });

  it('sorts the examples above the same way', () => {
    const p = '佳木斯市向阳区长安路88号幸福家园';
    const xs = [`${p}3栋10单元201室`, `${p}12栋1单元101室`, `${p}3栋2单元1001室`, `${p}3栋2单元201室`, '长安路３９号', '长安路4号', '长安路3号', '长安路3号2单元', '三江路1号', '二单元'];
    expect([...xs].sort((a, b) => byCodePoint(addressSortKey(a), addressSortKey(b)))).toEqual(sorted(xs));
  });
});
