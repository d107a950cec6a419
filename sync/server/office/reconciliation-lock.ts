import { amendRefusal, type ReconciliationRefusal } from '#domain/reconciliation/sign-off.ts';
import { type Tx } from '#office/platform/db/db.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { TripDoc } from '#protocol/documents/office.ts';
import { T } from './office-text.ts';
import { R } from './reconciliation-page-text.ts';
import { tripRecords } from './records.ts';

export type Refused = { ok: false; status: 404 | 409; message: string };
export type ReconcileOutcome<T extends object = object> = ({ ok: true } & T) | Refused;

const REFUSAL_TEXT: Record<ReconciliationRefusal, string> = { 'already-signed': R.alreadySigned, 'return-first': R.returnFirst, 'note-required': R.noteRequired };
export const refused = (r: ReconciliationRefusal): Refused => ({ ok: false, status: 409, message: REFUSAL_TEXT[r] });
export const notFound: Refused = { ok: false, status: 404, message: T.notFound };

/**
 * Every office server takes this database lock before it changes what a trip's reconciliation is made of (the
 * return, an appointment's outcome, a channel's statement), so the "not signed off yet" check and the write it
 * guards are one step: the write lands before the sign-off (which then signs it) or is refused after it, never in
 * between.
 */
const reconciliationLock = (tripId: string): string => `trip-reconciliation:${tripId}`;

export async function lockedTrip(tx: Tx, tripId: string): Promise<TripDoc | undefined> {
  await tx.lock(reconciliationLock(tripId));
  const stored = await documentReads(tx).get('trips', tripId);
  return stored ? TripDoc.parse(stored.body) : undefined;
}

/**
 * The trip under its reconciliation lock while it may still be changed: not found (nor what `has` asks of it),
 * or signed off, is the refusal.
 */
export async function amendableTrip(tx: Tx, tripId: string, has: (trip: TripDoc) => boolean = () => true): Promise<TripDoc | Refused> {
  const trip = await lockedTrip(tx, tripId);
  if (!trip || !has(trip)) return notFound;
  const refusal = amendRefusal((await tripRecords(tx).signOffOf(tripId)) !== undefined);
  return refusal ? refused(refusal) : trip;
}
