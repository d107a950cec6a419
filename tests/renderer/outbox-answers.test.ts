import { afterEach, describe, expect, it } from 'vitest';
import { type OutboxResult, type OutboxRow } from '#protocol/messages.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { drainOutbox } from '#renderer/db/outbox.ts';
import { countPending } from '#renderer/db/pending.ts';
import { appendMaterialsEvent, openTestVan, writeCaseHeader } from '../sync/helpers.ts';

const DEVICE = 'dev-answers';
// One van open at a time: RxDB's open core counts collections across the realm.
let open: VanDatabase | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const stored = (r: OutboxRow): OutboxResult => ({ collection: r.collection, id: r.doc.id, status: 'stored' });

describe('the outbox’s reading of the office’s answers', () => {
  it('takes none of an answer that skips a row it was sent, and sends that row again', async () => {
    const db = (open = await openTestVan());
    await writeCaseHeader(db, DEVICE, 'case-1');
    await appendMaterialsEvent(db, DEVICE, 'ev-1', 'case-1');
    await appendMaterialsEvent(db, DEVICE, 'ev-2', 'case-1');
    // An office answering the first and the last row of three (the middle one unanswered, not refused).
    const skipping = { outbox: (rows: OutboxRow[]) => Promise.resolve([rows[0], rows[2]].flatMap((r) => (r ? [stored(r)] : []))) };
    await expect(drainOutbox(db, skipping, DEVICE, 10, () => undefined)).rejects.toThrow(/第 2 条答复/);
    expect((await countPending(db)).pendingDocuments).toBe(3);

    const sent: string[] = [];
    const office = { outbox: (rows: OutboxRow[]) => (sent.push(...rows.map((r) => r.doc.id)), Promise.resolve(rows.map(stored))) };
    await drainOutbox(db, office, DEVICE, 10, () => undefined);
    expect(sent).toEqual(['case-1', 'ev-1', 'ev-2']);
    expect((await countPending(db)).pendingDocuments).toBe(0);
  });
});
