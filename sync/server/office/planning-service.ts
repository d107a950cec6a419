import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { officeId, tripId as tripIdFor } from '#domain/city/office-ids.ts';
import { AppointmentDoc, ReceiptBlock, TripDoc, VISIT_CATEGORIES } from '#protocol/documents/office.ts';
import { type Queryable } from '#office/platform/db/db.ts';
import { documentReads, documentWrites } from '#office/replication/document-store.ts';
import { type OfficeContext } from '#server/context.ts';
import { allocateReceiptBlock } from '#server/admin/receipt-block-service.ts';
import { AUTH_TEXT } from '#server/auth/auth-text.ts';
import { shareTripStaff } from '#server/sync/staff-audience.ts';
import { type FormParse, parseForm } from '#domain/forms/form-issues.ts';
import { businessKindOptions, promisedLimitsFrom } from './domain-adapter.ts';
import { parsedReads } from './office-data.ts';
import { P } from './planning-text.ts';
import { type AppointmentRequest, markRequestPlanned, type OfficeRecords } from './records.ts';
import { type Staff } from './session.ts';

export const NewAppointment = z.object({
  applicantName: z.string().trim().min(1).max(100),
  phone: z.string().trim().regex(/^[0-9+\- ]{5,30}$/, '电话号码只能包含数字、+、-'),
  address: z.string().trim().min(1).max(300),
  businessKind: z.string().min(1).max(60),
  category: z.enum(VISIT_CATEGORIES),
  preferredDate: z.iso.date(),
  notes: z.string().max(2000).default(''),
});

const listOf = z.preprocess((v): unknown[] => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(z.string().min(1).max(100)));
export const NewTrip = z.object({
  date: z.iso.date(),
  vanId: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(200),
  staffIds: listOf,
  appointmentRequestIds: listOf,
  receiptBlock: ReceiptBlock.nullable().default(null),
});

/** The form's name of each field of an appointment or a trip, as its page labels it. */
const FIELD_NAMES: Record<string, string> = {
  applicantName: P.appointments.applicant, phone: P.appointments.phone, address: P.appointments.address, businessKind: P.appointments.businessKind,
  category: P.appointments.category, preferredDate: P.appointments.preferredDate, notes: P.appointments.notes,
  date: P.trips.date, vanId: P.trips.van, title: P.trips.tripTitle, staffIds: P.trips.staff, appointmentRequestIds: P.trips.pick, receiptBlock: P.trips.block,
};

/** A planning form read by its schema, or what is wrong with it in the words of its page: each field by its label (zod's own messages are English). */
export const parsePlanningForm = <S extends z.ZodType>(schema: S, input: unknown): FormParse<z.output<S>> => parseForm(schema, input, FIELD_NAMES, P.issues);

type PlanningCtx = Pick<OfficeContext, 'storage' | 'hub' | 'clock' | 'areaCode' | 'adminRoles'>;

/** Takes an appointment from the service phone. */
export async function takeAppointment(ctx: PlanningCtx, records: OfficeRecords, staffId: string, input: z.infer<typeof NewAppointment>): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  if (!businessKindOptions().some((k) => k.code === input.businessKind)) return { ok: false, message: P.appointments.invalid('业务类型') };
  const r: AppointmentRequest = { id: officeId(ctx.areaCode, 'appt', randomUUID()), ...input, createdBy: staffId, createdAt: ctx.clock.now().toISOString(), tripId: null };
  await records.addAppointmentRequest(r);
  return { ok: true, id: r.id };
}

const appointmentOf = (r: AppointmentRequest, tripId: string, date: string, now: string): AppointmentDoc =>
  AppointmentDoc.parse({
    id: r.id,
    tripId,
    applicantName: r.applicantName,
    phone: r.phone,
    address: r.address,
    category: r.category,
    businessKind: r.businessKind,
    unitIds: [],
    scheduledAt: `${date}T09:00:00+08:00`,
    notes: r.notes,
    updatedAt: now,
    _deleted: false,
  });

/**
 * Plans a trip in one transaction: the requests it takes are marked planned (only those not planned yet, so a
 * request never goes on two trips), each becomes an appointment document visible to the trip's van only, and
 * the trip is written. Then the trip's van clerks go to its van, and the trip gets its receipt block through
 * the one allocation service (its overlap check and write in one transaction) when the planner may allocate
 * blocks (an office administrator); a refused block leaves the trip planned and says why.
 */
