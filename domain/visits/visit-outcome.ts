import { isReasonGiven } from '#domain/reasons.ts';
import { type Result, err, ok } from '#domain/result.ts';

/** 未遇 (nobody at the door), 改约 (moved to another day), 放弃 (the applicant gave up). */
export type VisitOutcomeKind = 'not-home' | 'rescheduled' | 'cancelled';
export const VISIT_OUTCOME_KINDS: readonly VisitOutcomeKind[] = ['not-home', 'rescheduled', 'cancelled'];

/** Where an appointment of the trip stands: 待办, 已受理 (a case was opened), or what came of the visit. */
export type AppointmentState = 'pending' | 'accepted' | VisitOutcomeKind;
export const APPOINTMENT_STATES: readonly AppointmentState[] = ['pending', 'accepted', 'not-home', 'rescheduled', 'cancelled'];

/** What the clerk records at the door. */
export type VisitRequest = {
  outcome: VisitOutcomeKind;
  /** Why (改约, 放弃: required) or what happened (未遇: optional). */
  note: string;
  /** 改约: the day and the Beijing time of day agreed, `YYYY-MM-DD` and `HH:mm`. */
  rescheduledTo?: string;
  rescheduledTime?: string;
};

/** A recorded outcome of one appointment (the van's ledger entry or the office's record). */
export type RecordedVisit = VisitRequest & { appointmentId: string; at: string };

export type VisitRefusal = 'reason-required' | 'date-required' | 'date-not-after-trip' | 'time-invalid' | 'already-accepted';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Checks an outcome before it is recorded. An appointment that has a case is done and takes no outcome; 改约
 * names a day after the trip's and a time, and says why; 放弃 says why. The text is trimmed, and fields an
 * outcome does not use are dropped, so what is stored is what was meant.
 */
export function checkVisit(req: VisitRequest, facts: { tripDate: string; hasCase: boolean }): Result<VisitRequest, VisitRefusal> {
  if (facts.hasCase) return err('already-accepted');
  const note = req.note.trim();
  if (req.outcome === 'not-home') return ok({ outcome: 'not-home', note });
  if (!isReasonGiven('visitOutcome', note)) return err('reason-required');
  if (req.outcome === 'cancelled') return ok({ outcome: 'cancelled', note });
  const date = req.rescheduledTo?.trim() ?? '';
  const time = req.rescheduledTime?.trim() ?? '';
  if (!DATE.test(date)) return err('date-required');
  if (date <= facts.tripDate) return err('date-not-after-trip');
  if (!TIME.test(time)) return err('time-invalid');
  return ok({ outcome: 'rescheduled', note, rescheduledTo: date, rescheduledTime: time });
}

export type AppointmentLine = { appointmentId: string; state: AppointmentState; visit: RecordedVisit | null };

/**
 * Each appointment's state, in the order given: 已受理 when a case names it (a case outweighs any outcome: the
 * applicant came back), else the latest outcome recorded (a newer entry corrects an older one), else 待办.
 */
export function appointmentStates(appointmentIds: readonly string[], withCase: ReadonlySet<string>, visits: readonly RecordedVisit[]): AppointmentLine[] {
  const latest = new Map<string, RecordedVisit>();
  for (const v of visits) {
    const seen = latest.get(v.appointmentId);
    if (!seen || v.at > seen.at) latest.set(v.appointmentId, v);
  }
  return appointmentIds.map((appointmentId) => {
    if (withCase.has(appointmentId)) return { appointmentId, state: 'accepted', visit: null };
    const visit = latest.get(appointmentId) ?? null;
    return { appointmentId, state: visit?.outcome ?? 'pending', visit };
  });
}

/** How many appointments are in each state (every state present, zero included). */
export function countStates(lines: readonly AppointmentLine[]): Record<AppointmentState, number> {
  const counts = Object.fromEntries(APPOINTMENT_STATES.map((s) => [s, 0])) as Record<AppointmentState, number>;
  for (const l of lines) counts[l.state] += 1;
  return counts;
}
