import { type FastifyInstance } from 'fastify';
import { STREET_CLASSES } from '#domain/map/compensation.ts';
import { STREET_CLASS_TEXT, tablesErrorText, USE_TEXT } from '#domain/map/map-text.ts';
import { BUILDING_USES } from '#domain/map/region-summary.ts';
import { formatYuan } from '#domain/money.ts';
import { requirePermission } from '#server/office/access.ts';
import { html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { flash } from '#server/office/layout.ts';
import { TablesRequest } from './map-contract.ts';
import { M } from './map-page-text.ts';
import { parseMapForm } from './map-reads.ts';
import { type MapService } from './map-service.ts';

const BLANK_ROWS = 4;

/** The form's flat fields (zone_0, use_0, yuan_0, …) as the tables request. */
function fromForm(b: Record<string, unknown>): unknown {
  const s = (k: string) => (typeof b[k] === 'string' ? b[k] : '');
  const rows = [];
  for (let i = 0; i < 200 && `zone_${i}` in b; i++) if (s(`zone_${i}`).trim() !== '') rows.push({ zone: s(`zone_${i}`), use: s(`use_${i}`), yuanPerM2: s(`yuan_${i}`) });
  return {
    unitValues: rows,
    relocationYuanPerM2: s('relocation'),
    interimYuanPerM2Month: s('interim'),
    interimMonths: s('months'),
    pipeYuanPerMetre: Object.fromEntries(STREET_CLASSES.map((c) => [c, s(`pipe_${c}`)])),
    note: s('note'),
  };
}

/** The cost tables the office sets, each save a new version; the history is the audit of who changed what. */
export function registerTablesPage(app: FastifyInstance, service: MapService, time: (iso: string) => string): void {
  const { storage } = app.office;

  app.get<{ Querystring: { msg?: string; err?: string } }>('/office/map/tables', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'mapTables');
    if (!staff) return reply;
    const current = await service.tables();
    const history = await service.history();
    const t = current?.tables;
    const rows = [...(t?.unitValues ?? []).map((r) => ({ zone: r.zone, use: r.use, yuan: formatYuan(r.fenPerM2) })), ...Array.from({ length: BLANK_ROWS }, () => ({ zone: '', use: 'residential', yuan: '' }))];
    const yuan = (f: number | undefined) => (f === undefined ? '' : formatYuan(f as never));
    const body = html`${flash(req)}<p>${current ? M.tables.current(current.version, current.changedByName, time(current.changedAt)) : M.tables.none}</p>
<form method="post" action="/office/map/tables" class="card"><h2>${M.tables.unitValues}</h2><p class="note">${M.tables.addRow}</p>
<table><thead><tr><th>${M.tables.zone}</th><th>${M.tables.use}</th><th>${M.tables.yuanPerM2}</th></tr></thead><tbody>
${rows.map((r, i) => html`<tr><td><input name="zone_${i}" value="${r.zone}"></td><td><select name="use_${i}">${BUILDING_USES.map((u) => html`<option value="${u}"${u === r.use ? html` selected` : ''}>${USE_TEXT[u]}</option>`)}</select></td><td><input name="yuan_${i}" value="${r.yuan}" inputmode="decimal"></td></tr>`)}
</tbody></table><div class="grid">
<div><label for="relocation">${M.tables.relocation}</label><input id="relocation" name="relocation" value="${yuan(t?.relocationFenPerM2)}"></div>
<div><label for="interim">${M.tables.interim}</label><input id="interim" name="interim" value="${yuan(t?.interimFenPerM2Month)}"></div>
<div><label for="months">${M.tables.months}</label><input id="months" name="months" value="${t?.interimMonths ?? ''}"></div></div>
<h2>${M.tables.pipe}</h2><div class="grid">${STREET_CLASSES.map((c) => html`<div><label for="pipe_${c}">${STREET_CLASS_TEXT[c]}</label><input id="pipe_${c}" name="pipe_${c}" value="${yuan(t?.pipeFenPerMetre[c])}"></div>`)}</div>
<label for="note">${M.tables.note}</label><input id="note" name="note" required style="width:100%">
<p><button type="submit">${M.tables.submit}</button></p></form>
<h2>${M.tables.history}</h2><table><thead><tr>${M.tables.historyHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${history.map((v) => html`<tr><td>${v.version}</td><td>${v.changedByName}（${v.changedBy}）</td><td>${time(v.changedAt)}</td><td>${v.note}</td><td>${v.tables.unitValues.slice(0, 4).map((r) => `${r.zone}${USE_TEXT[r.use]} ${formatYuan(r.fenPerM2)}`).join('；')}</td></tr>`)}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(page(M.tablesTitle, body, staff));
  });

  app.post<{ Body: Record<string, unknown> }>('/office/map/tables', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'mapTables');
    if (!staff) return reply;
    // A body that is no form (none, or plain text) is read as an empty form: refused below with the reason.
    const p = parseMapForm(TablesRequest, fromForm(typeof req.body === 'object' && req.body !== null ? req.body : {}));
    if (!p.ok) return reply.redirect(`/office/map/tables?err=${encodeURIComponent(M.errors.badRequest(p.message))}`);
    const r = await service.saveTables(p.data, staff, app.office.clock.now().toISOString());
    if (!r.ok) return reply.redirect(`/office/map/tables?err=${encodeURIComponent(r.error.code === 'bad-amount' ? M.tables.badAmount(r.error.field) : tablesErrorText(r.error))}`);
    return reply.redirect(`/office/map/tables?msg=${encodeURIComponent(M.tables.saved(r.value.version))}`);
  });
}
