import { formatYuanText } from '#domain/money.ts';
import { STATUS_CATEGORIES } from '#domain/map/building-status.ts';
import { ARTICLE_TEXT, CATEGORY_TEXT, STATUS_TEXT, STREET_CLASS_TEXT, USE_TEXT } from '#domain/map/map-text.ts';
import { areaFigure, metresFigure } from '#domain/city/figures.ts';

import { html, type Html } from '#server/office/html.ts';
import { estimateLines } from './map-export.ts';
import { M } from './map-page-text.ts';
import { type RegionResult } from './map-service.ts';

const LIST_LIMIT = 200;

/** The region's answer as the page shows it: counts, estimate, and each status's list (cut to LIST_LIMIT). */
export function resultFragment(r: RegionResult): Html {
  const counts = html`<table data-testid="map-counts"><thead><tr><th>${M.status}</th><th>${M.count}</th><th>${M.area}</th></tr></thead><tbody>
${STATUS_CATEGORIES.map((c) => html`<tr data-category="${c}"><td>${CATEGORY_TEXT[c]}</td><td class="n">${r.summary.byCategory[c].count}</td><td class="a">${areaFigure(r.summary.byCategory[c].floorAreaDm2)}</td></tr>`)}
<tr data-category="total"><th>${M.total}</th><th class="n">${r.summary.total.count}</th><th class="a">${areaFigure(r.summary.total.floorAreaDm2)}</th></tr></tbody></table>`;
  const estimate = html`<h2>${M.estimateTitle}${r.estimate.ok ? `（${M.tablesVersion(r.estimate.tablesVersion)}）` : ''}</h2>
<table data-testid="map-estimate"><tbody>${estimateLines(r).map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</tbody></table>
${r.estimate.ok ? html`<table><thead><tr>${M.pipeHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${r.estimate.value.pipeWorks.map((p) => html`<tr><td>${STREET_CLASS_TEXT[p.streetClass]}</td><td>${metresFigure(p.metres)}</td><td>${formatYuanText(p.fenPerMetre)}</td><td>${formatYuanText(p.fen)}</td></tr>`)}</tbody></table>
<details><summary>法律依据</summary>${Object.values(ARTICLE_TEXT).map((t) => html`<p class="note">${t}</p>`)}</details>` : ''}`;
  const lists = STATUS_CATEGORIES.map((c) => {
    const rows = r.rows.filter((b) => b.category === c);
    if (rows.length === 0) return '';
    return html`<details data-list="${c}"><summary>${M.listTitle(CATEGORY_TEXT[c], rows.length, Math.min(rows.length, LIST_LIMIT))}</summary><table><thead><tr>
${[0, 1, 2, 5, 6, 7, 8, 10].map((i) => html`<th>${M.head[i]}</th>`)}</tr></thead><tbody>
${rows.slice(0, LIST_LIMIT).map((b) => html`<tr><td>${b.id}</td><td>${b.address}</td><td>${USE_TEXT[b.use]}</td><td>${areaFigure(b.floorAreaDm2)}</td><td>${STATUS_TEXT[b.decision.status]}</td><td>${b.decision.decidedBy}</td><td>${b.decision.decidedOn}</td><td>${b.decision.approvedUntil ?? ''}</td></tr>`)}
</tbody></table></details>`;
  });
  return html`<h2>${r.label || M.regionDrawn} · ${r.day}</h2>${counts}${estimate}${lists}`;
}
