import { type VisitOutcomeEntry } from '#protocol/documents/ledger.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type RecordedVisit, type VisitRefusal, type VisitRequest, checkVisit } from '#domain/visits/visit-outcome.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { insertNew } from '#renderer/db/insert-new.ts';
import { type LedgerRow } from '#renderer/db/schemas/trip-ledger.ts';

type Ctx = { db: VanDatabase; deviceId: string; staffId: string; now: () => Date; newId: () => string };

/**
 * Records what came of an appointment at the door (未遇, 改约, 放弃) as an entry of the trip ledger, which syncs
 * to the office like a case. The domain checks it against the van's stored cases read afresh, so a stale screen
 * cannot record an outcome for an appointment that was just accepted. Entries are never changed: a newer one
 * corrects an older one.
 */
export async function recordVisit(ctx: Ctx, trip: { id: string; date: string }, appointmentId: string, req: VisitRequest): Promise<Result<RecordedVisit, VisitRefusal>> {
  const hasCase = (await ctx.db.cases.find({ selector: { tripId: trip.id, appointmentId } }).exec()).length > 0;
  const checked = checkVisit(req, { tripDate: trip.date, hasCase });
  if (!checked.ok) return err(checked.error);
  const v = checked.value;
  const at = ctx.now().toISOString();
  const entry: Omit<VisitOutcomeEntry, '_deleted'> = {
    id: `visit:${appointmentId}:${ctx.newId()}`, kind: 'visit-outcome', tripId: trip.id, deviceId: ctx.deviceId, appointmentId,
    outcome: v.outcome, note: v.note, ...(v.rescheduledTo ? { rescheduledTo: v.rescheduledTo } : {}), ...(v.rescheduledTime ? { rescheduledTime: v.rescheduledTime } : {}),
    at, actor: ctx.staffId,
  };
  await insertNew(ctx.db.tripLedger, [entry]);
  return ok({ ...v, appointmentId, at });
}

/** The visit outcomes among a trip's ledger rows, for `appointmentStates`. */
export function visitsOf(rows: readonly LedgerRow[]): RecordedVisit[] {
  return rows.flatMap((r) =>
    r.kind === 'visit-outcome'
      ? [{ appointmentId: r.appointmentId, outcome: r.outcome, note: r.note, at: r.at, ...(r.rescheduledTo ? { rescheduledTo: r.rescheduledTo } : {}), ...(r.rescheduledTime ? { rescheduledTime: r.rescheduledTime } : {}) }]
      : [],
  );
}
