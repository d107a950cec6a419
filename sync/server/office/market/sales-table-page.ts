import { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PERMIT_KIND_TEXT, pricePerM2Text, SALE_STATUS_TEXT, areaText } from '#domain/market/market-text.ts';
import { SALE_STATUSES, type SaleStatus } from '#domain/market/sales-table.ts';
import { CITY_DISTRICTS } from '#domain/units/service-area.ts';
import { html, raw, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { type PublicMarketService, type SalesTable } from './public-market-service.ts';
import { districtName, PM } from './public-market-text.ts';

const HTML = 'text/html; charset=utf-8';

const COLOURS: Record<SaleStatus, string> = { 'for-sale': '#2e7d32', filed: '#ef6c00', sold: '#546e7a', seized: '#c62828', 'not-for-sale': '#9e9e9e' };

export const MARKET_STYLE = raw(`<style>
.market-nav{display:flex;gap:1rem;flex-wrap:wrap;margin:-.4rem 0 1rem}.market-nav a{font-weight:600}
.sales td.unit{min-width:7.5rem;color:#fff;font-size:.85rem;line-height:1.3}.sales td.unit b{font-size:1rem}
${SALE_STATUSES.map((s) => `.sales td.s-${s}{background:${COLOURS[s]}}.legend .s-${s}{background:${COLOURS[s]};color:#fff}`).join('')}
.legend span{display:inline-block;padding:.1rem .6rem;margin-right:.4rem;border-radius:.6rem}
.listings{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}.listing p{margin:.2rem 0}.note-small{font-size:.85rem;color:#546e7a}
.search{display:flex;gap:.6rem;flex-wrap:wrap;align-items:flex-end}.search input,.search select{min-width:7rem;width:9rem}
.scroll-x{overflow-x:auto;margin-bottom:1rem}.scroll-x table{margin-bottom:0}.scroll-x th,.scroll-x td{white-space:nowrap}figure[data-chart]{margin:0}figure[data-chart] svg{max-width:100%;height:auto}
</style>`);

export const marketNav = (): Html =>
  html`<nav class="market-nav"><a href="/public/market">${PM.nav.projects}</a><a href="/public/listings">${PM.nav.listings}</a><a href="/public/listings/verify">${PM.nav.verify}</a><a href="/public/listings/submit">${PM.nav.submit}</a><a href="/public/market/screen">${PM.nav.screen}</a><a href="/public/market/info">${PM.nav.info}</a></nav>`;

function buildingGrid(t: SalesTable, buildingId: string): Html {
  const rows = t.rows.filter((r) => r.unit.buildingId === buildingId);
  const floors = [...new Set(rows.map((r) => r.unit.floor))].sort((a, b) => b - a);
  return html`<table class="sales" data-building="${buildingId}"><tbody>${floors.map(
    (floor) => html`<tr><th>${PM.table.floor(floor)}</th>${rows
      .filter((r) => r.unit.floor === floor)
      .map(
        (r) => html`<td class="unit s-${r.status}" data-unit="${r.unit.unitNumber}" data-status="${r.status}"><b>${r.unit.room}</b> ${SALE_STATUS_TEXT[r.status]}<br>${areaText(r.unit.areaDm2)}
${r.status === 'for-sale' && r.unit.listFenPerM2 !== null ? html`<br>${pricePerM2Text(r.unit.listFenPerM2)}` : ''}${r.seizure ? html`<br>${PM.table.seizedBy(r.seizure.court, r.seizure.noticeNumber)}` : ''}</td>`,
      )}</tr>`,
  )}</tbody></table>`;
}

export function salesTableBody(t: SalesTable): Html {
  const s = t.summary;
  return html`${MARKET_STYLE}${marketNav()}<p>${districtName(t.project.districtCode)} · ${t.project.address} · ${PM.table.asOf(t.day)}</p>
<h2>${PM.table.summary}</h2><table data-testid="sales-summary"><tbody>
<tr>${SALE_STATUSES.map((st) => html`<th>${SALE_STATUS_TEXT[st]}</th>`)}<th>${PM.table.listAverage}</th><th>${PM.table.filedAverage}</th></tr>
<tr>${SALE_STATUSES.map((st) => html`<td data-count="${st}">${s.counts[st]}</td>`)}<td data-testid="list-average">${pricePerM2Text(s.listAverageFenPerM2)}</td><td data-testid="filed-average">${pricePerM2Text(s.filedAverageFenPerM2)}</td></tr></tbody></table>
<p class="legend">${PM.table.legend}：${SALE_STATUSES.map((st) => html`<span class="s-${st}">${SALE_STATUS_TEXT[st]}</span>`)}</p>
${t.buildings.map((b) => html`<h2>${b.name}</h2>${buildingGrid(t, b.id)}`)}
<h2>${PM.table.permits}</h2><table><thead><tr>${PM.table.permitHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${t.permits.map((p) => html`<tr><td>${PERMIT_KIND_TEXT[p.kind]}</td><td>${p.number}${p.revokedOn ? html` <span class="tag bad">${PM.table.revoked(p.revokedOn)}</span>` : ''}</td><td>${p.authority}</td><td>${p.issuedOn}</td><td>${p.buildingIds.map((id) => t.buildings.find((b) => b.id === id)?.name ?? id).join('、')}</td></tr>`)}
</tbody></table>`;
}

const District = z.enum(CITY_DISTRICTS.map((d) => d.code) as [string, ...string[]]).optional().catch(undefined);

/** The public sales tables: the projects by district, and each project's table. */
export function registerSalesTablePages(app: FastifyInstance, service: PublicMarketService): void {
  app.get<{ Querystring: { district?: string } }>('/public/market', async (req, reply) => {
    const district = District.parse(req.query.district) ?? null;
    const projects = await service.projects(district);
    const body = html`${MARKET_STYLE}${marketNav()}<p>${PM.projects.intro}</p>
<form method="get" action="/public/market" class="search"><label>${PM.listings.district}<select name="district"><option value="">${PM.listings.anyDistrict}</option>${CITY_DISTRICTS.map((d) => html`<option value="${d.code}" ${d.code === district ? 'selected' : ''}>${d.name}</option>`)}</select></label><button type="submit">${PM.listings.search}</button></form>
${projects.length === 0 ? html`<p>${PM.projects.none}</p>` : html`<table data-testid="projects"><thead><tr>${PM.projects.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${projects.map((p) => html`<tr><td>${p.name}</td><td>${districtName(p.districtCode)}</td><td>${p.address}</td><td><a href="/public/market/projects/${encodeURIComponent(p.id)}">${PM.projects.open}</a></td></tr>`)}</tbody></table>`}`;
    return reply.type(HTML).send(page(PM.projects.title, body, null));
  });

  app.get<{ Params: { id: string } }>('/public/market/projects/:id', async (req, reply) => {
    const t = await service.salesTable(req.params.id);
    if (!t) return reply.code(404).type(HTML).send(page(PM.projects.title, html`${marketNav()}<p class="flag">${PM.projects.none}</p>`, null));
    return reply.type(HTML).send(page(`${t.project.name} · ${PM.projects.title}`, salesTableBody(t), null));
  });
}