export async function planTrip(ctx: PlanningCtx, records: OfficeRecords, staff: Staff, input: z.infer<typeof NewTrip>): Promise<{ ok: true; tripId: string; note: string | null } | { ok: false; message: string }> {
  if (input.receiptBlock && input.receiptBlock.last < input.receiptBlock.first) return { ok: false, message: P.trips.invalid('终止号小于起始号') };
  const tripId = tripIdFor(ctx.areaCode, input.date, randomUUID().slice(0, 8));
  const now = ctx.clock.now().toISOString();
  // The promise the trip's notices will print (承诺时限), as the office has set it today.
  const promisedLimits = { ...promisedLimitsFrom(await records.promisedLimits()) };
  const wanted = await records.appointmentRequests(input.appointmentRequestIds);
  const sameDay = await sameDayOverlap(ctx.storage.db, input);
  const audience = { audienceVans: [input.vanId], ownerDevice: null };
  const trip = await ctx.storage.db.transaction(async (tx) => {
    const planned: AppointmentRequest[] = [];
    for (const r of wanted) {
      if (r.tripId === null && (await markRequestPlanned(tx, r.id, tripId))) planned.push(r);
    }
    const appointments = planned.map((r) => appointmentOf(r, tripId, input.date, now));
    const body = TripDoc.parse({
      id: tripId, date: input.date, vanId: input.vanId, title: input.title, staffIds: input.staffIds, appointmentIds: appointments.map((a) => a.id),
      unitIds: [], receiptBlock: null, promisedLimits, updatedAt: now, _deleted: false,
    });
    await documentWrites(tx).upsertOffice('appointments', appointments.map((a) => ({ body: a, ...audience })), now);
    await documentWrites(tx).upsertOffice('trips', [{ body, ...audience }], now);
    return body;
  });
  ctx.hub.publish('appointments', { vanIds: [input.vanId], ownerDevice: null });
  ctx.hub.publish('trips', { vanIds: [input.vanId], ownerDevice: null });
  await shareTripStaff(ctx.storage, ctx.hub, trip);
  const notes: string[] = [];
  if (sameDay !== null) notes.push(sameDay);
  if (input.receiptBlock) {
    const admin = ctx.adminRoles;
    const r = staff.roles.some((role) => admin.includes(role)) ? await allocateReceiptBlock(ctx, tripId, input.receiptBlock) : { ok: false as const, message: AUTH_TEXT.roleRequired(admin) };
    if (!r.ok) notes.push(P.trips.blockRefused(r.message));
  }
  return { ok: true, tripId, note: notes.length === 0 ? null : notes.join(' ') };
}

/**
 * What a new trip shares with the trips already planned on its day: the same van, or a van clerk already on one.
 * Not a refusal (two runs of one van in a day, a clerk on two, may be meant), a note to look at.
 */
async function sameDayOverlap(q: Queryable, input: z.infer<typeof NewTrip>): Promise<string | null> {
  const others = await parsedReads(q).tripsOn(input.date);
  const van = others.some((t) => t.vanId === input.vanId) ? input.vanId : null;
  const busy = [...new Set(input.staffIds.filter((id) => others.some((t) => t.staffIds.includes(id))))];
  if (van === null && busy.length === 0) return null;
  const named = await parsedReads(q).many('staff', busy);
  return P.trips.sameDay(input.date, van, busy.map((id) => named.find((s) => s.id === id)?.name ?? id));
}

/** How many rows a planning list shows at once. */
export const PLANNING_PAGE = 50;

/** A page of the trips and where it stands: rows `from`–`from + trips.length - 1` of `total`, newest first. */
export type TripsPage = {
  trips: TripDoc[];
  from: number;
  total: number;
  /** The trip to page older from (the last shown), when older ones follow. */
  older: string | null;
  /** The trip to page newer from (the first shown), when newer ones come before. */
  newer: string | null;
};

/**
 * A page of the trips, newest first: the newest page, or the page older or newer than a trip (`older=`/`newer=`
 * its id). Keyed on the trip (its date and id), not on an offset, so a trip planned while someone pages does not
 * shift the rows under them. One row more is read than shown, so a page that ends exactly at the last trip offers
 * no link to an empty page; a newer page short of a whole page is the newest page (the list starts there). A trip
 * named that is not there (deleted, mistyped) gives the newest page.
 */
export async function tripsPage(q: Queryable, at: { older?: string; newer?: string } = {}, size = PLANNING_PAGE): Promise<TripsPage> {
  const reads = parsedReads(q);
  const named = at.older ?? at.newer;
  const anchor = named === undefined ? undefined : (await reads.many('trips', [named]))[0];
  let trips: TripDoc[];
  let olderFollow: boolean;
  if (anchor && at.older !== undefined) {
    const read = await reads.tripsByDate({ side: 'older', date: anchor.date, id: anchor.id }, size + 1);
    trips = read.slice(0, size);
    olderFollow = read.length > size;
  } else {
    const read = anchor ? await reads.tripsByDate({ side: 'newer', date: anchor.date, id: anchor.id }, size) : [];
    if (read.length === size) {
      trips = read;
      olderFollow = true; // the anchor itself is older
    } else {
      const first = await reads.tripsByDate(null, size + 1);
      trips = first.slice(0, size);
      olderFollow = first.length > size;
    }
  }
  const head = trips[0];
  const { total, newer } = await documentReads(q).tripCounts(head ? { date: head.date, id: head.id } : null);
  return { trips, from: newer + 1, total, older: olderFollow ? (trips.at(-1)?.id ?? null) : null, newer: newer > 0 && head ? head.id : null };
}

/** How many rows of each list the appointments page shows: the requests not yet planned, the appointments from a day on. */
export const APPOINTMENTS_SHOWN = 4 * PLANNING_PAGE;

export type AppointmentsView = {
  requests: AppointmentRequest[];
  /** More requests wait than are listed (the earliest wished-for dates are). */
  moreRequests: boolean;
  appointments: AppointmentDoc[];
  /** More appointments follow the last listed. */
  moreAppointments: boolean;
};

/**
 * The appointments page: the requests not yet planned, and the appointments from `from` (a date) on, at most
 * `APPOINTMENTS_SHOWN` of each. One row more is read than shown, so the page can say that more exist.
 */
export async function appointmentsView(ctx: Pick<OfficeContext, 'storage'>, records: OfficeRecords, from: string): Promise<AppointmentsView> {
  const requests = await records.openAppointmentRequests(APPOINTMENTS_SHOWN + 1);
  const appointments = await parsedReads(ctx.storage.db).appointmentsFrom(from, APPOINTMENTS_SHOWN + 1);
  return {
    requests: requests.slice(0, APPOINTMENTS_SHOWN),
    moreRequests: requests.length > APPOINTMENTS_SHOWN,
    appointments: appointments.slice(0, APPOINTMENTS_SHOWN),
    moreAppointments: appointments.length > APPOINTMENTS_SHOWN,
  };
}
