import { afterEach, describe, expect, it } from 'vitest';
import { type VanDatabase } from '#renderer/db/database.ts';
import { adoptOlderStore } from '#renderer/db/older-store.ts';
import { positionOf, readOutbox } from '#renderer/db/outbox.ts';
import { countPending, isCaseSynced } from '#renderer/db/pending.ts';
import { appendMaterialsEvent, openTestVan, writeCaseHeader } from '../sync/helpers.ts';

const DEVICE = 'dev-mark';
// One van open at a time: RxDB's open core counts collections across the realm.
let open: VanDatabase | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const header = (db: VanDatabase, id: string) => writeCaseHeader(db, DEVICE, id);
const event = (db: VanDatabase, id: string, caseId: string) => appendMaterialsEvent(db, DEVICE, id, caseId);

describe('the outbox mark', () => {
  it('reads a store with one mark per collection as one mark below its first unanswered document, even one below another collection’s mark', async () => {
    const db = (open = await openTestVan());
    const a = await header(db, 'case-1');
    const b = await event(db, 'ev-1', 'case-1');
    const d = await header(db, 'case-2');
    await event(db, 'ev-2', 'case-2');
    const e = await db.caseEvents.findOne('ev-2').exec();
    // An older version's marks: its cases mark still at case-1, its events mark past ev-2.
    await db.upsertLocal('sync-outbox', { marks: { cases: positionOf(a), caseEvents: positionOf(e!) }, deviceId: DEVICE });

    const { mark } = await readOutbox(db);
    expect(mark).toEqual({ lwt: positionOf(d).lwt, id: '' });
    expect(mark.lwt).toBeGreaterThan(positionOf((await db.caseEvents.findOne(b.id).exec())!).lwt);
    // case-2 and ev-2 wait; case-1 and ev-1 are answered.
    expect((await countPending(db)).pendingDocuments).toBe(2);
    expect(await isCaseSynced(db, 'case-1')).toBe(true);
    expect(await isCaseSynced(db, 'case-2')).toBe(false);
    // The first send's takeover of an older store keeps it in the single form.
    await adoptOlderStore(db);
    const stored = (await db.getLocal('sync-outbox'))?.toJSON().data as Record<string, unknown>;
    expect(stored).toEqual({ mark, deviceId: DEVICE });
  });

  it('starts below everything on a new store', async () => {
    const db = (open = await openTestVan());
    await header(db, 'case-3');
    expect((await readOutbox(db)).mark).toEqual({ lwt: 0, id: '' });
    expect((await countPending(db)).pendingDocuments).toBe(1);
  });
});
