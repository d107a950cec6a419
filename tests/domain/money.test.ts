import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addFen, fen, formatYuan, formatYuanGrouped, formatYuanText, formatYuanWithSign, halveFen, parseYuan, toChineseUppercase, toFen } from '#domain/money.ts';

describe('amounts in fen', () => {
  it('accepts whole non-negative fen and refuses fractions, negatives and absurd sums', () => {
    expect(toFen(8000)).toEqual({ ok: true, value: 8000 });
    expect(toFen(80.5)).toEqual({ ok: false, error: 'not-integer' });
    expect(toFen(-1)).toEqual({ ok: false, error: 'negative' });
    expect(toFen(1e14)).toEqual({ ok: false, error: 'too-large' });
    expect(() => fen(0.1)).toThrow();
  });

  it('adds and halves exactly', () => {
    expect(addFen(fen(8000), fen(1000), fen(1000))).toBe(10000);
    expect(halveFen(fen(55000))).toBe(27500);
    expect(() => halveFen(fen(3))).toThrow();
  });
});

describe('yuan strings', () => {
  it.each([
    ['80', 8000], ['80.00', 8000], ['80.5', 8050], ['0.29', 29], ['1,080.00', 108000], ['￥550.00', 55000], [' 10 ', 1000], ['0', 0],
  ])('parses "%s" as %i fen without float error', (input, expected) => {
    expect(parseYuan(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'empty'], ['abc', 'format'], ['-5', 'format'], ['1.234', 'too-many-decimals'], ['1e3', 'format'], ['999999999999', 'too-large'],
  ])('refuses "%s" with %s', (input, error) => {
    expect(parseYuan(input)).toEqual({ ok: false, error });
  });

  it('formats fen as yuan with two decimals, and with the full-width sign for printing', () => {
    expect(formatYuan(fen(8000))).toBe('80.00');
    expect(formatYuan(fen(5))).toBe('0.05');
    expect(formatYuan(fen(123456789))).toBe('1234567.89');
    expect(formatYuanWithSign(fen(55000))).toBe('￥550.00');
  });

  it.each([
    [0, '0.00'], [8000, '80.00'], [99999, '999.99'], [100000, '1,000.00'], [123456789, '1,234,567.89'], [9_999_999_999_999, '99,999,999,999.99'],
  ])('groups %i fen by thousands for pages as %s, and reads it back', (amount, text) => {
    expect(formatYuanGrouped(fen(amount))).toBe(text);
    expect(parseYuan(text)).toEqual({ ok: true, value: amount });
  });

  it.each([
    [8000, '80.00 元'], [123456789, '1,234,567.89 元'], [-150, '-1.50 元'], [-100000, '-1,000.00 元'], [0, '0.00 元'],
  ])('says %i fen on a page as %s, a shortfall or refund with its sign', (amount, text) => {
    expect(formatYuanText(amount)).toBe(text);
  });

  it('refuses to say what is not a whole number of fen', () => {
    expect(() => formatYuanText(1.5)).toThrow();
  });
});

describe('人民币大写 (PBoC rules, 《支付结算办法》 annex)', () => {
  it.each([
    ['1409.50', '人民币壹仟肆佰零玖元伍角'],
    ['6007.14', '人民币陆仟零柒元壹角肆分'],
    ['1680.32', '人民币壹仟陆佰捌拾元叁角贰分'],
    ['107000.53', '人民币壹拾万零柒仟元伍角叁分'],
    ['16409.02', '人民币壹万陆仟肆佰零玖元零贰分'],
    ['325.04', '人民币叁佰贰拾伍元零肆分'],
    ['80.00', '人民币捌拾元整'],
    ['550.00', '人民币伍佰伍拾元整'],
    ['10.00', '人民币壹拾元整'],
    ['0', '人民币零元整'],
    ['0.05', '人民币伍分'],
    ['0.50', '人民币伍角'],
    ['1000000.01', '人民币壹佰万元零壹分'],
    ['100000000', '人民币壹亿元整'],
    ['100010000', '人民币壹亿零壹万元整'],
    ['20000000005', '人民币贰佰亿零伍元整'],
  ])('writes %s yuan as %s', (yuan, expected) => {
    const parsed = parseYuan(yuan);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(toChineseUppercase(parsed.value)).toBe(expected);
  });

  it('writes a single 零 for a zero group between non-zero groups (algorithm notes)', () => {
    expect(toChineseUppercase(fen(1000001 * 100))).toBe('人民币壹佰万零壹元整');
    expect(toChineseUppercase(fen(100000100 * 100))).toBe('人民币壹亿零壹佰元整');
    expect(toChineseUppercase(fen(100100000 * 100))).toBe('人民币壹亿零壹拾万元整');
    expect(toChineseUppercase(fen(100001000 * 100))).toBe('人民币壹亿零壹仟元整');
  });

  it('keeps 壹 before 拾 and never uses 一, 两 or 毛', () => {
    const text = toChineseUppercase(fen(1210));
    expect(text).toBe('人民币壹拾贰元壹角');
    expect(text).not.toMatch(/[一二两毛另]/);
  });
});

/** Reads an uppercase amount back into fen, independently of the writer, for the round-trip property. */
function readUppercase(text: string): number {
  const digit = (c: string) => '零壹贰叁肆伍陆柒捌玖'.indexOf(c);
  const body = text.replace(/^人民币/, '');
  const [intPart = '', decPart = ''] = body.includes('元') ? body.split('元') : ['', body];
  const readGroup = (s: string): number => {
    let total = 0;
    let pending = 0;
    for (const c of s) {
      const d = digit(c);
      if (d > 0) pending = d;
      else if (c === '仟') { total += pending * 1000; pending = 0; }
      else if (c === '佰') { total += pending * 100; pending = 0; }
      else if (c === '拾') { total += pending * 10; pending = 0; }
    }
    return total + pending;
  };
  let yuan = 0;
  let rest = intPart;
  for (const [unit, factor] of [['亿', 100_000_000], ['万', 10_000]] as const) {
    const i = rest.indexOf(unit);
    if (i >= 0) { yuan += readGroup(rest.slice(0, i)) * factor; rest = rest.slice(i + 1); }
  }
  yuan += readGroup(rest);
  const jiao = /(.)角/.exec(decPart);
  const cents = /(.)分/.exec(decPart);
  return yuan * 100 + (jiao ? digit(jiao[1] ?? '') * 10 : 0) + (cents ? digit(cents[1] ?? '') : 0);
}

describe('人民币大写 round trip (property)', () => {
  it('reads back to the same fen for any amount up to one hundred billion yuan, in the allowed characters only', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_000 }), (n) => {
        const text = toChineseUppercase(fen(n));
        expect(text).toMatch(/^人民币[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
        if (n > 0) expect(text).not.toMatch(/零零|零元|零万|零亿|万亿/); // 0 alone is 零元整
        expect(text.endsWith('分') || text.endsWith('角') || text.endsWith('整')).toBe(true);
        expect(readUppercase(text)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });
});
