import { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BUILDING_STATUSES } from '#domain/map/building-status.ts';
import { CATEGORY_TEXT, decisionErrorText, STATUS_TEXT, USE_TEXT } from '#domain/map/map-text.ts';
import { areaFigure } from '#domain/city/figures.ts';
import { requirePermission } from '#server/office/access.ts';
import { can } from '#server/office/permissions.ts';
import { beijingTime } from '#server/office/format.ts';
import { html, type Html } from '#server/office/html.ts';
import { getParsed } from '#server/office/office-data.ts';
import { type Staff } from '#server/office/session.ts';
import { todayInOffice } from '#server/office/today.ts';
import { DecisionRequest } from './map-contract.ts';
import { M } from './map-page-text.ts';
import { DayQuery, parseMapForm } from './map-reads.ts';
import { type MapService } from './map-service.ts';

const B = M.building;
/** The page's form sends an empty date for "no period"; the contract's null. */
const PanelDecision = z.preprocess((v) => (typeof v === 'object' && v !== null && (v as Record<string, unknown>)['approvedUntil'] === '' ? { ...v, approvedUntil: null } : v), DecisionRequest);

function decideForm(id: string, today: string): Html {
  return html`<form id="map-decide" data-building="${id}" class="card"><h3>${B.decide}</h3>
<label>${B.status}<select name="status">${BUILDING_STATUSES.map((s) => html`<option value="${s}">${STATUS_TEXT[s]}</option>`)}</select></label>
<label>${B.decidedBy}<input name="decidedBy" required maxlength="100"></label>
<label>${B.decidedOn}<input name="decidedOn" type="date" value="${today}" required></label>
<label>${B.approvedUntil}<input name="approvedUntil" type="date"></label>
<label>${B.basis}<input name="basis" required maxlength="200"></label>
<p><button type="submit">${B.submit}</button></p></form>`;
}

/** A building's panel on the map page: what it is, its status today with who decided it, every decision, and the form to record a new one. */
async function panel(app: FastifyInstance, service: MapService, staff: Staff, id: string, day: string, notice: Html): Promise<Html | null> {
  const b = await service.building(id, day);
  if (!b) return null;
  const r = b.row;
  const d = r.decision;
  const facts = [r.address, USE_TEXT[r.use], r.zone, String(r.floors), areaFigure(r.floorAreaDm2), CATEGORY_TEXT[r.category], d.decidedBy, d.decidedOn, d.basis, d.approvedUntil ?? ''];
  const names = new Map<string, string>();
  for (const h of b.history) if (!names.has(h.recordedBy)) names.set(h.recordedBy, (await getParsed(app.office.storage, 'staff', h.recordedBy))?.name ?? h.recordedBy);
  const history = [...b.history].reverse().map((h) => html`<tr data-seq="${String(h.seq)}"><td>${STATUS_TEXT[h.status]}</td><td>${h.decidedBy}</td><td>${h.decidedOn}</td><td>${h.basis}</td><td>${h.approvedUntil ?? ''}</td><td>${names.get(h.recordedBy) ?? h.recordedBy}</td><td>${beijingTime(h.recordedAt)}</td></tr>`);
  return html`${notice}<h2>${B.title(id)}</h2><table data-testid="building-facts"><tbody>${B.facts.map((f, i) => html`<tr><th>${f}</th><td data-fact="${String(i)}">${facts[i] ?? ''}</td></tr>`)}</tbody></table>
<h3>${B.history}</h3><table data-testid="building-history"><thead><tr>${B.historyHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${history}</tbody></table>
${can(staff, 'mapDecide') ? decideForm(id, todayInOffice(app.office.clock)) : html`<p class="note">${B.noRight}</p>`}`;
}

/**
 * The building panel of the office's map page: a click on a building shows it; 审批 and admin staff record a new status
 * decision there (临时 with its approved period, 违法, 未登记, 已登记), kept with who recorded it and when. The map and
 * the region query read the new status at once.
 */
export function registerBuildingPanel(app: FastifyInstance, service: MapService): void {
  const { storage } = app.office;
  const send = (reply: { type(t: string): { send(b: string): unknown } }, h: Html) => reply.type('text/html; charset=utf-8').send(h.text);

  app.get<{ Params: { id: string }; Querystring: { day?: string } }>('/office/map/building/:id', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'map');
    if (!staff) return reply;
    const q = parseMapForm(DayQuery, req.query);
    if (!q.ok) return reply.code(400).type('text/html; charset=utf-8').send(html`<p class="flag">${M.errors.badRequest(q.message)}</p>`.text);
    const h = await panel(app, service, staff, req.params.id, q.data.day ?? todayInOffice(app.office.clock), html``);
    return h ? send(reply, h) : reply.code(404).type('text/html; charset=utf-8').send(html`<p class="flag">${M.decision.unknown}</p>`.text);
  });

  app.post<{ Params: { id: string } }>('/office/map/building/:id/decisions', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'mapDecide');
    if (!staff) return reply;
    const day = todayInOffice(app.office.clock);
    const p = parseMapForm(PanelDecision, req.body);
    const refused = async (message: string, code: number) => {
      const h = await panel(app, service, staff, req.params.id, day, html`<p class="flag" role="alert">${message}</p>`);
      return reply.code(h ? code : 404).type('text/html; charset=utf-8').send((h ?? html`<p class="flag">${M.decision.unknown}</p>`).text);
    };
    if (!p.ok) return refused(M.errors.badRequest(p.message), 400);
    const r = await service.decide(req.params.id, p.data, staff.id, app.office.clock.now().toISOString());
    if (!r.ok) return refused(r.error === 'unknown-building' ? M.decision.unknown : decisionErrorText(r.error), r.error === 'unknown-building' ? 404 : 400);
    const h = await panel(app, service, staff, req.params.id, day, html`<p class="okbox" role="status">${M.decision.saved}</p>`);
    return reply.code(201).type('text/html; charset=utf-8').send((h ?? html``).text);
  });
}
