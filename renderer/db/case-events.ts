import { type PayloadIssue, checkEventPayload } from '#protocol/documents/event-payloads.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { hashEvent } from '#protocol/domain-bridge.ts';
import { type UnhashedCaseEvent } from '#domain/case/events.ts';
import { type VanDatabase } from './database.ts';

/** A new event before it joins the chain: the envelope fields the caller knows, and the domain body (kind + payload). */
export type NewCaseEvent = Pick<UnhashedCaseEvent, 'id' | 'caseId' | 'at' | 'actor'> & Pick<UnhashedCaseEvent, 'kind' | 'payload'>;

export type CaseEvent = Omit<CaseEventDoc, '_deleted'>;

/**
 * The app tried to record an event whose payload does not match its kind: a bug in the screen that built
 * it, not a user mistake, so it is thrown rather than returned. Nothing is appended and the chain is
 * unchanged (the office would refuse the event, and a refused event holds back its case's later ones).
 */
export class InvalidEventPayloadError extends Error {
  constructor(
    readonly kind: string,
    readonly issue: PayloadIssue,
  ) {
    super(`case event ${kind}: payload.${issue.path} ${issue.message}`);
  }
}

// One append at a time per database: seq and prevHash come from the device's last event.
const queues = new WeakMap<VanDatabase, Promise<unknown>>();

/**
 * Appends an event to this device's hash chain: `seq` is the device's next number, `prevHash` the hash of
 * its previous event, `hash` the domain's hash of the whole event. Appends are serialized per database. The
 * payload is checked against its kind first (the office applies the same check).
 */
export function appendCaseEvent(db: VanDatabase, deviceId: string, input: NewCaseEvent): Promise<CaseEvent> {
  const issue = checkEventPayload(input.kind, input.payload);
  if (issue) return Promise.reject(new InvalidEventPayloadError(input.kind, issue));
  const run = async (): Promise<CaseEvent> => {
    const last = await lastEventOf(db, deviceId);
    const unhashed = { ...input, deviceId, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? null };
    const event = { ...unhashed, hash: hashEvent(unhashed as UnhashedCaseEvent) };
    await db.caseEvents.insert(event);
    return event;
  };
  const next = (queues.get(db) ?? Promise.resolve()).then(run, run);
  queues.set(db, next.catch(() => undefined));
  return next;
}

/**
 * The device's newest event. RxDB on IndexedDB walks an index upwards only, so asking for the highest
 * `seq` first reads every event of the device (tens of thousands on a van after a year) on the first
 * append after a launch. A device's `seq`s are distinct positive integers, so the highest is at least
 * their count: reading upwards from the count on the [deviceId, seq] index finds it in one step.
 */
async function lastEventOf(db: VanDatabase, deviceId: string) {
  const count = await db.caseEvents.count({ selector: { deviceId } }).exec();
  if (count === 0) return null;
  const tail = await db.caseEvents.find({ selector: { deviceId, seq: { $gte: count } }, sort: [{ deviceId: 'asc' }, { seq: 'asc' }] }).exec();
  if (tail.length > 0) return tail[tail.length - 1] ?? null;
  // Only a chain with a repeated seq (which the office reports as broken) gets here: read it all.
  return db.caseEvents.findOne({ selector: { deviceId }, sort: [{ deviceId: 'desc' }, { seq: 'desc' }] }).exec();
}

/** A case's events in time order (for `projectCase` in domain/case/lifecycle.ts). */
export async function caseHistory(db: VanDatabase, caseId: string): Promise<CaseEvent[]> {
  const docs = await db.caseEvents.find({ selector: { caseId }, sort: [{ caseId: 'asc' }, { at: 'asc' }] }).exec();
  return docs.map((d) => d.toJSON() as CaseEvent);
}
