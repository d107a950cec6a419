import { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type TripDoc, VISIT_CATEGORIES } from '#protocol/documents/office.ts';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from './access.ts';
import { can } from './permissions.ts';
import { businessKindOptions, businessKindLabel } from './domain-adapter.ts';
import { html, type Html } from './html.ts';
import { flash, page } from './layout.ts';
import { getParsed, listParsed, parsedReads } from './office-data.ts';
import { APPOINTMENTS_SHOWN, appointmentsView, NewAppointment, NewTrip, parsePlanningForm, planTrip, PLANNING_PAGE, takeAppointment, tripsPage, type TripsPage } from './planning-service.ts';
import { P } from './planning-text.ts';
import { type OfficeDeps } from './deps.ts';
import { type Staff } from './session.ts';
import { refreshTripSnapshots } from '#server/sync/unit-snapshots.ts';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { typedFields } from '#domain/forms/typed-fields.ts';
import { todayInOffice } from './today.ts';

/** Where a page of the trips starts: older or newer than a trip (its id). */
const TripPageQuery = z.object({ older: z.string().min(1).max(200).optional(), newer: z.string().min(1).max(200).optional() });
const tripPageAt = (query: unknown) => TripPageQuery.safeParse(query).data ?? {};
const DateQuery = z.object({ from: z.iso.date().optional() });

/** A form posts the block as four fields; the API as an object. */
function tripInput(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const b = body as Record<string, unknown>;
  if ('receiptBlock' in b || b['blockFirst'] === undefined || b['blockFirst'] === '') return b;
  const n = (k: string) => Number(b[k]);
  return { ...b, receiptBlock: { prefix: typeof b['blockPrefix'] === 'string' ? b['blockPrefix'] : '', first: n('blockFirst'), last: n('blockLast'), width: n('blockWidth') } };
}

