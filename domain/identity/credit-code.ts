import { type Result, err, ok } from '#domain/result.ts';

/**
 * 统一社会信用代码 (GB 32100-2015《法人和其他组织统一社会信用代码编码规则》): 18 characters from a 31-character
 * set (digits and capitals without I, O, S, V, Z): 1 登记管理部门代码, 1 机构类别代码, 6 登记管理机关行政区划码,
 * 9 主体标识码 (组织机构代码, GB 11714), 1 校验码. The check character is MOD 31 over the first 17 with weights
 * 3^i mod 31.
 */
export type CreditCodeInfo = { code: string; registrationAuthority: string; regionCode: string; organizationCode: string };

export type CreditCodeError = 'empty' | 'length' | 'characters' | 'region' | 'check-character';

export const CREDIT_CODE_ERROR_TEXT: Record<CreditCodeError, string> = {
  empty: '请输入统一社会信用代码',
  length: '统一社会信用代码应为18位',
  characters: '统一社会信用代码只能由数字和大写字母组成（不含 I、O、S、V、Z）',
  region: '统一社会信用代码第3至8位应为6位数字的行政区划码',
  'check-character': '统一社会信用代码校验位不正确，请核对营业执照是否输错',
};

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters (all from the charset). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** Checks a 统一社会信用代码; spaces are ignored and lowercase letters accepted. */
export function checkCreditCode(input: string): Result<CreditCodeInfo, CreditCodeError> {
  const code = input.replace(/\s+/g, '').toUpperCase();
  if (code === '') return err('empty');
  if (code.length !== 18) return err('length');
  if (![...code].every((c) => CHARSET.includes(c))) return err('characters');
  const regionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode)) return err('region');
  if (creditCodeCheckChar(code.slice(0, 17)) !== code.charAt(17)) return err('check-character');
  return ok({ code, registrationAuthority: code.charAt(0), regionCode, organizationCode: code.slice(8, 17) });
}
