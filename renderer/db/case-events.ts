import { type PayloadIssue, checkEventPayload } from '#protocol/documents/event-payloads.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { hashEvent } from '#protocol/domain-bridge.ts';
import { type UnhashedCaseEvent } from '#domain/case/events.ts';
import { causalAt } from '#domain/case/causal-time.ts';
import { turns } from '#domain/one-at-a-time.ts';
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
const appendTurns = new WeakMap<VanDatabase, ReturnType<typeof turns>>();

/**
 * Appends an event to this device's hash chain: `seq` is the device's next number, `prevHash` the hash of
 * its previous event, `hash` the domain's hash of the whole event. Appends are serialized per database. The
 * payload is checked against its kind first (the office applies the same check).
 */
export async function appendCaseEvent(db: VanDatabase, deviceId: string, input: NewCaseEvent): Promise<CaseEvent> {
  return (await append(db, deviceId, input, 'throw-if-stored')).event;
}

/**
 * Appends the event unless an event with its id is already stored, and then returns the stored one: for
 * writes with fixed ids that a retried save repeats (the intake's first event, a receipt's fee event). One
 * write instead of a read and a write; a refused insert takes no place in the chain.
 */
export function appendCaseEventOnce(db: VanDatabase, deviceId: string, input: NewCaseEvent): Promise<{ event: CaseEvent; appended: boolean }> {
  return append(db, deviceId, input, 'keep-stored');
}

function append(db: VanDatabase, deviceId: string, input: NewCaseEvent, ifStored: 'throw-if-stored' | 'keep-stored'): Promise<{ event: CaseEvent; appended: boolean }> {
  const issue = checkEventPayload(input.kind, input.payload);
  if (issue) return Promise.reject(new InvalidEventPayloadError(input.kind, issue));
  const run = async (): Promise<{ event: CaseEvent; appended: boolean }> => {
    const last = await chainHead(db, deviceId);
    const at = await causalTime(db, deviceId, input);
    const unhashed = { ...input, at, deviceId, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? null };
    const event = { ...unhashed, hash: hashEvent(unhashed as UnhashedCaseEvent) };
    if (ifStored === 'throw-if-stored') {
      await db.caseEvents.insert(event);
    } else {
      const { error } = await db.caseEvents.bulkInsert([event]);
      const refused = error[0];
      if (refused?.status === 409 && refused.documentInDb) return { event: refused.documentInDb, appended: false };
      if (refused) throw new Error(`case event ${event.id}: write refused (${refused.status})`);
    }
    knownHeads(db).set(deviceId, { seq: event.seq, hash: event.hash });
    return { event, appended: true };
  };
  let turn = appendTurns.get(db);
  if (!turn) appendTurns.set(db, (turn = turns()));
  return turn(run);
}

/**
 * The event's time by the case's causal rule (`causalAt` in domain/case/causal-time.ts), from the case's events
 * stamped at or after the clock's time: one read along the [caseId, at] index, which finds nothing while the
 * clocks agree. The stored event a retried append of the same id meets is not one to go after.
 */
async function causalTime(db: VanDatabase, deviceId: string, input: NewCaseEvent): Promise<string> {
  const later = await db.caseEvents.find({ selector: { caseId: input.caseId, at: { $gte: input.at } }, sort: [{ caseId: 'asc' }, { at: 'asc' }] }).exec();
  return causalAt(input.at, deviceId, later.filter((e) => e.id !== input.id));
}

type ChainLink = Pick<CaseEvent, 'seq' | 'hash'>;

// The newest event each device was last seen with, per database: a lower bound for the next search.
const seen = new WeakMap<VanDatabase, Map<string, ChainLink>>();

function knownHeads(db: VanDatabase): Map<string, ChainLink> {
  let known = seen.get(db);
  if (!known) seen.set(db, (known = new Map<string, ChainLink>()));
  return known;
}

/**
 * The head of the device's chain (seq and hash of its newest event), for its next append and its report. RxDB on IndexedDB walks an index upwards only: asking for the highest `seq`
 * first read every event of the device (0.85 s with 40,000 on the first append after a launch), and so
 * does an IndexedDB count. Instead the [deviceId, seq] index is probed upwards ("the first event at or
 * above n"): doubling steps from the last event seen, then halving, about 2·log2(events) one-row reads
 * after a launch and two or three after that. Gaps in `seq` cannot mislead it: each probe returns a real
 * event.
 */
export async function chainHead(db: VanDatabase, deviceId: string): Promise<ChainLink | null> {
  const known = knownHeads(db);
  let best = known.get(deviceId) ?? null;
  let step = 1;
  let above: number; // no event at or above this seq
  for (;;) {
    const probe = (best?.seq ?? 0) + step;
    const found = await firstAtOrAbove(db, deviceId, probe);
    if (!found) {
      above = probe;
      break;
    }
    best = found;
    step *= 2;
  }
  while (above - (best?.seq ?? 0) > 1) {
    const mid = Math.floor(((best?.seq ?? 0) + above) / 2);
    const found = await firstAtOrAbove(db, deviceId, mid);
    if (found && found.seq < above) best = found;
    else above = mid;
  }
  if (best) known.set(deviceId, { seq: best.seq, hash: best.hash });
  return best && { seq: best.seq, hash: best.hash };
}

/** The device's first event at or above `seq`, along the [deviceId, seq] index. */
const firstAtOrAbove = (db: VanDatabase, deviceId: string, seq: number) =>
  db.caseEvents.findOne({ selector: { deviceId, seq: { $gte: seq } }, sort: [{ deviceId: 'asc' }, { seq: 'asc' }] }).exec();

/** A case's events in time order (for `projectCase` in domain/case/lifecycle.ts). */
export async function caseHistory(db: VanDatabase, caseId: string): Promise<CaseEvent[]> {
  const docs = await db.caseEvents.find({ selector: { caseId }, sort: [{ caseId: 'asc' }, { at: 'asc' }] }).exec();
  return docs.map((d) => d.toJSON() as CaseEvent);
}
