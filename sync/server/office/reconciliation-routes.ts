import { NOTICE_PENDING_TEXT } from './domain-adapter.ts';
import { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fen, formatYuan, formatYuanText, parseYuan, YUAN_PARSE_ERROR_TEXT } from '#domain/money.ts';
import { DISCREPANCY_TEXT, SEVERITY_TEXT } from '#domain/reconciliation/reconciliation-text.ts';
import { netTakenFen } from '#domain/reconciliation/money-checks.ts';
import { declaredText } from './reconciliation-view.ts';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from './access.ts';
import { can } from './permissions.ts';
import { beijingTime } from './format.ts';
import { type Html, html } from './html.ts';
import { flash, page } from './layout.ts';
import { T } from './office-text.ts';
import { type OfficeDeps } from './deps.ts';
import { APPOINTMENT_OUTCOMES } from './records.ts';
import { APPOINTMENT_STATES, type AppointmentState } from '#domain/visits/visit-outcome.ts';
import { APPOINTMENT_STATE_TEXT, visitSummary } from '#domain/visits/visit-text.ts';
import { typedFields } from '#domain/forms/typed-fields.ts';
import { reconciliationPdf } from './reconciliation-pdf.ts';
import { R } from './reconciliation-page-text.ts';
import { compactNumbers, findingRows } from './reconciliation-view.ts';
import { reconcileTripAtOffice, saveOutcome, saveReturn, signOff, type TripReconciliation } from './reconciliation-service.ts';
import { type Staff } from './session.ts';
import { getParsed } from './office-data.ts';
import { type ReconciliationPage, renderStatements } from './statement-routes.ts';

/** A yuan amount typed on the form, parsed by the domain (digits, never floats); empty means none, a missing field is no entry. */
const yuanToFen = z.string().max(40).transform((s, ctx) => {
  if (s.trim() === '') return 0;
  const r = parseYuan(s);
  if (r.ok) return r.value;
  ctx.addIssue({ code: 'custom', message: YUAN_PARSE_ERROR_TEXT[r.error] });
  return z.NEVER;
});
const ReturnBody = z.object({
  cash: yuanToFen,
  bankCard: yuanToFen,
  unusedNumbers: z.string().max(20_000),
});
const SignOffBody = z.object({ note: z.string().max(4000) });
const OutcomeBody = z.object({ outcome: z.enum(APPOINTMENT_OUTCOMES), note: z.string().trim().max(1000).default('') });

/** What a refused form had typed in, to show it again. */
type Typed = { returned?: Record<string, string>; signOff?: Record<string, string> };

/** Turns "1001-1003, 1007" into each written number; the numbers are compared as the van prints them. */
function parseNumbers(raw: string): string[] | undefined {
  const out: string[] = [];
  for (const part of raw.split(/[\s,，、]+/).filter(Boolean)) {
    const m = /^(.*?)(\d+)-(?:\1)?(\d+)$/.exec(part);
    if (m) {
      const [, prefix = '', a = '', b = ''] = m;
      const from = Number(a);
      const to = Number(b);
      if (to < from || to - from > 10_000) return undefined;
      for (let n = from; n <= to; n++) out.push(`${prefix}${String(n).padStart(a.length, '0')}`);
    } else out.push(part);
  }
  return out;
}

