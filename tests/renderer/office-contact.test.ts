import { BehaviorSubject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { followOfficeContact, offlineLockOf, recordOfficeContact } from '#renderer/db/office-contact.ts';
import { eventually, openTestVan } from '../sync/helpers.ts';

describe('the van remembers when it last reached its office', () => {
  it('locks after the configured days from the last successful sync, and a new sync lifts it', async () => {
    const db = await openTestVan();
    try {
      const state$ = new BehaviorSubject<{ lastSuccessAt: string | null }>({ lastSuccessAt: null });
      const follow = followOfficeContact(db, state$);
      expect(await offlineLockOf(db, new Date('2026-12-20T00:00:00Z'), 14)).toMatchObject({ locked: false });
      state$.next({ lastSuccessAt: '2026-12-01T08:00:00.000Z' });
      await eventually(async () => (await offlineLockOf(db, new Date('2026-12-20T00:00:00Z'), 14)).locked, 5_000, 'lock');
      expect(await offlineLockOf(db, new Date('2026-12-14T07:59:59Z'), 14)).toEqual({ locked: false, daysOffline: 12, daysLeft: 2 });
      state$.next({ lastSuccessAt: '2026-12-19T08:00:00.000Z' });
      await eventually(async () => !(await offlineLockOf(db, new Date('2026-12-20T00:00:00Z'), 14)).locked, 5_000, 'unlock');
      // An older time never moves the mark back.
      await recordOfficeContact(db, '2026-11-01T00:00:00.000Z');
      expect(await offlineLockOf(db, new Date('2026-12-20T00:00:00Z'), 14)).toMatchObject({ locked: false, daysOffline: 0 });
      follow.unsubscribe();
    } finally {
      await db.close();
    }
  });
});
