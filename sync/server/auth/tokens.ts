import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A bearer token: 32 random bytes, base64url. Only its SHA-256 is stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

// No 0/O/1/I/L: an admin reads the code to a van operator over the phone.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A one-time enrollment code, 10 characters in two groups (`ABCDE-FGHJK`). */
export function newEnrollCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** Codes are compared case- and dash-insensitively. */
export const hashEnrollCode = (code: string): string => hashToken(code.toUpperCase().replace(/[^0-9A-Z]/g, ''));
