/**
 * Staff password hashes: PBKDF2-SHA256 through WebCrypto, which both the office (Node) and the van's
 * sandboxed renderer have, so a van can check a login offline against the replicated `staff` document.
 * (scrypt would need node:crypto, which the renderer cannot reach.) Format:
 * `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>`.
 */
// OWASP Password Storage Cheat Sheet (2023+): PBKDF2-HMAC-SHA256 with at least 600,000 iterations. Hashes
// made at a lower count than the office's are replaced at the person's next successful login there
// (sync/server/auth/password-cost.ts `belowCost`).
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;
/** The counts a stored hash or van key may carry: below the least it is no hash of ours, above the most a DoS. */
export const MIN_PBKDF2_ITERATIONS = 1_000;
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
const HASH_BYTES = 32;

export async function hashPassword(password: string, salt: Uint8Array, iterations = DEFAULT_PBKDF2_ITERATIONS): Promise<string> {
  const hash = await derive(password, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** The iteration count of an encoded hash, or null when it is not one of ours. */
export function hashIterations(encoded: string): number | null {
  const parts = encoded.split('$');
  const n = Number(parts[1]);
  return parts.length === 4 && parts[0] === 'pbkdf2-sha256' && Number.isInteger(n) ? n : null;
}

/** True when `password` matches `encoded`; false for a wrong password or a hash in another format. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 4 || parts[0] !== 'pbkdf2-sha256') return false;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < MIN_PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS) return false;
  const salt = fromBase64(parts[2] ?? '');
  const expected = fromBase64(parts[3] ?? '');
  const actual = await derive(password, salt, iterations);
  if (actual.length !== expected.length) return false;
  let diff = 0; // constant time over the whole hash
  for (let i = 0; i < actual.length; i++) diff |= (actual[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, HASH_BYTES * 8);
  return new Uint8Array(bits);
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  try {
    const s = atob(text);
    return Uint8Array.from(s, (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
}
