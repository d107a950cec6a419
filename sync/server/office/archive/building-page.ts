import { type BuildingLayout } from '#domain/register/building.ts';
import { type RegisterStatus } from '#domain/register/project.ts';
import { html, type Html } from '#server/office/html.ts';
import { A } from './archive-text.ts';

const B = A.building;

/** The building view's colours, one per register status (the page's legend; its script reads them from there). */
export const STATUS_COLOURS: Record<RegisterStatus, string> = {
  seized: '#c62828', mortgaged: '#1565c0', filed: '#8e24aa', registered: '#2e7d32', vacant: '#9e9e9e',
};
const STATUSES: readonly RegisterStatus[] = ['seized', 'mortgaged', 'filed', 'registered', 'vacant'];

const STYLE = html`<style>
#building-canvas{width:100%;max-width:960px;height:560px;display:block;background:#eef2f6;touch-action:none;cursor:grab}
.legend span{margin-right:1em}.legend i{display:inline-block;width:1em;height:1em;margin-right:.3em;vertical-align:middle}
#building-table td{text-align:center}#building-table td a{display:block;color:#fff;padding:.2em}
</style>`;

/**
 * The building view: the building drawn by its script (three.js) from the layout at `layout.json`, its legend with
 * counts, and the same layout as a table, floors top down, each unit linking to its register.
 */
export function renderBuildingPage(key: string, layout: BuildingLayout, highlight: string | null): Html {
  const rows = [];
  for (let floor = layout.floors; floor >= 1; floor--) {
    const cells = layout.units.filter((u) => u.floor === floor);
    rows.push(html`<tr><th>${B.floor(floor)}</th>${cells.map(
      (u) => html`<td data-unit="${u.unitNumber}" data-status="${u.status}" style="background:${STATUS_COLOURS[u.status]}"><a href="/office/archive/units/${encodeURIComponent(u.unitNumber)}" title="${B.status[u.status]}">${u.room}</a></td>`,
    )}</tr>`);
  }
  const back = highlight ? html`<p><a href="/office/archive/units/${encodeURIComponent(highlight)}">${B.back}</a></p>` : '';
  return html`${STYLE}${back}<p class="note">${B.intro}</p>
<canvas id="building-canvas" data-layout="/office/archive/buildings/${encodeURIComponent(key)}/layout.json" data-highlight="${highlight ?? ''}" width="960" height="560"></canvas>
<p class="flag" id="no-webgl" hidden>${B.noWebgl}</p>
<p class="legend" id="building-legend">${STATUSES.map((s) => html`<span data-status="${s}" data-colour="${STATUS_COLOURS[s]}"><i style="background:${STATUS_COLOURS[s]}"></i>${B.status[s]} ${layout.counts[s]}</span>`)}</p>
${layout.unplaced.length === 0 ? '' : html`<p class="note">${B.unplaced(layout.unplaced.length)}</p>`}
<table id="building-table"><tbody>${rows}</tbody></table>
<script type="module" src="/office/archive/assets/building.js"></script>`;
}
