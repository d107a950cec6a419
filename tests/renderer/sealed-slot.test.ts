import { describe, expect, it } from 'vitest';
import { decryptValue, encryptValue } from '#renderer/db/encrypted-storage.ts';
import { openSealedSlot, sealToStaff } from '#renderer/db/sealed-slot.ts';
import { type PasswordSlot, type VaultRecord, openSlot, sealToPublished, unlock } from '#renderer/db/vault.ts';
import { makeStaffVanKey } from '#protocol/staff-key.ts';

/** Fewer PBKDF2 rounds than the app's 600,000 keep the test quick (the derivation's own test uses the real count). */
const FAST = 1_000;
const salt = () => crypto.getRandomValues(new Uint8Array(16));

async function vanOpenedBy(staffId: string, password: string) {
  const first = await unlock(null, null, staffId, password, FAST);
  if (!first.ok) throw new Error('no vault');
  return first;
}

describe('public-key slots: the data key sealed to a clerk whose password the van never saw', () => {
  it('opens with that clerk’s password only, and not as another clerk or another key version', async () => {
    const a = await vanOpenedBy('staff-a', 'password-a');
    const vanKey = await makeStaffVanKey('staff-b', 'password-b', 1, salt(), FAST);
    const slot = await sealToStaff(a.key, 'staff-b', vanKey);
    expect(slot).toMatchObject({ kind: 'public-key', staffId: 'staff-b', keyVersion: 1, salt: vanKey.salt, iterations: FAST });
    const opened = await openSealedSlot(slot, 'password-b');
    const secret = await encryptValue(a.key, '230803194501012345', 'cases/c/applicants');
    expect(await decryptValue(opened!, secret, 'cases/c/applicants')).toBe('230803194501012345');
    expect(await openSealedSlot(slot, 'password-a')).toBeNull();
    expect(await openSealedSlot({ ...slot, staffId: 'staff-a' }, 'password-b')).toBeNull();
    expect(await openSealedSlot({ ...slot, keyVersion: 2 }, 'password-b')).toBeNull();
    const bytes = Uint8Array.from(atob(slot.wrapped), (c) => c.charCodeAt(0));
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    expect(await openSealedSlot({ ...slot, wrapped: btoa(String.fromCharCode(...bytes)) }, 'password-b')).toBeNull();
  });

  it('lets the clerk in alone after a fresh start, then keeps a password slot in its place', async () => {
    const a = await vanOpenedBy('staff-a', 'password-a');
    const published = [{ id: 'staff-b', vanKey: await makeStaffVanKey('staff-b', 'password-b', 1, salt(), FAST) }];
    const sealed = await sealToPublished(a.record, a.key, published);
    expect(sealed?.sealed).toEqual(['staff-b']);
    // Nothing more to seal while the slot matches the published version.
    expect(await sealToPublished(sealed!.record, a.key, published)).toBeNull();
    // A fresh start: the key is not in memory. A wrong password opens nothing and changes nothing.
    expect(await unlock(sealed!.record, null, 'staff-b', 'password-x', FAST, 1)).toEqual({ ok: false, reason: 'no-slot' });
    const b = await unlock(sealed!.record, null, 'staff-b', 'password-b', FAST, 1);
    expect(b).toMatchObject({ ok: true, changed: true });
    if (!b.ok) return;
    const slotB = b.record.slots.find((s) => s.staffId === 'staff-b') as PasswordSlot;
    expect(slotB).toMatchObject({ staffId: 'staff-b', iterations: FAST, keyVersion: 1 });
    expect(slotB.kind).toBeUndefined();
    expect(await sealToPublished(b.record, b.key, published)).toBeNull();
    const secret = await encryptValue(a.key, 'x', 'c');
    expect(await decryptValue((await openSlot(b.record, 'staff-b', 'password-b'))!, secret, 'c')).toBe('x');
    expect(b.record.slots.map((s) => s.staffId).sort()).toEqual(['staff-a', 'staff-b']);
  });

  it('seals again to a new password’s key, so the old password no longer opens the van', async () => {
    const a = await vanOpenedBy('staff-a', 'password-a');
    const v1 = await sealToPublished(a.record, a.key, [{ id: 'staff-b', vanKey: await makeStaffVanKey('staff-b', 'old-password', 1, salt(), FAST) }]);
    const b = await unlock(v1!.record, null, 'staff-b', 'old-password', FAST, 1);
    if (!b.ok) throw new Error('not opened');
    const v2 = await sealToPublished(b.record, a.key, [{ id: 'staff-b', vanKey: await makeStaffVanKey('staff-b', 'new-password', 2, salt(), FAST) }]);
    expect(v2?.sealed).toEqual(['staff-b']);
    expect(v2!.record.slots.filter((s) => s.staffId === 'staff-b')).toEqual([expect.objectContaining({ kind: 'public-key', keyVersion: 2 })]);
    expect(await openSlot(v2!.record, 'staff-b', 'old-password')).toBeNull();
    expect(await openSlot(v2!.record, 'staff-b', 'new-password')).not.toBeNull();
  });

  it('marks a password slot from before van keys as current when its password opens it, instead of sealing over it', async () => {
    const a = await vanOpenedBy('staff-a', 'password-a');
    const published = [{ id: 'staff-a', vanKey: await makeStaffVanKey('staff-a', 'password-a', 1, salt(), FAST) }];
    const again = await unlock(a.record, null, 'staff-a', 'password-a', FAST, 1);
    expect(again).toMatchObject({ ok: true, changed: true });
    if (!again.ok) return;
    const record: VaultRecord = again.record;
    expect(record.slots).toEqual([expect.objectContaining({ staffId: 'staff-a', keyVersion: 1, wrapped: a.record.slots[0]!.wrapped })]);
    expect(await sealToPublished(record, again.key, published)).toBeNull();
  });
});
