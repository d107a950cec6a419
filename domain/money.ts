import { type Result, err, ok } from '#domain/result.ts';

/**
 * Money is integer fen behind a brand, so a yuan number or a float can never be passed where fen are meant.
 * Only this file converts fen to and from display strings (CONTRIBUTING.md).
 */
export type Fen = number & { readonly __brand: 'Fen' };

/** The largest amount we accept: 10^13 fen (one hundred billion yuan) keeps every sum exact in a double. */
export const MAX_FEN = 10_000_000_000_000;

export type FenError = 'not-integer' | 'negative' | 'too-large';

export function toFen(value: number): Result<Fen, FenError> {
  if (!Number.isSafeInteger(value)) return err('not-integer');
  if (value < 0) return err('negative');
  if (value > MAX_FEN) return err('too-large');
  return ok(value as Fen);
}

/**
 * For literals and values already validated (fee tables are checked when loaded).
 * @throws Error when `value` is not a whole, non-negative, safe number of fen: that is a bug, not input.
 */
export function fen(value: number): Fen {
  const r = toFen(value);
  if (!r.ok) throw new Error(`not an amount in fen (${r.error}): ${value}`);
  return r.value;
}

export const ZERO_FEN = 0 as Fen;

export function addFen(...amounts: readonly Fen[]): Fen {
  return fen(amounts.reduce((sum, a) => sum + a, 0));
}

export function multiplyFen(amount: Fen, count: number): Fen {
  return fen(amount * count);
}

/** Halves an amount (减半收取); the fee tables only halve even amounts, so an odd one is a table error. */
export function halveFen(amount: Fen): Fen {
  if (amount % 2 !== 0) throw new Error(`cannot halve ${amount} fen exactly`);
  return fen(amount / 2);
}

export type YuanParseError = 'empty' | 'format' | 'too-many-decimals' | 'too-large';

export const YUAN_PARSE_ERROR_TEXT: Record<YuanParseError, string> = {
  empty: '请输入金额',
  format: '金额格式不对：只能是数字，最多两位小数，例如 80 或 80.00',
  'too-many-decimals': '金额最多精确到分（两位小数）',
  'too-large': '金额过大',
};

/**
 * Parses a yuan string as typed or printed ("80", "80.5", "80.00", "1,080.00", "￥80.00") into fen, by digits
 * rather than floats, so "0.29" is exactly 29 fen.
 */
export function parseYuan(input: string): Result<Fen, YuanParseError> {
  const s = input.trim().replace(/^[￥¥]/, '').replace(/,/g, '').trim();
  if (s === '') return err('empty');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return err('format');
  const whole = m[1] ?? '0';
  const decimals = m[2] ?? '';
  if (decimals.length > 2) return err('too-many-decimals');
  if (whole.replace(/^0+/, '').length > 11) return err('too-large');
  const value = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  const r = toFen(value);
  return r.ok ? ok(r.value) : err('too-large');
}

/** "80.00": yuan with exactly two decimals and no grouping, as on receipts and in the fee CLI. */
export function formatYuan(amount: Fen): string {
  const yuan = Math.floor(amount / 100);
  const cents = amount % 100;
  return `${yuan}.${String(cents).padStart(2, '0')}`;
}

/**
 * "1,080.00": yuan grouped by thousands, for amounts read on a page or in a report, where a sum of seven figures
 * must be read at a glance. Receipts keep `formatYuan` (the printed form); `parseYuan` reads both.
 */
export function formatYuanGrouped(amount: Fen): string {
  const [whole = '0', cents = '00'] = formatYuan(amount).split('.');
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`;
}

/**
 * "-1,080.00 元": a signed amount of fen as every page, report and finding says it (a refund or a shortfall is
 * negative), so the office's pages, the reconciliation's findings and the market's texts cannot drift apart.
 */
export function formatYuanText(amount: number): string {
  return `${formatSignedYuanGrouped(amount)} 元`;
}

/** "-1,080.00": a signed amount of fen, grouped, for a table whose heading says 元 (a month's fees may be below zero). */
export function formatSignedYuanGrouped(amount: number): string {
  return `${amount < 0 ? '-' : ''}${formatYuanGrouped(fen(Math.abs(amount)))}`;
}

/** "￥80.00": the lower-case amount as printed. U+FFE5 because U+00A5 takes four bytes in GB 18030. */
export function formatYuanWithSign(amount: Fen): string {
  return `￥${formatYuan(amount)}`;
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const PLACE_UNITS = ['仟', '佰', '拾', ''] as const;
const GROUP_UNITS = ['', '万', '亿', '万亿'] as const;

/**
 * 人民币大写 by the PBoC rules (《支付结算办法》 annex): consecutive zeros give one 零, an amount
 * ending at 元 ends with 整, 角 = 0 with 分 ≠ 0 writes 零 after 元, and 壹 is kept before 拾. Where the rules allow
 * either form (the optional 零 after a 万 or 元 place ending in 0), the shorter form is used, pinned by tests.
 * Written by hand: the npm packages we checked either use floats or write 一/两.
 */
export function toChineseUppercase(amount: Fen): string {
  const yuan = Math.floor(amount / 100);
  const jiao = Math.floor(amount / 10) % 10;
  const cents = amount % 10;
  let out = '';
  if (yuan > 0) {
    const groups: number[] = [];
    for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10_000)) groups.push(rest % 10_000);
    let pendingZero = false;
    for (let g = groups.length - 1; g >= 0; g -= 1) {
      const group = groups[g] ?? 0;
      const digits = String(group).padStart(4, '0');
      for (let i = 0; i < 4; i += 1) {
        const d = Number(digits[i]);
        if (d === 0) {
          if (out !== '') pendingZero = true;
          continue;
        }
        if (pendingZero) out += '零';
        out += `${DIGITS[d]}${PLACE_UNITS[i]}`;
        pendingZero = false;
      }
      if (group !== 0) out += GROUP_UNITS[g] ?? '';
    }
    out += '元';
  }
  if (jiao === 0 && cents === 0) out += yuan === 0 ? '零元整' : '整';
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  if (jiao === 0 && cents > 0 && yuan > 0) out += '零';
  if (cents > 0) out += `${DIGITS[cents]}分`;
  return `人民币${out}`;
}
