import { type Db, type Queryable } from '#office/platform/db/db.ts';
import { sql, sqlLimit, sqlList } from '#office/platform/db/sql.ts';

/**
 * The office-only records of the review and trip work (tables of migration 0002_office-records.sql and
 * 0003): nothing here replicates. Over the office database port, so the same code runs on SQLite and
 * PostgreSQL; each call is atomic on its own.
 */
export type OfficeRecords = {
  addAppointmentRequest(r: AppointmentRequest): Promise<void>;
  /** The requests not yet planned into a trip, by preferred date (the index of migration 0031), at most `limit`. */
  openAppointmentRequests(limit: number): Promise<AppointmentRequest[]>;
  /** The requests with these ids, planned or not. */
  appointmentRequests(ids: readonly string[]): Promise<AppointmentRequest[]>;
  listQueueSkips(caseId?: string): Promise<QueueSkip[]>;
  saveTripReturn(r: TripReturn): Promise<void>;
  tripReturn(tripId: string): Promise<TripReturn | undefined>;
  /** Records the sign-off; `false` when the trip was already signed off (a sign-off is final). */
  signOff(s: TripSignOff): Promise<boolean>;
  signOffOf(tripId: string): Promise<TripSignOff | undefined>;
  /** Records (or corrects, before sign-off) what happened to an appointment that produced no case. */
  setAppointmentOutcome(o: AppointmentOutcome): Promise<void>;
  appointmentOutcomes(tripId: string): Promise<AppointmentOutcome[]>;
  /** The 承诺时限 the office has set, by business kind (migration 0012); kinds it never set are absent. */
  promisedLimits(): Promise<Record<string, number>>;
  /** Who last set the 承诺时限 table and when; null while the national defaults apply. */
  promisedLimitsSet(): Promise<{ setBy: string; setAt: string } | null>;
  /** Replaces the office's 承诺时限 table in one transaction (already checked by the domain). */
  setPromisedLimits(limits: Readonly<Record<string, number>>, setBy: string, setAt: string): Promise<void>;
};

export type AppointmentRequest = {
  id: string;
  applicantName: string;
  phone: string;
  address: string;
  businessKind: string;
  category: string;
  preferredDate: string;
  notes: string;
  createdBy: string;
  createdAt: string;
  tripId: string | null;
};

export type QueueSkip = { id: number; caseId: string; level: 1 | 2 | 3; staffId: string; reason: string; skippedIds: string[]; at: string };
export const APPOINTMENT_OUTCOMES = ['rescheduled', 'cancelled', 'not-home', 'other'] as const;
export type AppointmentOutcome = { appointmentId: string; tripId: string; outcome: (typeof APPOINTMENT_OUTCOMES)[number]; note: string; recordedBy: string; recordedAt: string };
export type TripReturn = { tripId: string; byMethod: Record<string, number>; unusedNumbers: string[]; declaredBy: string; declaredAt: string };
export type TripSignOff = { tripId: string; staffId: string; staffName: string; note: string; report: string; reportHash: string; signedAt: string };

type RequestRow = {
  id: string;
  applicant_name: string;
  phone: string;
  address: string;
  business_kind: string;
  category: string;
  preferred_date: string;
  notes: string;
  created_by: string;
  created_at: string;
  trip_id: string | null;
};

const REQUEST_COLUMNS = sql`id, applicant_name, phone, address, business_kind, category, preferred_date, notes, created_by, created_at, trip_id`;

const requestOf = (r: RequestRow): AppointmentRequest => ({
  id: r.id,
  applicantName: r.applicant_name,
  phone: r.phone,
  address: r.address,
  businessKind: r.business_kind,
  category: r.category,
  preferredDate: r.preferred_date,
  notes: r.notes,
  createdBy: r.created_by,
  createdAt: r.created_at,
  tripId: r.trip_id,
});

/** Marks a request planned into `tripId` inside the caller's transaction; false when it was already planned. */
export const markRequestPlanned = async (tx: Queryable, id: string, tripId: string): Promise<boolean> =>
  (await tx.run(sql`UPDATE office_appointment_requests SET trip_id = ${tripId} WHERE id = ${id} AND trip_id IS NULL`)) === 1;

/** Records why a case was taken ahead of older ones, inside the caller's transaction (the review action's own). */
export async function recordQueueSkipIn(q: Queryable, s: Omit<QueueSkip, 'id'>): Promise<void> {
  await q.run(sql`INSERT INTO office_queue_skips (case_id, level, staff_id, reason, skipped_ids, at)
    VALUES (${s.caseId}, ${s.level}, ${s.staffId}, ${s.reason}, ${JSON.stringify(s.skippedIds)}, ${s.at})`);
}

export type TripRecords = Pick<OfficeRecords, 'saveTripReturn' | 'tripReturn' | 'signOff' | 'signOffOf' | 'setAppointmentOutcome' | 'appointmentOutcomes'>;

