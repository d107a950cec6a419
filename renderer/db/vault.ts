/**
 * The van's data key and its key slots (the LUKS idea, with WebCrypto): one random AES-256-GCM key
 * encrypts the personal data in the local store (encrypted-storage.ts); it is kept only wrapped,
 * once per staff member who has unlocked this van, under a key derived from that person's password
 * (PBKDF2-SHA-256, 600,000 iterations: OWASP's 2023 figure; RFC 8018). Offline login unwraps it
 * with the password just checked; a powered-off laptop holds only the wrapped copies.
 *
 * A staff member whose password this van has never seen gets a slot when they log in while the
 * data key is in memory (another clerk unlocked the van this session). How the office could give
 * each van a slot for staff who never logged in on it is in docs/data-at-rest.md.
 */
const ITERATIONS = 600_000;
const encoder = new TextEncoder();

export type PasswordSlot = { staffId: string; salt: string; iterations: number; wrapped: string };
export type VaultRecord = { version: 1; slots: PasswordSlot[] };

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function slotKey(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

/** A fresh data key. Extractable only so it can be wrapped into new slots; it never leaves memory in the clear. */
export const newDataKey = (): Promise<CryptoKey> => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);

/** A slot for `staffId`: the data key wrapped under a key from their password (AES-GCM key wrap, the staff id as additional data). */
export async function sealSlot(dataKey: CryptoKey, staffId: string, password: string, iterations = ITERATIONS): Promise<PasswordSlot> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = new Uint8Array(await crypto.subtle.wrapKey('raw', dataKey, await slotKey(password, salt, iterations), { name: 'AES-GCM', iv, additionalData: encoder.encode(`vault/${staffId}`) }));
  const out = new Uint8Array(iv.length + wrapped.length);
  out.set(iv);
  out.set(wrapped, iv.length);
  return { staffId, salt: toBase64(salt), iterations, wrapped: toBase64(out) };
}

/** The data key from `staffId`'s slot, or null when there is none or the password does not open it. */
export async function openSlot(record: VaultRecord, staffId: string, password: string): Promise<CryptoKey | null> {
  const slot = record.slots.find((s) => s.staffId === staffId);
  if (!slot) return null;
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
export const withSlot = (record: VaultRecord, slot: PasswordSlot): VaultRecord => ({ version: 1, slots: [...record.slots.filter((s) => s.staffId !== slot.staffId), slot] });

export type UnlockOutcome = { ok: true; key: CryptoKey; record: VaultRecord; changed: boolean } | { ok: false; reason: 'no-slot' };

/**
 * After a password has been checked against the staff list: opens the data key with it, creating the
 * vault on a van that has none, or a slot for this staff member when the key is already in memory.
 */
export async function unlock(record: VaultRecord | null, inMemory: CryptoKey | null, staffId: string, password: string, iterations = ITERATIONS): Promise<UnlockOutcome> {
  if (!record) {
    const key = inMemory ?? (await newDataKey());
    return { ok: true, key, record: { version: 1, slots: [await sealSlot(key, staffId, password, iterations)] }, changed: true };
  }
  const opened = await openSlot(record, staffId, password);
  if (opened) return { ok: true, key: opened, record, changed: false };
  if (!inMemory) return { ok: false, reason: 'no-slot' };
  // The password was checked against the office's hash, and the key is open: this person gets a slot (or a new one after a password change).
  return { ok: true, key: inMemory, record: withSlot(record, await sealSlot(inMemory, staffId, password, iterations)), changed: true };
}
