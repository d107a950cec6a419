import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FastifyInstance } from 'fastify';
import { STATUS_CATEGORIES } from '#domain/map/building-status.ts';
import { ARTICLE_TEXT, CATEGORY_TEXT, STATUS_TEXT, STREET_CLASS_TEXT, USE_TEXT } from '#domain/map/map-text.ts';
import { formatAreaM2 } from '#domain/map/region-summary.ts';
import { can, requirePermission } from '#server/office/access.ts';
import { beijingTime, formatFen } from '#server/office/format.ts';
import { html, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { todayInOffice } from '#server/office/today.ts';
import { QueryRequest } from './map-contract.ts';
import { estimateLines } from './map-export.ts';
import { M } from './map-page-text.ts';
import { queryErrorText, type MapService, type RegionResult } from './map-service.ts';
import { registerTablesPage } from './tables-page.ts';
import { ensureMapBundle, MAP_ASSETS, MAP_BUNDLE_DIR } from './web-bundle.ts';

const LIST_LIMIT = 200;
const STYLE = html`<style>
.map-layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(22rem,2fr);gap:1rem}#map{height:72vh;background:#eef2e6;border:1px solid #d5dbe1}
.map-side label{margin-top:.6rem}.map-side .actions{margin:.6rem 0}.legend span{display:inline-block;margin-right:.8rem;font-size:.85rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.25rem;vertical-align:-2px}#map-result table{font-size:.85rem}
</style>`;
const LEGEND: Record<string, string> = { registered: '#2e7d32', 'temporary-valid': '#1565c0', unregistered: '#f9a825', 'temporary-expired': '#8e24aa', illegal: '#c62828' };

/** The region's answer as the page shows it: counts, estimate, and each status's list (cut to LIST_LIMIT). */
export function resultFragment(r: RegionResult): Html {
  const counts = html`<table data-testid="map-counts"><thead><tr><th>${M.status}</th><th>${M.count}</th><th>${M.area}</th></tr></thead><tbody>
${STATUS_CATEGORIES.map((c) => html`<tr data-category="${c}"><td>${CATEGORY_TEXT[c]}</td><td class="n">${r.summary.byCategory[c].count}</td><td class="a">${formatAreaM2(r.summary.byCategory[c].floorAreaDm2)}</td></tr>`)}
<tr data-category="total"><th>${M.total}</th><th class="n">${r.summary.total.count}</th><th class="a">${formatAreaM2(r.summary.total.floorAreaDm2)}</th></tr></tbody></table>`;
  const estimate = html`<h2>${M.estimateTitle}${r.estimate.ok ? `（${M.tablesVersion(r.estimate.tablesVersion)}）` : ''}</h2>
<table data-testid="map-estimate"><tbody>${estimateLines(r).map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</tbody></table>
${r.estimate.ok ? html`<table><thead><tr>${M.pipeHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${r.estimate.value.pipeWorks.map((p) => html`<tr><td>${STREET_CLASS_TEXT[p.streetClass]}</td><td>${p.metres.toFixed(2)}</td><td>${formatFen(p.fenPerMetre)}</td><td>${formatFen(p.fen)}</td></tr>`)}</tbody></table>
<details><summary>法律依据</summary>${Object.values(ARTICLE_TEXT).map((t) => html`<p class="note">${t}</p>`)}</details>` : ''}`;
  const lists = STATUS_CATEGORIES.map((c) => {
    const rows = r.rows.filter((b) => b.category === c);
    if (rows.length === 0) return '';
    return html`<details data-list="${c}"><summary>${M.listTitle(CATEGORY_TEXT[c], rows.length, Math.min(rows.length, LIST_LIMIT))}</summary><table><thead><tr>
${[0, 1, 2, 5, 6, 7, 8, 10].map((i) => html`<th>${M.head[i]}</th>`)}</tr></thead><tbody>
${rows.slice(0, LIST_LIMIT).map((b) => html`<tr><td>${b.id}</td><td>${b.address}</td><td>${USE_TEXT[b.use]}</td><td>${formatAreaM2(b.floorAreaDm2)}</td><td>${STATUS_TEXT[b.decision.status]}</td><td>${b.decision.decidedBy}</td><td>${b.decision.decidedOn}</td><td>${b.decision.approvedUntil ?? ''}</td></tr>`)}
</tbody></table></details>`;
  });
  return html`<h2>${r.label || M.regionDrawn} · ${r.day}</h2>${counts}${estimate}${lists}`;
}

/** The map page, the fragment it asks for, its built script and style, and the cost-table page. */
export function registerMapPages(app: FastifyInstance, service: MapService): void {
  const { storage } = app.office;

  app.get('/office/map', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'map');
    if (!staff) return reply;
    const districts = await service.districts();
    const body = html`${STYLE}<link rel="stylesheet" href="/office/map/assets/map.css">
<p class="note">${M.generatedNote} ${can(staff, 'mapTables') ? html`<a href="/office/map/tables">${M.tablesTitle}</a>` : ''}</p>
<div class="map-layout"><div id="map" data-testid="map"></div><div class="map-side card">
<p>${M.hint}</p>
<div class="actions"><button type="button" id="map-draw">${M.draw}</button><button type="button" class="secondary" id="map-clear">${M.clear}</button></div>
<label for="map-district">${M.district}</label><select id="map-district"><option value="">${M.districtNone}</option>${districts.map((d) => html`<option value="${d.code}">${d.name}</option>`)}</select>
<label for="map-day">${M.day}</label><input id="map-day" type="date" value="${todayInOffice(app.office.clock)}">
<form id="map-export" method="post" class="actions"><input type="hidden" id="map-export-query" name="query">
<button type="submit" formaction="/office/map/export.pdf" disabled>${M.exportPdf}</button><button type="submit" formaction="/office/map/export.xlsx" disabled>${M.exportExcel}</button></form>
<p class="legend">${STATUS_CATEGORIES.map((c) => html`<span><i style="background:${LEGEND[c] ?? '#999'}"></i>${CATEGORY_TEXT[c]}</span>`)}</p>
<div id="map-result" aria-live="polite"></div></div></div>
<script type="module" src="/office/map/assets/map.js"></script>`;
    return reply.type('text/html; charset=utf-8').send(page(M.title, body, staff));
  });

  app.post('/office/map/result', async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
    const p = QueryRequest.safeParse(req.body);
    if (!p.success) return reply.code(400).type('text/html; charset=utf-8').send(html`<p class="flag">${M.errors.badRequest(p.error.issues.map((i) => i.path.join('.')).join('、'))}</p>`.text);
    const r = await service.query(p.data.region, p.data.day ?? todayInOffice(app.office.clock));
    if (!r.ok) return reply.code(400).type('text/html; charset=utf-8').send(html`<p class="flag">${queryErrorText(r.error)}</p>`.text);
    return reply.type('text/html; charset=utf-8').send(resultFragment(r.value).text);
  });

  app.get<{ Params: { file: string } }>('/office/map/assets/:file', async (req, reply) => {
    const file = MAP_ASSETS.find((f) => f === req.params.file);
    if (!file) return reply.code(404).send();
    await ensureMapBundle();
    return reply
      .type(file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(readFileSync(join(MAP_BUNDLE_DIR, file)));
  });

  registerTablesPage(app, service, beijingTime);
}
