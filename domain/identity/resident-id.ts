import { type Result, err, ok } from '#domain/result.ts';

/** What a valid 18-character resident ID number (GB 11643-1999) tells about its holder. */
export type ResidentIdInfo = {
  number: string;
  regionCode: string;
  birthDate: string; // YYYY-MM-DD
  sex: '男' | '女';
};

export type ResidentIdError = 'empty' | 'length' | 'characters' | 'region' | 'birth-date' | 'check-digit';

export const RESIDENT_ID_ERROR_TEXT: Record<ResidentIdError, string> = {
  empty: '请输入公民身份号码',
  length: '公民身份号码应为18位',
  characters: '公民身份号码前17位应为数字，最后一位为数字或X',
  region: '公民身份号码的地址码（前6位）不是有效的行政区划代码',
  'birth-date': '公民身份号码中的出生日期（第7至14位）无效',
  'check-digit': '公民身份号码校验位不正确，请核对是否输错',
};

// ISO 7064 MOD 11-2 weights 2^(18-i) mod 11 for positions 1..17, and the check characters by remainder.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

// Province-level codes of GB/T 2260 plus 71 台湾 and 81/82/83 used by 港澳台居民居住证 (GB 11643).
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

/**
 * Checks a resident ID number: length, characters, province of the address code, a real birth date
 * (not after `today` when given), and the MOD 11-2 check character. A lowercase x is accepted and normalised.
 */
export function checkResidentId(input: string, today?: string): Result<ResidentIdInfo, ResidentIdError> {
  const value = input.trim().toUpperCase();
  if (value === '') return err('empty');
  if (value.length !== 18) return err('length');
  if (!/^\d{17}[\dX]$/.test(value)) return err('characters');
  const regionCode = value.slice(0, 6);
  if (!PROVINCES.has(value.slice(0, 2))) return err('region');
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (y < 1850 || !isRealDate(y, m, d) || (today !== undefined && birthDate > today)) return err('birth-date');
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return err('check-digit');
  const sex = Number(value[16]) % 2 === 1 ? '男' : '女';
  return ok({ number: value, regionCode, birthDate, sex });
}

/** Upgrades a 15-digit legacy number: insert "19" after the region code and append the check character. */
export function upgradeLegacyResidentId(legacy15: string): Result<string, ResidentIdError> {
  const value = legacy15.trim();
  if (!/^\d{15}$/.test(value)) return err('characters');
  const first17 = `${value.slice(0, 6)}19${value.slice(6)}`;
  return ok(first17 + residentIdCheckChar(first17));
}
