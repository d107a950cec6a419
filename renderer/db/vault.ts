/**
 * The van's data key and its key slots (the LUKS idea, with WebCrypto): one random AES-256-GCM key
 * encrypts the personal data in the local store (encrypted-storage.ts); it is kept only wrapped,
 * once per staff member who may log in on this van. A password slot wraps it under a key derived from
 * that person's password (PBKDF2-SHA-256, 600,000 iterations: OWASP's 2023 figure; RFC 8018); a
 * public-key slot seals it to the van key the office published for them (sealed-slot.ts), for staff whose
 * password this van has never seen. Offline login opens their slot with the password just checked, and a
 * public-key slot is then replaced by a password slot; a powered-off laptop holds only the wrapped copies.
 */
import { type StaffVanKey } from '#protocol/documents/office.ts';
import { fromBase64, toBase64 } from '#protocol/staff-key.ts';
import { type PublicKeySlot, openSealedSlot, sealToStaff } from './sealed-slot.ts';

const ITERATIONS = 600_000;
const encoder = new TextEncoder();

/** `keyVersion`: the van key version of the password it was made with (absent before van keys, or without one). */
export type PasswordSlot = { kind?: 'password'; staffId: string; salt: string; iterations: number; wrapped: string; keyVersion?: number };
export type KeySlot = PasswordSlot | PublicKeySlot;
export type VaultRecord = { version: 1; slots: KeySlot[] };


async function slotKey(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

/** A fresh data key. Extractable only so it can be wrapped into new slots; it never leaves memory in the clear. */
export const newDataKey = (): Promise<CryptoKey> => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);

/** A slot for `staffId`: the data key wrapped under a key from their password (AES-GCM key wrap, the staff id as additional data). */
export async function sealSlot(dataKey: CryptoKey, staffId: string, password: string, iterations = ITERATIONS, keyVersion?: number): Promise<PasswordSlot> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = new Uint8Array(await crypto.subtle.wrapKey('raw', dataKey, await slotKey(password, salt, iterations), { name: 'AES-GCM', iv, additionalData: encoder.encode(`vault/${staffId}`) }));
  const out = new Uint8Array(iv.length + wrapped.length);
  out.set(iv);
  out.set(wrapped, iv.length);
  return { staffId, salt: toBase64(salt), iterations, wrapped: toBase64(out), ...(keyVersion === undefined ? {} : { keyVersion }) };
}

/** The data key from `staffId`'s slot, or null when there is none or the password does not open it. */
export async function openSlot(record: VaultRecord, staffId: string, password: string): Promise<CryptoKey | null> {
  const slot = record.slots.find((s) => s.staffId === staffId);
  if (!slot) return null;
  if (slot.kind === 'public-key') return openSealedSlot(slot, password);
  const bytes = fromBase64(slot.wrapped);
  try {
    return await crypto.subtle.unwrapKey(
      'raw',
      bytes.slice(12),
      await slotKey(password, fromBase64(slot.salt), slot.iterations),
      { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: encoder.encode(`vault/${staffId}`) },
      { name: 'AES-GCM', length: 256 },
      true,
      ['encrypt', 'decrypt'],
    );
  } catch {
    return null;
  }
}

/** The record with `staffId`'s slot replaced (a new password) or added. */
export const withSlot = (record: VaultRecord, slot: KeySlot): VaultRecord => ({ version: 1, slots: [...record.slots.filter((s) => s.staffId !== slot.staffId), slot] });

export type UnlockOutcome = { ok: true; key: CryptoKey; record: VaultRecord; changed: boolean } | { ok: false; reason: 'no-slot' };

/**
 * After a password has been checked against the staff list: opens the data key with it, creating the
 * vault on a van that has none, or a slot for this staff member when the key is already in memory.
 * A public-key slot that opens is replaced by a password slot (one PBKDF2 at later logins, not two).
 * `keyVersion`: the van key version in the staff document whose hash the password matched.
 */
export async function unlock(record: VaultRecord | null, inMemory: CryptoKey | null, staffId: string, password: string, iterations = ITERATIONS, keyVersion?: number): Promise<UnlockOutcome> {
  if (!record) {
    const key = inMemory ?? (await newDataKey());
    return { ok: true, key, record: { version: 1, slots: [await sealSlot(key, staffId, password, iterations, keyVersion)] }, changed: true };
  }
  const opened = await openSlot(record, staffId, password);
  const slot = record.slots.find((s) => s.staffId === staffId);
  if (opened && slot?.kind === 'public-key') return { ok: true, key: opened, record: withSlot(record, await sealSlot(opened, staffId, password, iterations, slot.keyVersion)), changed: true };
  // A password slot from before this van key: the password matched the current hash, so the slot is current; mark it so.
  if (opened && slot && keyVersion !== undefined && slot.keyVersion !== keyVersion) return { ok: true, key: opened, record: withSlot(record, { ...slot, keyVersion }), changed: true };
  if (opened) return { ok: true, key: opened, record, changed: false };
  if (!inMemory) return { ok: false, reason: 'no-slot' };
  // The password was checked against the office's hash, and the key is open: this person gets a slot (or a new one after a password change).
  return { ok: true, key: inMemory, record: withSlot(record, await sealSlot(inMemory, staffId, password, iterations, keyVersion)), changed: true };
}

/** Whether `staffId`'s slot, if any, predates their published van key (none yet, made before van keys, or an older password). */
const needsSeal = (record: VaultRecord, staffId: string, vanKey: StaffVanKey): boolean => (record.slots.find((s) => s.staffId === staffId)?.keyVersion ?? 0) < vanKey.version;

/**
 * While the data key is open: seals it to every given staff member with a van key and no slot of that version,
 * replacing an older slot (an old password must not open the van any more). Null when nothing was to be sealed.
 */
export async function sealToPublished(record: VaultRecord, dataKey: CryptoKey, staff: readonly { id: string; vanKey?: StaffVanKey | undefined }[]): Promise<{ record: VaultRecord; sealed: string[] } | null> {
  let next = record;
  const sealed: string[] = [];
  for (const s of staff) {
    if (!s.vanKey || !needsSeal(next, s.id, s.vanKey)) continue;
    next = withSlot(next, await sealToStaff(dataKey, s.id, s.vanKey));
    sealed.push(s.id);
  }
  return sealed.length > 0 ? { record: next, sealed } : null;
}
