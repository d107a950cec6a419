import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FastifyInstance } from 'fastify';
import { STATUS_CATEGORIES } from '#domain/map/building-status.ts';
import { CATEGORY_TEXT } from '#domain/map/map-text.ts';
import { requirePermission } from '#server/office/access.ts';
import { can } from '#server/office/permissions.ts';
import { beijingTime } from '#server/office/format.ts';
import { html, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { todayInOffice } from '#server/office/today.ts';
import { registerBuildingPanel } from './building-panel.ts';
import { M } from './map-page-text.ts';
import { type MapParts, registerMapReads } from './map-reads.ts';
import { registerTablesPage } from './tables-page.ts';
import { ensureMapBundle, MAP_ASSETS, MAP_BUNDLE_DIR } from './web-bundle.ts';

/** On a phone the side panel goes under the map: beside it, its 22rem made the page wider than the screen. */
const STYLE = html`<style>
.map-layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(22rem,2fr);gap:1rem}#map{height:72vh;background:#eef2e6;border:1px solid #d5dbe1}
.map-side label{margin-top:.6rem}.map-side .actions{margin:.6rem 0}.legend span{display:inline-block;margin-right:.8rem;font-size:.85rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.25rem;vertical-align:-2px}#map-result table,#map-building table{font-size:.85rem}
@media (max-width:760px){.map-layout{grid-template-columns:minmax(0,1fr)}#map{height:60vh}}
</style>`;
const LEGEND: Record<string, string> = { registered: '#2e7d32', 'temporary-valid': '#1565c0', unregistered: '#f9a825', 'temporary-expired': '#8e24aa', illegal: '#c62828' };

/**
 * The map page's body, for the office (`/office/map`) and the 拆迁、开发、建设单位 portal (`/portal/builder/map`): the
 * script reads its data from `base` and shows a building's panel on a click only where `panel` is set.
 */
export function mapPageBody(o: { base: string; districts: readonly { code: string; name: string }[]; today: string; tablesLink: boolean; panel: boolean }): Html {
  return html`${STYLE}<link rel="stylesheet" href="/office/map/assets/map.css">
<p class="note">${M.generatedNote} ${o.tablesLink ? html`<a href="/office/map/tables">${M.tablesTitle}</a>` : ''}</p>
<div class="map-layout"><div id="map" data-testid="map" data-base="${o.base}" data-panel="${o.panel ? '1' : '0'}"></div><div class="map-side card">
<p>${M.hint}${o.panel ? M.building.hint : ''}</p>
<div class="actions"><button type="button" id="map-draw">${M.draw}</button><button type="button" class="secondary" id="map-clear">${M.clear}</button></div>
<label for="map-district">${M.district}</label><select id="map-district"><option value="">${M.districtNone}</option>${o.districts.map((d) => html`<option value="${d.code}">${d.name}</option>`)}</select>
<label for="map-day">${M.day}</label><input id="map-day" type="date" value="${o.today}">
<form id="map-export" method="post" class="actions"><input type="hidden" id="map-export-query" name="query">
<button type="submit" formaction="${o.base}/export.pdf" disabled>${M.exportPdf}</button><button type="submit" formaction="${o.base}/export.xlsx" disabled>${M.exportExcel}</button></form>
<p class="legend">${STATUS_CATEGORIES.map((c) => html`<span><i style="background:${LEGEND[c] ?? '#999'}"></i>${CATEGORY_TEXT[c]}</span>`)}</p>
<div id="map-building" aria-live="polite"></div>
<div id="map-result" aria-live="polite"></div></div></div>
<script type="module" src="/office/map/assets/map.js"></script>`;
}

/** The office's map page, what it reads, a building's panel with its status decisions, the built script and style, and the cost-table page. */
export function registerMapPages(app: FastifyInstance, parts: MapParts): void {
  const { storage } = app.office;

  app.get('/office/map', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'map');
    if (!staff) return reply;
    const body = mapPageBody({ base: '/office/map', districts: await parts.service.districts(), today: todayInOffice(app.office.clock), tablesLink: can(staff, 'mapTables'), panel: true });
    return reply.type('text/html; charset=utf-8').send(page(M.title, body, staff));
  });

  registerMapReads(app, parts, '/office/map', async (req, reply) => (await requirePermission(storage, req, reply, 'map')) !== undefined);
  registerBuildingPanel(app, parts.service);

  app.get<{ Params: { file: string } }>('/office/map/assets/:file', async (req, reply) => {
    const file = MAP_ASSETS.find((f) => f === req.params.file);
    if (!file) return reply.code(404).send();
    await ensureMapBundle();
    return reply
      .type(file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(readFileSync(join(MAP_BUNDLE_DIR, file)));
  });

  registerTablesPage(app, parts.service, beijingTime);
}
