/**
 * When this van last reached its office, kept as a local document of its database so the offline
 * lock (domain/staff/offline-lock.ts) survives restarts. It is a policy control on the laptop's own
 * clock, not cryptography: the encrypted store (encrypted-storage.ts) is what protects the data.
 */
import { type Observable, distinctUntilChanged, filter, map } from 'rxjs';
import { type OfflineLock, offlineLock } from '#domain/staff/offline-lock.ts';
import { type VanDatabase } from './database.ts';

const CONTACT_DOC = 'office-contact';
type Contact = { at: string };

export async function recordOfficeContact(db: VanDatabase, at: string): Promise<void> {
  const stored = await db.getLocal<Contact>(CONTACT_DOC);
  const previous = stored ? (stored.toJSON().data as Contact).at : null;
  if (previous === null || previous < at) await db.upsertLocal<Contact>(CONTACT_DOC, { at });
}

export async function offlineLockOf(db: VanDatabase, now: Date, lockDays: number): Promise<OfflineLock> {
  const stored = await db.getLocal<Contact>(CONTACT_DOC);
  return offlineLock(stored ? (stored.toJSON().data as Contact).at : null, now.toISOString(), lockDays);
}

/** Records every successful round with the office (the sync controller's `lastSuccessAt`). */
export function followOfficeContact(db: VanDatabase, lastSuccess$: Observable<{ lastSuccessAt: string | null }>): { unsubscribe(): void } {
  return lastSuccess$
    .pipe(
      map((s) => s.lastSuccessAt),
      filter((at): at is string => at !== null),
      distinctUntilChanged(),
    )
    .subscribe((at) => void recordOfficeContact(db, at));
}