export function registerReconciliationRoutes(app: FastifyInstance, deps: OfficeDeps): ReconciliationPage {
  const ctx = app.office;
  const { storage } = ctx;
  const METHOD_LABEL: Record<string, string> = R.methods;

  app.get<{ Params: { id: string } }>(`${API_BASE}/office/trips/:id/reconciliation`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'reconcile'))) return reply;
    const r = await reconcileTripAtOffice(ctx, deps.records, req.params.id, deps.statements);
    if (!r) return reply.code(404).send({ code: 'not-found', message: T.notFound });
    return { ...r.result, caseLines: r.cases, returned: r.returned, signOff: (await deps.records.signOffOf(req.params.id)) ?? null, statements: r.statements };
  });

  app.post<{ Params: { id: string } }>(`${API_BASE}/office/trips/:id/return`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'reconcile');
    if (!staff) return reply;
    const out = await postReturn(staff, req.params.id, req.body);
    return out.ok ? reply.send({ ok: true }) : reply.code(out.status).send({ code: out.status === 404 ? 'not-found' : 'malformed', message: out.message });
  });

  app.post<{ Params: { id: string } }>(`${API_BASE}/office/trips/:id/sign-off`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'signOff');
    if (!staff) return reply;
    const out = await postSignOff(staff, req.params.id, req.body);
    return out.ok ? reply.code(201).send({ reportHash: out.hash }) : reply.code(out.status).send({ code: out.status === 404 ? 'not-found' : out.status === 400 ? 'malformed' : 'conflict', message: out.message });
  });

  app.post<{ Params: { id: string; appointmentId: string } }>(`${API_BASE}/office/trips/:id/appointments/:appointmentId/outcome`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'reconcile');
    if (!staff) return reply;
    const out = await postOutcome(staff, req.params.id, req.params.appointmentId, req.body);
    return out.ok ? reply.send({ ok: true }) : reply.code(out.status).send({ code: out.status === 404 ? 'not-found' : 'malformed', message: out.message });
  });

  app.post<{ Params: { id: string; appointmentId: string } }>('/office/trips/:id/appointments/:appointmentId/outcome', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'reconcile');
    if (!staff) return reply;
    const out = await postOutcome(staff, req.params.id, req.params.appointmentId, req.body);
    const back = `/office/trips/${encodeURIComponent(req.params.id)}/reconciliation`;
    return reply.redirect(out.ok ? `${back}?msg=${encodeURIComponent(R.outcomeSaved)}` : `${back}?err=${encodeURIComponent(out.message)}`);
  });

  /** What happened at the door of an appointment with no case: parsed here, decided and written by the service. */
  async function postOutcome(staff: Staff, tripId: string, appointmentId: string, body: unknown): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
    const p = OutcomeBody.safeParse(body);
    if (!p.success) return { ok: false, status: 400, message: R.badOutcome };
    return saveOutcome(ctx, staff, tripId, appointmentId, p.data);
  }

  app.get<{ Params: { id: string } }>('/office/trips/:id/reconciliation.pdf', async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'reconcile'))) return reply;
    const r = await reconcileTripAtOffice(ctx, deps.records, req.params.id, deps.statements);
    if (!r) return reply.code(404).send({ code: 'not-found', message: T.notFound });
    const pdf = await reconciliationPdf(r, (await deps.records.signOffOf(req.params.id)) ?? null, ctx.clock.now());
    return reply.type('application/pdf').header('content-disposition', `inline; filename="reconciliation-${encodeURIComponent(r.trip.id)}.pdf"`).send(Buffer.from(pdf));
  });

  /** The return as typed on the form or sent as JSON: parsed here, checked against the sign-off and written by the service. */
  async function postReturn(staff: Staff, tripId: string, body: unknown): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
    const p = ReturnBody.safeParse(body);
    // A yuan amount the domain refuses says why; a field missing or of another type is no return form at all.
    if (!p.success) return { ok: false, status: 400, message: [...new Set(p.error.issues.map((i) => (i.code === 'custom' ? i.message : R.badReturn)))].join('；') };
    const unused = parseNumbers(p.data.unusedNumbers);
    if (!unused) return { ok: false, status: 400, message: R.badNumbers };
    const byMethod = Object.fromEntries(Object.entries({ cash: p.data.cash, 'bank-card': p.data.bankCard }).filter(([, v]) => v > 0));
    return saveReturn(ctx, staff, tripId, { byMethod, unusedNumbers: unused });
  }

  /** Signs off the report as it stands now. With open errors the signer must write why (the note). */
  async function postSignOff(staff: Staff, tripId: string, body: unknown): Promise<{ ok: true; hash: string } | { ok: false; status: number; message: string }> {
    const p = SignOffBody.safeParse(body);
    if (!p.success) return { ok: false, status: 400, message: R.badSignOff };
    return signOff(ctx, deps.records, staff, tripId, p.data.note.trim(), deps.statements);
  }

  app.get<{ Params: { id: string }; Querystring: { msg?: string; err?: string } }>('/office/trips/:id/reconciliation', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'reconcile');
    if (!staff) return reply;
    const shown = await reconciliationPage(staff, req.params.id, flash(req));
    return reply.code(shown.status).type('text/html; charset=utf-8').send(shown.body);
  });

  async function reconciliationPage(staff: Staff, tripId: string, notice: Html, typed: Typed = {}): Promise<{ status: number; body: string }> {
    const r = await reconcileTripAtOffice(ctx, deps.records, tripId, deps.statements);
    if (!r) return { status: 404, body: page(T.notFound, html``, staff) };
    const signed = await deps.records.signOffOf(tripId);
    const statements = r.statements;
    const importers: Record<string, string> = {};
    for (const s of statements) importers[s.importedBy] = (await getParsed(storage, 'staff', s.importedBy))?.name ?? s.importedBy;
    const section = renderStatements(tripId, statements, !signed, importers);
    return { status: 200, body: page(R.title(r.trip.date, r.trip.vanId), [notice, renderReport(r, signed ?? null, staff, typed), section], staff) };
  }

  app.post<{ Params: { id: string } }>('/office/trips/:id/return', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'reconcile');
    if (!staff) return reply;
    const out = await postReturn(staff, req.params.id, req.body);
    if (out.ok) return reply.redirect(`/office/trips/${encodeURIComponent(req.params.id)}/reconciliation?msg=${encodeURIComponent(R.returnSaved)}`);
    // Refused: the page again with the reason and the form as typed, so the amounts and the numbers need not be typed again.
    const shown = await reconciliationPage(staff, req.params.id, html`<p class="flag">${out.message}</p>`, { returned: typedFields(req.body, ['cash', 'bankCard', 'unusedNumbers'], 20_000) });
    return reply.code(shown.status === 200 ? out.status : shown.status).type('text/html; charset=utf-8').send(shown.body);
  });

  app.post<{ Params: { id: string } }>('/office/trips/:id/sign-off', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'signOff');
    if (!staff) return reply;
    const out = await postSignOff(staff, req.params.id, req.body);
    if (out.ok) return reply.redirect(`/office/trips/${encodeURIComponent(req.params.id)}/reconciliation?msg=${encodeURIComponent(R.signed)}`);
    // Refused: the page again with the reason and the note as written.
    const shown = await reconciliationPage(staff, req.params.id, html`<p class="flag">${out.message}</p>`, { signOff: typedFields(req.body, ['note'], 20_000) });
    return reply.code(shown.status === 200 ? out.status : shown.status).type('text/html; charset=utf-8').send(shown.body);
  });

  function renderLists(t: TripReconciliation) {
    const C = R.caseColumns;
    const N = R.receiptColumns;
    return html`<h2>${R.casesTitle}（${t.cases.length}）</h2>
<table id="trip-cases"><thead><tr><th>${C.caseNumber}</th><th>${C.applicants}</th><th>${C.business}</th><th>${C.acceptedAt}</th></tr></thead><tbody>${t.cases.map(
      (c) => html`<tr><td><a href="/office/cases/${encodeURIComponent(c.caseId)}">${c.caseNumber ?? R.noCaseNumber}</a></td><td>${c.applicants}</td><td>${c.business}</td><td>${c.awaitsNotice ? NOTICE_PENDING_TEXT : beijingTime(c.acceptedAt)}</td></tr>`,
    )}</tbody></table>
<h2>${R.receiptsTitle}（${t.receipts.length}）</h2>
<table id="trip-receipts"><thead><tr><th>${N.number}</th><th>${N.caseNumber}</th><th>${N.payer}</th><th>${N.amount}</th><th>${N.method}</th><th>${N.state}</th></tr></thead><tbody>${t.receipts.map(
      (x) => html`<tr><td>${x.number}</td><td>${x.caseNumber ?? R.noCaseNumber}</td><td>${x.payer}</td><td>${formatYuanText(x.amountFen)}</td><td>${METHOD_LABEL[x.method] ?? x.method}</td><td>${x.voided ? R.receiptVoided : R.receiptValid}</td></tr>`,
    )}</tbody></table>`;
  }

  /** Each appointment of the trip with its state: 已受理 (its case), what the van or the office recorded, or 待办. */
  function renderAppointments(t: TripReconciliation) {
    const states = t.appointments.map((a) => (a.caseId ? 'accepted' : (a.outcome?.outcome ?? 'pending')));
    const counts = APPOINTMENT_STATES.map((s) => `${APPOINTMENT_STATE_TEXT[s]} ${states.filter((x) => x === s).length}`).join(' · ');
    return html`<h2>${R.appointmentsTitle}（${t.appointments.length}）</h2><p id="appointment-counts">${counts}</p>
<table id="trip-appointments"><thead><tr><th>${R.appointmentColumns.applicant}</th><th>${R.appointmentColumns.state}</th><th>${R.appointmentColumns.detail}</th><th>${R.appointmentColumns.recorded}</th></tr></thead><tbody>${t.appointments.map((a, i) => {
      const state = states[i] ?? 'pending';
      const o = a.outcome;
      const label = state in APPOINTMENT_STATE_TEXT ? APPOINTMENT_STATE_TEXT[state as AppointmentState] : (R.outcomes[state] ?? state);
      const detail = a.caseId
        ? html`<a href="/office/cases/${encodeURIComponent(a.caseId)}">${a.caseNumber ?? R.noCaseNumber}</a>`
        : o ? (o.outcome === 'other' ? o.note : visitSummary({ outcome: o.outcome, note: o.note, rescheduledTo: o.rescheduledTo, rescheduledTime: o.rescheduledTime })) : R.noOutcome;
      return html`<tr data-appointment="${a.appointmentId}" data-state="${state}"><td>${t.names[a.appointmentId] ?? a.applicantName}</td><td>${label}</td><td>${detail}</td>
<td>${o ? `${R.outcomeSource[o.source]} ${t.staffNames[o.recordedBy] ?? o.recordedBy} ${beijingTime(o.recordedAt)}` : ''}</td></tr>`;
    })}</tbody></table>`;
  }

  function renderReport(t: TripReconciliation, signed: Awaited<ReturnType<typeof deps.records.signOffOf>> | null, staff: Staff, typed: Typed) {
    const r = t.result;
    const rows = findingRows(t);
    // The return form shows what was just typed when it was refused, else what is stored.
    const returned = typed.returned ?? {
      cash: t.returned ? formatYuan(fen(t.returned.byMethod['cash'] ?? 0)) : '',
      bankCard: t.returned ? formatYuan(fen(t.returned.byMethod['bank-card'] ?? 0)) : '',
      unusedNumbers: t.returned ? compactNumbers(t.returned.unusedNumbers) : '',
    };
    const cards = [
      [R.cards.cases, `${r.cases.received} / ${r.cases.taken}`],
      [R.cards.numbers, `${r.receiptNumbers.issued + r.receiptNumbers.voided + r.receiptNumbers.unused + r.receiptNumbers.notGranted} / ${r.receiptNumbers.total}`],
      [R.cards.money, `${formatYuanText(netTakenFen(r.money))} / ${formatYuanText(r.money.expectedFen)}`, R.moneyParts(formatYuanText(r.money.chargedFen), formatYuanText(r.money.refundedFen))],
      [R.cards.scans, `${r.scans.verified} / ${r.scans.expected}`],
      [R.cards.chains, `${r.chains.intact} / ${r.chains.devices}`],
    ];
    return html`<p>${t.trip.title}</p>
<div class="grid">${cards.map(([k, v, parts]) => html`<div class="card"><small>${k}</small><div class="big">${v}</div>${parts === undefined ? '' : html`<small id="money-parts">${parts}</small>`}</div>`)}</div>
<p id="verdict">${r.isClean ? html`<span class="tag ok">${R.clean}</span>` : html`<span class="tag bad">${R.notClean(rows.filter((d) => d.severity === 'error').length)}</span>`}
 <a class="button secondary" href="/office/trips/${encodeURIComponent(t.trip.id)}/reconciliation.pdf">${R.pdf}</a></p>
<h2>${R.numbersTitle}</h2><p>${R.numbersLine(r.receiptNumbers)}</p>
<h2>${R.moneyTitle}</h2><table><thead><tr><th>${R.method}</th><th>${R.byReceipts}</th><th>${R.refunds}</th><th>${R.declared}</th></tr></thead><tbody>${r.money.byMethod.map(
      (m) => html`<tr><td>${METHOD_LABEL[m.method] ?? m.method}</td><td>${formatYuanText(m.receiptsFen)}</td><td>${formatYuanText(m.refundsFen)}</td><td>${declaredText(m)}</td></tr>`,
    )}</tbody></table>
${r.money.refunds.length > 0 ? html`<h2>${R.refundsTitle}</h2><ul id="refunds">${r.money.refunds.map((f) => html`<li>${R.refundLine(f.refundNumber, f.receiptNumber, formatYuanText(f.amountFen), METHOD_LABEL[f.method] ?? f.method)}</li>`)}</ul>` : ''}
${renderAppointments(t)}
<h2>${R.findingsTitle}（${rows.length}）</h2>
${rows.length === 0 ? html`<p>${R.noFindings}</p>` : html`<table id="findings"><thead><tr><th>${R.severity}</th><th>${R.finding}</th><th>${R.subject}</th><th>${R.detail}</th><th>${R.action}</th></tr></thead><tbody>${rows.map(
      (d) => html`<tr data-code="${d.code}"><td><span class="tag ${d.severity === 'error' ? 'bad' : 'warn'}">${SEVERITY_TEXT[d.severity]}</span></td><td>${DISCREPANCY_TEXT[d.code].title}</td>
<td>${d.caseId ? html`<a href="/office/cases/${encodeURIComponent(d.caseId)}">${d.subject}</a>` : d.subject}</td><td>${d.detail}</td><td>${DISCREPANCY_TEXT[d.code].action}${
        d.appointmentId !== null && !signed
          ? html`<form method="post" action="/office/trips/${encodeURIComponent(t.trip.id)}/appointments/${encodeURIComponent(d.appointmentId)}/outcome" class="outcome">
<select name="outcome" aria-label="${R.outcomeLabel}">${APPOINTMENT_OUTCOMES.map((o) => html`<option value="${o}">${R.outcomes[o]}</option>`)}</select>
<input name="note" placeholder="${R.outcomeNote}" style="min-width:8rem"> <button type="submit" class="secondary">${R.outcomeSave}</button></form>`
          : ''
      }</td></tr>`,
    )}</tbody></table>`}
${renderLists(t)}
${signed
  ? html`<div class="okbox" id="signed">${R.signedBy(signed.staffName, beijingTime(signed.signedAt))}${signed.note ? html`<br>${R.note}：${signed.note}` : ''}<br><small>${R.hash}：<code>${signed.reportHash}</code></small></div>`
  : html`<div class="actions">
<form method="post" action="/office/trips/${encodeURIComponent(t.trip.id)}/return"><b>${R.returnTitle}</b>
<label for="cash">${R.methods['cash']}（元）</label><input id="cash" name="cash" value="${returned['cash'] ?? ''}">
<label for="bankCard">${R.methods['bank-card']}（元）</label><input id="bankCard" name="bankCard" value="${returned['bankCard'] ?? ''}">
<label for="unusedNumbers">${R.unused}</label><textarea id="unusedNumbers" name="unusedNumbers" rows="2">${returned['unusedNumbers'] ?? ''}</textarea>
<p><button type="submit">${R.saveReturn}</button></p></form>
${can(staff, 'signOff') ? html`<form method="post" action="/office/trips/${encodeURIComponent(t.trip.id)}/sign-off"><b>${R.signTitle}</b>
<label for="note">${R.noteLabel}</label><textarea id="note" name="note" rows="3">${typed.signOff?.['note'] ?? ''}</textarea><p><button type="submit" id="sign-off">${R.signButton}</button></p></form>` : html`<p class="note">${R.signRole}</p>`}
</div>`}`;
  }
  return reconciliationPage;
}
