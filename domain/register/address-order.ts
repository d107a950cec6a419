/**
 * The order a person reads addresses in: the numbers inside an address compare as numbers, so 长安路3号 comes
 * before 长安路39号, 2单元 before 10单元, 2楼 before 12楼 and 201室 before 1001室; the text between them compares
 * character by character (by code point, as the office's databases order text). Full-width digits (３９号, typed by a
 * Chinese input method) count as the digits they are, and so does a number written in Chinese before what it numbers
 * (二单元, 十二栋, 三〇一室: by code point 二 sorts after 五 and 十 after both). Two addresses that differ only in how
 * a number is written (03号, 3号, 三号) fall back to plain text order, so the order is total and the same on every run.
 * This is the order stated as a comparison; the register sorts by `addressSortKey`, which is tested against it.
 */
export function compareAddresses(a: string, b: string): number {
  const x = chunks(a);
  const y = chunks(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareChunks(x[i] ?? '', y[i] ?? '');
    if (c !== 0) return c;
  }
  if (x.length !== y.length) return x.length - y.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const FULL_WIDTH_ZERO = 0xff10;
const halfWidthDigits = (s: string): string => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - FULL_WIDTH_ZERO + 0x30));

const CHINESE_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CHINESE_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * A number written in Chinese as digits: 十二 → 12, 一百零五 → 105, 三〇一 → 301 (a room read digit by digit), or null
 * for a run that is no number (十十).
 */
export function chineseNumber(run: string): string | null {
  const chars = [...run];
  if (chars.every((c) => c in CHINESE_DIGITS)) return chars.map((c) => String(CHINESE_DIGITS[c])).join('');
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  for (const c of chars) {
    const unit = CHINESE_UNITS[c];
    if (unit !== undefined) {
      if (unit >= lastUnit) return null;
      // 十二: a leading 十 is one ten.
      total += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
    } else {
      const d = CHINESE_DIGITS[c];
      if (d === undefined || digit !== null) return null;
      digit = d === 0 ? null : d;
    }
  }
  return String(total + (digit ?? 0));
}

/**
 * What a Chinese number is read as only when it numbers a part of the address: 三江路 and 七星街 are names and keep
 * their characters.
 */
const CHINESE_NUMBERED = /[〇零一二两三四五六七八九十百千]+(?=号|单元|栋|幢|楼|层|室|区|期|门|排|组)/g;
const arabicNumbers = (s: string): string => halfWidthDigits(s).replace(CHINESE_NUMBERED, (run) => chineseNumber(run) ?? run);

/** The address cut into runs of digits and runs of anything else, in order. */
const chunks = (s: string): string[] => arabicNumbers(s).match(/\d+|\D+/g) ?? [];

const isDigits = (s: string): boolean => s.charCodeAt(0) >= 0x30 && s.charCodeAt(0) <= 0x39;

function compareChunks(p: string, q: string): number {
  if (isDigits(p) && isDigits(q)) {
    // As numbers of any length: fewer significant digits is the smaller number, then digit by digit.
    const m = p.replace(/^0+/, '');
    const n = q.replace(/^0+/, '');
    if (m.length !== n.length) return m.length - n.length;
    return m < n ? -1 : m > n ? 1 : 0;
  }
  return p < q ? -1 : p > q ? 1 : 0;
}

/** Ends a run of text in a sort key: below every character an address holds, so a shorter run sorts first. */
const RUN_END = '\u0001';

/**
 * A text whose plain order (by code point, as the office's databases order text under the C collation and SQLite's
 * BINARY) is `compareAddresses`' order, so the register stores it and a database sorts and pages by it. Each run of
 * text is kept and ended by U+0001; each number is written as its count of significant digits (one character up to 8,
 * `9` and two digits up to 99) and then those digits, so a shorter number sorts first; the address itself follows, for
 * the same tie-break. The length's first character is a digit, so a number and a text compare as they do in the
 * address. An address holding a control character, or a number of more than 99 digits, is still stored and found,
 * only not strictly in reading order.
 */
export function addressSortKey(address: string): string {
  let key = '';
  for (const run of chunks(address)) {
    if (!isDigits(run)) {
      key += run + RUN_END;
      continue;
    }
    const digits = run.replace(/^0+/, '');
    const n = digits.length;
    key += (n < 9 ? String(n) : `9${String(Math.min(n, 99)).padStart(2, '0')}`) + digits;
  }
  return `${key}${RUN_END}${address}`;
}