/** A trip's reconciliation records on any connection, so a service can read and write them inside its own transaction. */
export function tripRecords(q: Queryable): TripRecords {
  return {
    saveTripReturn: async (r) => {
      await q.run(sql`INSERT INTO office_trip_returns (trip_id, by_method, unused_numbers, declared_by, declared_at)
        VALUES (${r.tripId}, ${JSON.stringify(r.byMethod)}, ${JSON.stringify(r.unusedNumbers)}, ${r.declaredBy}, ${r.declaredAt})
        ON CONFLICT (trip_id) DO UPDATE SET by_method = excluded.by_method, unused_numbers = excluded.unused_numbers,
          declared_by = excluded.declared_by, declared_at = excluded.declared_at`);
    },
    tripReturn: async (tripId) => {
      const r = await q.get<{ trip_id: string; by_method: string; unused_numbers: string; declared_by: string; declared_at: string }>(
        sql`SELECT trip_id, by_method, unused_numbers, declared_by, declared_at FROM office_trip_returns WHERE trip_id = ${tripId}`,
      );
      return (
        r && {
          tripId: r.trip_id,
          byMethod: JSON.parse(r.by_method) as Record<string, number>,
          unusedNumbers: JSON.parse(r.unused_numbers) as string[],
          declaredBy: r.declared_by,
          declaredAt: r.declared_at,
        }
      );
    },
    signOff: async (s) =>
      (await q.run(sql`INSERT INTO office_trip_signoffs (trip_id, staff_id, staff_name, note, report, report_hash, signed_at)
          VALUES (${s.tripId}, ${s.staffId}, ${s.staffName}, ${s.note}, ${s.report}, ${s.reportHash}, ${s.signedAt})
          ON CONFLICT (trip_id) DO NOTHING`)) === 1,
    signOffOf: async (tripId) => {
      const r = await q.get<{ trip_id: string; staff_id: string; staff_name: string; note: string; report: string; report_hash: string; signed_at: string }>(
        sql`SELECT trip_id, staff_id, staff_name, note, report, report_hash, signed_at FROM office_trip_signoffs WHERE trip_id = ${tripId}`,
      );
      return r && { tripId: r.trip_id, staffId: r.staff_id, staffName: r.staff_name, note: r.note, report: r.report, reportHash: r.report_hash, signedAt: r.signed_at };
    },
    setAppointmentOutcome: async (o) => {
      await q.run(sql`INSERT INTO office_appointment_outcomes (appointment_id, trip_id, outcome, note, recorded_by, recorded_at)
        VALUES (${o.appointmentId}, ${o.tripId}, ${o.outcome}, ${o.note}, ${o.recordedBy}, ${o.recordedAt})
        ON CONFLICT (appointment_id) DO UPDATE SET outcome = excluded.outcome, note = excluded.note,
          recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`);
    },
    appointmentOutcomes: async (tripId) =>
      (
        await q.all<{ appointment_id: string; trip_id: string; outcome: AppointmentOutcome['outcome']; note: string; recorded_by: string; recorded_at: string }>(
          sql`SELECT appointment_id, trip_id, outcome, note, recorded_by, recorded_at FROM office_appointment_outcomes WHERE trip_id = ${tripId} ORDER BY appointment_id`,
        )
      ).map((r) => ({ appointmentId: r.appointment_id, tripId: r.trip_id, outcome: r.outcome, note: r.note, recordedBy: r.recorded_by, recordedAt: r.recorded_at })),
  };
}

/** The office records on the office's own database (the same connection pool as everything else). */
export function officeRecords(q: Db): OfficeRecords {
  return {
    addAppointmentRequest: async (r) => {
      await q.run(sql`INSERT INTO office_appointment_requests (id, applicant_name, phone, address, business_kind, category, preferred_date, notes, created_by, created_at, trip_id)
        VALUES (${r.id}, ${r.applicantName}, ${r.phone}, ${r.address}, ${r.businessKind}, ${r.category}, ${r.preferredDate}, ${r.notes}, ${r.createdBy}, ${r.createdAt}, ${r.tripId})`);
    },
    openAppointmentRequests: async (limit) =>
      (await q.all<RequestRow>(sql`SELECT ${REQUEST_COLUMNS} FROM office_appointment_requests WHERE trip_id IS NULL ORDER BY preferred_date, created_at ${sqlLimit(limit)}`)).map(requestOf),
    appointmentRequests: async (ids) =>
      ids.length === 0 ? [] : (await q.all<RequestRow>(sql`SELECT ${REQUEST_COLUMNS} FROM office_appointment_requests WHERE id IN ${sqlList([...new Set(ids)])} ORDER BY preferred_date, created_at`)).map(requestOf),
    listQueueSkips: async (caseId) => {
      const where = caseId === undefined ? sql`` : sql`WHERE case_id = ${caseId}`;
      const rows = await q.all<{ id: number; case_id: string; level: 1 | 2 | 3; staff_id: string; reason: string; skipped_ids: string; at: string }>(
        sql`SELECT id, case_id, level, staff_id, reason, skipped_ids, at FROM office_queue_skips ${where} ORDER BY id`,
      );
      return rows.map((r) => ({ id: r.id, caseId: r.case_id, level: r.level, staffId: r.staff_id, reason: r.reason, skippedIds: JSON.parse(r.skipped_ids) as string[], at: r.at }));
    },
    ...tripRecords(q),
    promisedLimits: async () =>
      Object.fromEntries((await q.all<{ business_kind: string; working_days: number }>(sql`SELECT business_kind, working_days FROM office_promised_limits`)).map((r) => [r.business_kind, r.working_days])),
    promisedLimitsSet: async () => {
      const r = await q.get<{ set_by: string; set_at: string }>(sql`SELECT set_by, set_at FROM office_promised_limits ORDER BY set_at DESC LIMIT 1`);
      return r ? { setBy: r.set_by, setAt: r.set_at } : null;
    },
    setPromisedLimits: (limits, setBy, setAt) =>
      q.transaction(async (tx) => {
        await tx.run(sql`DELETE FROM office_promised_limits`);
        for (const [kind, days] of Object.entries(limits)) {
          await tx.run(sql`INSERT INTO office_promised_limits (business_kind, working_days, set_by, set_at) VALUES (${kind}, ${days}, ${setBy}, ${setAt})`);
        }
      }),
  };
}
