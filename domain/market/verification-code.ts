/**
 * The verification code (房源核验码) a verified listing carries: 11 digits and an ISO/IEC 7064 MOD 11,10 check
 * digit, so a code mistyped by one digit or with two neighbours swapped is told apart from an unknown one
 * before the office is asked. The 11 digits come from the caller (random at the office, counters in tests).
 */

export const CODE_LENGTH = 12;

/** ISO/IEC 7064 MOD 11,10 (the hybrid system): the check digit for a string of digits. */
export function mod1110CheckDigit(digits: string): string {
  let p = 10;
  for (const c of digits) {
    let s = (p + Number(c)) % 10;
    if (s === 0) s = 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

/**
 * A code from 11 digits.
 * @throws Error when `digits` is not 11 digits (a bug in the caller).
 */
export function makeVerificationCode(digits: string): string {
  if (!/^\d{11}$/.test(digits)) throw new Error('a verification code is made from 11 digits');
  return digits + mod1110CheckDigit(digits);
}

export type CodeError = 'empty' | 'format' | 'check-digit';

/** Reads a code as typed or scanned: spaces and dashes between groups are ignored. */
export function parseVerificationCode(input: string): { ok: true; code: string } | { ok: false; error: CodeError } {
  const code = input.replace(/[\s-]/g, '');
  if (code === '') return { ok: false, error: 'empty' };
  if (!/^\d{12}$/.test(code)) return { ok: false, error: 'format' };
  return mod1110CheckDigit(code.slice(0, 11)) === code[11] ? { ok: true, code } : { ok: false, error: 'check-digit' };
}

/** "1234 5678 9012": the code in groups of four, as printed. */
export const formatVerificationCode = (code: string): string => code.replace(/(\d{4})(?=\d)/g, '$1 ');

/** The public page where anyone checks a code, relative to the office's public address. */
export const LISTING_VERIFY_PATH = 'public/listings/verify';

/** The link a listing's QR code carries: the check page with its code filled in. */
export const listingVerifyLink = (publicBase: string, code: string): string => `${publicBase.endsWith('/') ? publicBase : `${publicBase}/`}${LISTING_VERIFY_PATH}?code=${code}`;
