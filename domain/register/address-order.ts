/**
 * The order a person reads addresses in: the numbers inside an address compare as numbers, so 长安路3号 comes
 * before 长安路39号, 2单元 before 10单元, 2楼 before 12楼 and 201室 before 1001室; the text between them compares
 * character by character (by code point, as the office's databases order text). Full-width digits (３９号, typed by a
 * Chinese input method) count as the digits they are. Two addresses that differ only in leading zeros (03号, 3号)
 * fall back to plain text order, so the order is total and the same on every run.
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

/** The address cut into runs of digits and runs of anything else, in order. */
const chunks = (s: string): string[] => halfWidthDigits(s).match(/\d+|\D+/g) ?? [];

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
