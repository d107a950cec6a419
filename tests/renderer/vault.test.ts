import { describe, expect, it } from 'vitest';
import { encryptValue, decryptValue } from '#renderer/db/encrypted-storage.ts';
import { openSlot, unlock } from '#renderer/db/vault.ts';

/** Fewer PBKDF2 rounds than the app's 600,000 keep the test quick; one case below uses the real count. */
const FAST = 1_000;

describe('the van’s data key in password key slots', () => {
  it('creates the data key at the first login and opens it offline with that password only', async () => {
    const first = await unlock(null, null, 'staff-zhangwei', 'jms-demo-2026');
    expect(first).toMatchObject({ ok: true, changed: true });
    if (!first.ok) return;
    expect(first.record.slots.map((s) => s.staffId)).toEqual(['staff-zhangwei']);
    expect(first.record.slots[0]!.iterations).toBe(600_000);
    const sealed = await encryptValue(first.key, '230803194501012345', 'cases/c/applicants');
    const reopened = await openSlot(first.record, 'staff-zhangwei', 'jms-demo-2026');
    expect(await decryptValue(reopened!, sealed, 'cases/c/applicants')).toBe('230803194501012345');
    expect(await openSlot(first.record, 'staff-zhangwei', 'jms-demo-2027')).toBeNull();
  });

  it('gives a clerk whose password the van never saw a slot only while the key is open, then lets them in alone', async () => {
    const a = await unlock(null, null, 'staff-a', 'password-a', FAST);
    if (!a.ok) throw new Error('no vault');
    // A fresh start, nobody logged in: the newcomer has no slot and the key is not in memory.
    expect(await unlock(a.record, null, 'staff-b', 'password-b', FAST)).toEqual({ ok: false, reason: 'no-slot' });
    // A has unlocked this session; B logs in (password checked against the office's hash): B gets a slot.
    const b = await unlock(a.record, a.key, 'staff-b', 'password-b', FAST);
    expect(b).toMatchObject({ ok: true, changed: true });
    if (!b.ok) return;
    expect(b.record.slots.map((s) => s.staffId).sort()).toEqual(['staff-a', 'staff-b']);
    const later = await unlock(b.record, null, 'staff-b', 'password-b', FAST);
    expect(later).toMatchObject({ ok: true, changed: false });
    const sealed = await encryptValue(a.key, 'x', 'c');
    if (later.ok) expect(await decryptValue(later.key, sealed, 'c')).toBe('x');
  });

  it('replaces a slot after a password change at the office, while the key is open', async () => {
    const a = await unlock(null, null, 'staff-a', 'old-password', FAST);
    if (!a.ok) throw new Error('no vault');
    const changed = await unlock(a.record, a.key, 'staff-a', 'new-password', FAST);
    if (!changed.ok) throw new Error('not opened');
    expect(changed.record.slots).toHaveLength(1);
    expect(await openSlot(changed.record, 'staff-a', 'old-password')).toBeNull();
    expect(await openSlot(changed.record, 'staff-a', 'new-password')).not.toBeNull();
  });
});