/** Appointments taken on the service phone, and trip planning (date, van, staff, appointments, receipt block). */
export function registerPlanningRoutes(app: FastifyInstance, deps: OfficeDeps): void {
  const { storage } = app.office;

  const ctx = app.office;

  async function createAppointment(staffId: string, body: unknown): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
    const p = parsePlanningForm(NewAppointment, body);
    if (!p.ok) return { ok: false, message: P.appointments.invalid(p.message) };
    return takeAppointment(ctx, deps.records, staffId, p.data);
  }

  async function createTrip(staff: Staff, body: unknown): Promise<{ ok: true; tripId: string; note: string | null } | { ok: false; message: string }> {
    const p = parsePlanningForm(NewTrip, tripInput(body));
    if (!p.ok) return { ok: false, message: P.trips.invalid(p.message) };
    return planTrip(ctx, deps.records, staff, p.data);
  }

  app.post(`${API_BASE}/office/appointments`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'appointments');
    if (!staff) return reply;
    const r = await createAppointment(staff.id, req.body);
    return r.ok ? reply.code(201).send({ id: r.id }) : reply.code(400).send({ code: 'malformed', message: r.message });
  });

  app.get<{ Querystring: { from?: string } }>(`${API_BASE}/office/appointments`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    const from = DateQuery.safeParse(req.query).data?.from ?? todayInOffice(ctx.clock);
    return appointmentsView(ctx, deps.records, from);
  });

  app.post(`${API_BASE}/office/trips`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'trips');
    if (!staff) return reply;
    const r = await createTrip(staff, req.body);
    return r.ok ? reply.code(201).send({ id: r.tripId, note: r.note }) : reply.code(400).send({ code: 'malformed', message: r.message });
  });

  app.get<{ Querystring: { older?: string; newer?: string } }>(`${API_BASE}/office/trips`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    const p = await tripsPage(storage.db, tripPageAt(req.query));
    return { trips: p.trips, from: p.from, total: p.total, pageSize: PLANNING_PAGE, older: p.older, newer: p.newer, more: p.older !== null };
  });

  app.get<{ Querystring: { msg?: string; err?: string; from?: string } }>('/office/appointments', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    return reply.type('text/html; charset=utf-8').send(await appointmentsPage(staff, flash(req), {}, DateQuery.safeParse(req.query).data?.from));
  });

  /**
   * The appointments page, the appointments from `from` on (today when not given); after a refused entry, the
   * form keeps what the service phone operator typed.
   */
  async function appointmentsPage(staff: Staff, notice: Html, typed: Record<string, string>, from?: string): Promise<string> {
    const v = (k: string) => typed[k] ?? '';
    const today = todayInOffice(ctx.clock);
    const { requests, moreRequests, appointments, moreAppointments } = await appointmentsView(ctx, deps.records, from ?? today);
    const rows: Html[] = [
      ...requests.map((r) => row(r.preferredDate, r.applicantName, r.phone, r.address, r.businessKind, r.category, r.tripId)),
      ...appointments.map((a) => row(a.scheduledAt.slice(0, 10), a.applicantName, a.phone, a.address, a.businessKind, a.category, a.tripId)),
    ];
    const form = can(staff, 'appointments')
      ? html`<h2>${P.appointments.newTitle}</h2><form method="post" action="/office/appointments" class="card grid">
<div><label for="applicantName">${P.appointments.applicant}</label><input id="applicantName" name="applicantName" required value="${v('applicantName')}"></div>
<div><label for="phone">${P.appointments.phone}</label><input id="phone" name="phone" required value="${v('phone')}"></div>
<div><label for="address">${P.appointments.address}</label><input id="address" name="address" required value="${v('address')}"></div>
<div><label for="businessKind">${P.appointments.businessKind}</label><select id="businessKind" name="businessKind">${businessKindOptions().map((k) => html`<option value="${k.code}"${k.code === v('businessKind') ? ' selected' : ''}>${k.label}</option>`)}</select></div>
<div><label for="category">${P.appointments.category}</label><select id="category" name="category">${VISIT_CATEGORIES.map((c) => html`<option value="${c}"${c === v('category') ? ' selected' : ''}>${P.categories[c] ?? c}</option>`)}</select></div>
<div><label for="preferredDate">${P.appointments.preferredDate}</label><input id="preferredDate" name="preferredDate" type="date" required value="${v('preferredDate')}"></div>
<div><label for="notes">${P.appointments.notes}</label><input id="notes" name="notes" value="${v('notes')}"></div>
<div><button type="submit">${P.appointments.submit}</button></div></form>`
      : '';
    // Each list shows at most APPOINTMENTS_SHOWN rows; when more exist the page says so. The requests leave their
    // list as they are planned; the appointments go on from the last day listed (that day again, so none is skipped).
    const lastDay = appointments.at(-1)?.scheduledAt.slice(0, 10);
    const more: Html[] = [
      moreRequests ? html`<p class="note" id="more-requests">${P.appointments.moreRequests(APPOINTMENTS_SHOWN)}</p>` : html``,
      moreAppointments && lastDay
        ? html`<p class="note" id="more-appointments">${P.appointments.moreAppointments(APPOINTMENTS_SHOWN, lastDay)}${
            lastDay > (from ?? today) ? html` <a href="/office/appointments?from=${lastDay}">${P.appointments.later(lastDay)}</a>` : html``
          }</p>`
        : html``,
    ];
    const pick = html`<form method="get" action="/office/appointments" class="inline"><label for="from">${P.appointments.fromDate}</label> <input id="from" name="from" type="date" value="${from ?? today}"> <button type="submit" class="secondary">${P.appointments.show}</button></form>`;
    const body = html`${notice}${form}<h2>${P.appointments.title}</h2><p>${from === undefined ? P.appointments.listed : P.appointments.listedFrom(from)}</p>${pick}${more}
<table><thead><tr>${P.appointments.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
    return page(P.appointments.title, body, staff);
  }

  app.post('/office/appointments', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'appointments');
    if (!staff) return reply;
    const r = await createAppointment(staff.id, req.body);
    if (r.ok) return reply.redirect(`/office/appointments?msg=${encodeURIComponent(P.appointments.saved)}`);
    // Refused: the page again with the reason and the form as typed (name, phone, address, notes).
    const typed = typedFields(req.body, ['applicantName', 'phone', 'address', 'businessKind', 'category', 'preferredDate', 'notes']);
    return reply.code(400).type('text/html; charset=utf-8').send(await appointmentsPage(staff, html`<p class="flag">${r.message}</p>`, typed));
  });

  app.get<{ Querystring: { msg?: string; warn?: string; err?: string; older?: string; newer?: string } }>('/office/trips', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    return reply.type('text/html; charset=utf-8').send(await tripsListPage(staff, flash(req), tripPageAt(req.query), null));
  });

  /**
   * The trips page from `at` (the newest first when not given), with a notice above it; after a refused trip, the
   * form again as typed with why it was refused beside it.
   */
  async function tripsListPage(staff: Staff, notice: Html, at: { older?: string; newer?: string }, refused: { message: string; typed: TypedTrip } | null): Promise<string> {
    const reads = parsedReads(storage.db);
    const listed = await tripsPage(storage.db, at);
    const { trips } = listed;
    const named = await reads.many('staff', trips.flatMap((t) => t.staffIds));
    const nameOf = (id: string) => named.find((s) => s.id === id)?.name ?? id;
    // The office's staff list (its people, not its records) offers the van clerks to pick from.
    const staffDocs = can(staff, 'trips') ? await listParsed(storage, 'staff') : [];
    // As on the appointments page: the earliest wished-for requests, and a word when more wait.
    const waiting = can(staff, 'trips') ? await deps.records.openAppointmentRequests(APPOINTMENTS_SHOWN + 1) : [];
    const open = waiting.slice(0, APPOINTMENTS_SHOWN);
    const typed = refused?.typed;
    const v = (k: keyof TypedTrip['text']) => typed?.text[k] ?? '';
    const picked = (k: 'staffIds' | 'appointmentRequestIds', id: string) => (typed?.[k].includes(id) === true ? ' checked' : '');
    const form = can(staff, 'trips')
      ? html`<h2 id="new-trip">${P.trips.newTitle}</h2>${refused ? html`<p class="flag" id="trip-refused">${refused.message}</p>` : ''}<form method="post" action="/office/trips" class="card">
<div class="grid"><div><label for="date">${P.trips.date}</label><input id="date" name="date" type="date" required value="${v('date')}"></div>
<div><label for="vanId">${P.trips.van}</label><input id="vanId" name="vanId" value="${typed ? v('vanId') : 'van-1'}" required></div>
<div><label for="title">${P.trips.tripTitle}</label><input id="title" name="title" required value="${v('title')}"></div></div>
<fieldset><legend>${P.trips.staff}</legend>${staffDocs.filter((s) => s.active && s.roles.includes('van-clerk')).map((s) => html`<label><input type="checkbox" name="staffIds" value="${s.id}" style="min-width:0"${picked('staffIds', s.id)}> ${s.name}</label>`)}</fieldset>
<fieldset><legend>${P.trips.pick}</legend>${waiting.length > APPOINTMENTS_SHOWN ? html`<p class="note" id="more-to-pick">${P.trips.morePick(APPOINTMENTS_SHOWN)}</p>` : ''}${open.map((r) => html`<label><input type="checkbox" name="appointmentRequestIds" value="${r.id}" style="min-width:0"${picked('appointmentRequestIds', r.id)}> ${r.preferredDate} ${r.applicantName} ${r.address}</label>`)}</fieldset>
<fieldset><legend>${P.trips.block}</legend><div class="grid">
<div><label for="blockPrefix">${P.trips.prefix}</label><input id="blockPrefix" name="blockPrefix" value="${v('blockPrefix')}"></div>
<div><label for="blockFirst">${P.trips.first}</label><input id="blockFirst" name="blockFirst" type="number" min="1" value="${v('blockFirst')}"></div>
<div><label for="blockLast">${P.trips.last}</label><input id="blockLast" name="blockLast" type="number" min="1" value="${v('blockLast')}"></div>
<div><label for="blockWidth">${P.trips.width}</label><input id="blockWidth" name="blockWidth" type="number" min="1" max="12" value="${typed ? v('blockWidth') : '6'}"></div></div></fieldset>
<p><button type="submit">${P.trips.submit}</button></p></form>`
      : '';
    const today = todayInOffice(app.office.clock);
    // The age of a trip's snapshots matters before it leaves: shown for today's and later trips only.
    const oldest = new Map<string, string | null>();
    for (const t of trips.filter((x) => x.date >= today)) {
      let min: string | null = null;
      for (const id of t.unitIds) {
        const u = await getParsed(storage, 'units', id);
        if (u && (min === null || u.snapshotAt < min)) min = u.snapshotAt;
      }
      oldest.set(t.id, min);
    }
    const snapshotCell = (t: TripDoc): Html => {
      const at = oldest.get(t.id);
      const age = at === undefined ? '' : at === null ? P.trips.noUnits : P.trips.oldestSnapshot(chinaDateTime(at));
      const button = can(staff, 'trips')
        ? html`<form method="post" action="/office/trips/${encodeURIComponent(t.id)}/unit-snapshots" style="display:inline"><button type="submit">${P.trips.refresh}</button></form>`
        : '';
      return html`${age} ${button}`;
    };
    const rows = trips.map(
      (t) => html`<tr><td>${t.date}</td><td>${t.vanId}</td><td>${t.title}</td><td>${t.staffIds.map(nameOf).join('、')}</td><td>${t.appointmentIds.length}</td>
<td>${t.receiptBlock ? `${t.receiptBlock.prefix}${String(t.receiptBlock.first).padStart(t.receiptBlock.width, '0')} – ${t.receiptBlock.prefix}${String(t.receiptBlock.last).padStart(t.receiptBlock.width, '0')}` : P.trips.noBlock}</td>
<td>${snapshotCell(t)}</td>
<td>${can(staff, 'reconcile') ? html`<a href="/office/trips/${encodeURIComponent(t.id)}/reconciliation">${P.trips.reconcile}</a>` : ''}</td></tr>`,
    );
    const body = html`${notice}${tripsPager(listed)}<table><thead><tr>${P.trips.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>${tripsPager(listed)}${form}`;
    return page(P.trips.title, body, staff);
  }

  app.post<{ Params: { id: string } }>('/office/trips/:id/unit-snapshots', async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'trips'))) return reply;
    const trip = await getParsed(storage, 'trips', req.params.id);
    if (!trip) return reply.redirect(`/office/trips?err=${encodeURIComponent(P.trips.notFound)}`);
    const r = await refreshTripSnapshots(app.office, trip, { freshForMs: 0 });
    return reply.redirect(`/office/trips?msg=${encodeURIComponent(P.trips.refreshed(trip.date, r.units, chinaDateTime(r.snapshotAt)))}`);
  });

  app.post('/office/trips', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'trips');
    if (!staff) return reply;
    const r = await createTrip(staff, req.body);
    // Refused: the page again with the form as typed and why, beside it (nothing was stored).
    if (!r.ok) return reply.code(400).type('text/html; charset=utf-8').send(await tripsListPage(staff, html``, {}, { message: r.message, typed: typedTrip(req.body) }));
    // Made, with something to look at (its receipt block refused): a warning, not an error.
    return reply.redirect(r.note ? `/office/trips?warn=${encodeURIComponent(r.note)}` : `/office/trips?msg=${encodeURIComponent(P.trips.created)}`);
  });
}

/** What a refused trip form had typed: its text fields, and the van clerks and requests ticked. */
type TypedTrip = { text: Record<'date' | 'vanId' | 'title' | 'blockPrefix' | 'blockFirst' | 'blockLast' | 'blockWidth', string>; staffIds: string[]; appointmentRequestIds: string[] };

function typedTrip(body: unknown): TypedTrip {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const ticked = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  return {
    text: typedFields(body, ['date', 'vanId', 'title', 'blockPrefix', 'blockFirst', 'blockLast', 'blockWidth']),
    staffIds: ticked(b['staffIds']),
    appointmentRequestIds: ticked(b['appointmentRequestIds']),
  };
}

/** Where the page stands among the trips and the links to the pages either side, as the review queue pages. */
function tripsPager(p: TripsPage): Html {
  if (p.trips.length === 0) return html``;
  const link = (side: 'older' | 'newer', id: string, text: string) => html` <a href="/office/trips?${side}=${encodeURIComponent(id)}">${text}</a>`;
  return html`<p class="pager">${P.trips.shown(p.from, p.from + p.trips.length - 1, p.total)}${p.newer === null ? html`` : link('newer', p.newer, P.trips.newer)}${
    p.older === null ? html`` : link('older', p.older, P.trips.older)
  }</p>`;
}

function row(date: string, name: string, phone: string, address: string, kind: string, category: string, tripId: string | null): Html {
  return html`<tr><td>${date}</td><td>${name}</td><td>${phone}</td><td>${address}</td><td>${businessKindLabel(kind)}</td><td>${P.categories[category] ?? category}</td><td>${tripId ?? P.appointments.unplanned}</td></tr>`;
}
