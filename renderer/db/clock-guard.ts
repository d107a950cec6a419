import { getChangedDocumentsSince, type RxStorageInstance } from 'rxdb';
import { VAN_COLLECTIONS } from '#protocol/collections.ts';
import { type VanDatabase } from './database.ts';

/**
 * The van's own documents go to the office in RxDB's local write order (`_meta.lwt`, outbox.ts), which RxDB
 * takes from the laptop's clock and keeps rising only within one run of the app. A clock set back across a
 * restart (a flat CMOS battery, a wrong manual setting) would stamp new documents below ones already stored, so
 * below the outbox's mark: never sent, never pending, their case shown as synced. So the van writes none of its
 * own documents while the clock is earlier than a document it holds, and says why; the write is refused whole
 * before anything is stored, and goes through once the clock is right. Fiscal cash registers refuse a receipt
 * dated before their last one for the same reason.
 */
export class ClockBehindError extends Error {}

/**
 * RxDB stamps a write a fraction of a millisecond past the clock, and writes within one millisecond further on
 * (its `now()`), so a store written under a stopped clock (a test's) holds stamps slightly ahead of it. A second
 * of slack lets that pass; a clock set back slips through only if the first write after the restart falls within
 * that second before the newest stored stamp.
 */
const SLACK_MS = 1000;
const BEIJING_MS = 8 * 3600_000;
/** `2026-12-05 09:30` in Beijing time (UTC+8, no daylight saving), whatever the laptop's time zone. */
const beijing = (ms: number): string => new Date(ms + BEIJING_MS).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The earliest stored write stamped at or after `now` by the laptop's clock, if any, read as RxDB's replication reads
 * changes: along the storage's write-time index from `now` on, which reads nothing while the clock is right. (A
 * collection query would add RxDB's `_deleted` filter and be planned on another index, walking every document.)
 */
export async function stampedAfter(db: VanDatabase, name: (typeof VAN_COLLECTIONS)[number], now: number): Promise<number | undefined> {
  // Only the stamps are read, so the collections' document types do not matter here.
  const storage = db[name].storageInstance as unknown as RxStorageInstance<{ id: string }, unknown, unknown>;
  const { documents } = await getChangedDocumentsSince(storage, 1, { lwt: now, id: '' });
  return documents[0]?._meta.lwt;
}

export function guardWriteClock(db: VanDatabase): void {
  // Once the clock is at or past every stored write, RxDB stamps this run's writes higher still (its clock only
  // rises within a run), so the check is made until it passes once, and then no more.
  let passed = false;
  const check = async (): Promise<void> => {
    if (passed) return;
    const now = Date.now();
    for (const name of VAN_COLLECTIONS) {
      const lwt = await stampedAfter(db, name, now + SLACK_MS);
      if (lwt !== undefined) throw new ClockBehindError(`本机时间（${beijing(now)}）早于本机已保存记录的时间（${beijing(lwt)}），为免资料无法同步，暂不能保存。请先把电脑时间校准为北京时间，再重试。`);
    }
    passed = true;
  };
  for (const name of VAN_COLLECTIONS) db[name].preInsert(check, false);
}
