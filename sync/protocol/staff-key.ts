/**
 * A staff member's van key: an X25519 key pair (RFC 7748) derived from their password, so a van can seal its
 * data key to someone whose password it has never seen and only that password opens it again. The office
 * derives it whenever it has the password in hand (set, changed, office login) and publishes the public half
 * in the staff document; the van derives the private half from the password typed at its login screen.
 *
 * Derivation: PBKDF2-HMAC-SHA-256 (RFC 8018) of the password over a salt of its own, at the cost of the
 * password hash, then HKDF-SHA-256 (RFC 5869) with the staff id in the info, giving the 32-byte scalar. The
 * HKDF step separates the key from the password hash: even were the same salt and count ever used for both,
 * the scalar would not be the hash the van stores (a key equal to the hash would protect nothing).
 * WebCrypto throughout, which the office (Node) and the van's sandboxed page both have.
 */
import { type StaffVanKey } from './documents/office.ts';
import { DEFAULT_PBKDF2_ITERATIONS } from './password-hash.ts';

const encoder = new TextEncoder();
// RFC 8410: PKCS #8 for an X25519 private key is this fixed prefix and the 32-byte scalar. WebCrypto imports
// X25519 private keys from PKCS #8 or JWK only, and a JWK would need the public key we are about to compute.
const PKCS8_X25519_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);

export type StaffKeyPair = { privateKey: CryptoKey; publicKey: Uint8Array<ArrayBuffer> };

const info = (staffId: string) => encoder.encode(`jms-van/staff-x25519/v1/${staffId}`);

/** The 32-byte X25519 scalar of `staffId` for this password, salt and cost. */
export async function staffKeyScalar(staffId: string, password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const stretched = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, 256);
  const hkdf = await crypto.subtle.importKey('raw', stretched, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: info(staffId) }, hkdf, 256));
}

/** The X25519 key pair of a 32-byte scalar (clamped by X25519 itself, RFC 7748 section 5). */
export async function x25519KeyPair(scalar: Uint8Array<ArrayBuffer>): Promise<StaffKeyPair> {
  const pkcs8 = new Uint8Array(PKCS8_X25519_PREFIX.length + scalar.length);
  pkcs8.set(PKCS8_X25519_PREFIX);
  pkcs8.set(scalar, PKCS8_X25519_PREFIX.length);
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, true, ['deriveBits']);
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  return { privateKey, publicKey: fromBase64Url(jwk.x ?? '') };
}

/** `staffId`'s key pair for this password and the salt and cost of a published van key. */
export async function deriveStaffKeyPair(staffId: string, password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<StaffKeyPair> {
  return x25519KeyPair(await staffKeyScalar(staffId, password, salt, iterations));
}

/** The van key the office publishes for a password it has in hand: the public half only, with a fresh salt. */
export async function makeStaffVanKey(staffId: string, password: string, version: number, salt: Uint8Array<ArrayBuffer>, iterations = DEFAULT_PBKDF2_ITERATIONS): Promise<StaffVanKey> {
  const { publicKey } = await deriveStaffKeyPair(staffId, password, salt, iterations);
  return { version, publicKey: toBase64(publicKey), salt: toBase64(salt), iterations };
}

export const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
export const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> => fromBase64(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
