/**
 * Public-key slots: the van's data key sealed to a staff member's published van key (sync/protocol/staff-key.ts),
 * so a clerk whose password this van has never seen can still open it offline, with that password only.
 *
 * Sealing is ECIES-style: an ephemeral X25519 key agreement with the staff member's public key (RFC 7748),
 * HKDF-SHA-256 (RFC 5869) over the shared secret with both public keys as salt and the staff id and key version
 * in the info, then AES-256-GCM key wrap with the staff id and version as additional data. The van needs only
 * the public key to seal; opening needs the private key, which only the password gives back.
 */
import { type StaffVanKey } from '#protocol/documents/office.ts';
import { deriveStaffKeyPair, fromBase64, toBase64 } from '#protocol/staff-key.ts';

export type PublicKeySlot = {
  kind: 'public-key';
  staffId: string;
  /** The van key version sealed to; a newer one (a new password) is sealed again. */
  keyVersion: number;
  /** The van key's PBKDF2 salt and cost, copied so the slot opens offline without the staff document. */
  salt: string;
  iterations: number;
  /** The ephemeral X25519 public key, base64. */
  ephemeral: string;
  /** IV (12 bytes) then the wrapped data key, base64. */
  wrapped: string;
};

const encoder = new TextEncoder();
const label = (staffId: string, version: number) => encoder.encode(`jms-van/data-key-seal/v1/${staffId}/${version}`);

async function wrappingKey(privateKey: CryptoKey, peer: Uint8Array<ArrayBuffer>, ephemeral: Uint8Array, recipient: Uint8Array, staffId: string, version: number): Promise<CryptoKey> {
  const peerKey = await crypto.subtle.importKey('raw', peer, { name: 'X25519' }, false, []);
  const shared = new Uint8Array(await crypto.subtle.deriveBits({ name: 'X25519', public: peerKey }, privateKey, 256));
  // RFC 7748 section 6.1: an all-zero secret means a low-order public key; refuse it rather than wrap under a known key.
  if (shared.every((b) => b === 0)) throw new Error('low-order X25519 public key');
  const salt = new Uint8Array(ephemeral.length + recipient.length);
  salt.set(ephemeral);
  salt.set(recipient, ephemeral.length);
  const ikm = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: label(staffId, version) }, ikm, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

/** The data key sealed to `staffId`'s van key. */
export async function sealToStaff(dataKey: CryptoKey, staffId: string, vanKey: StaffVanKey): Promise<PublicKeySlot> {
  const recipient = fromBase64(vanKey.publicKey);
  const pair = (await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
  const ephemeral = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const key = await wrappingKey(pair.privateKey, recipient, ephemeral, recipient, staffId, vanKey.version);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = new Uint8Array(await crypto.subtle.wrapKey('raw', dataKey, key, { name: 'AES-GCM', iv, additionalData: label(staffId, vanKey.version) }));
  const out = new Uint8Array(iv.length + wrapped.length);
  out.set(iv);
  out.set(wrapped, iv.length);
  return { kind: 'public-key', staffId, keyVersion: vanKey.version, salt: vanKey.salt, iterations: vanKey.iterations, ephemeral: toBase64(ephemeral), wrapped: toBase64(out) };
}

/** The data key from a public-key slot with the password typed at login, or null when it does not open. */
export async function openSealedSlot(slot: PublicKeySlot, password: string): Promise<CryptoKey | null> {
  try {
    const pair = await deriveStaffKeyPair(slot.staffId, password, fromBase64(slot.salt), slot.iterations);
    const ephemeral = fromBase64(slot.ephemeral);
    const key = await wrappingKey(pair.privateKey, ephemeral, ephemeral, pair.publicKey, slot.staffId, slot.keyVersion);
    const bytes = fromBase64(slot.wrapped);
    return await crypto.subtle.unwrapKey('raw', bytes.slice(12), key, { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: label(slot.staffId, slot.keyVersion) }, { name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  } catch {
    return null;
  }
}
