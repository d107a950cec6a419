import { formatYuanText } from '#domain/money.ts';
import { type FastifyInstance } from 'fastify';
import { BUSINESS_KINDS, PROPERTY_USE_TEXT, isBusinessKind } from '#domain/business/business-kinds.ts';
import { officeName } from '#domain/city/counties.ts';
import { areaFigure, pricePerM2Figure } from '#domain/city/figures.ts';
import { type StatRow } from '#domain/city/statistics.ts';
import { requirePermission } from '../access.ts';
import { beijingTime } from '../format.ts';
import { html, raw, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { cityOverview } from './city-service.ts';
import { type CountyLinkState } from './city-store.ts';
import { C } from './city-text.ts';
import { reportPanel } from './reports/report-routes.ts';
import { R } from './reports/report-text.ts';
import { type ReportStore } from './reports/report-store.ts';

const lag = (behind: number): Html => {
  return behind === 0 ? html`<span class="tag ok">${C.upToDate}</span>` : html`<span class="tag warn" data-behind="${String(behind)}">${C.behind(behind)}</span>`;
};

/** How a county's rows come: the HTTPS pull alone, or replication with how far its slot is behind. */
const replicationCell = (l: CountyLinkState): Html => {
  if (l.mode !== 'replication') return html`<td data-replication="pull">${C.pullOnly}</td>`;
  const state = l.replicationState ?? 'not-subscribed';
  const lagBytes = l.walLagBytes;
  return html`<td data-replication="${state}"${lagBytes === null ? '' : html` data-wal-lag="${String(lagBytes)}"`}><span class="tag ${state === 'streaming' ? 'ok' : 'warn'}">${C.replication[state] ?? state}</span>
${lagBytes === null ? '' : html` ${C.walLag(lagBytes)}`}${l.replicationSeenAt ? html` · ${C.heardAt(beijingTime(l.replicationSeenAt))}` : ''}</td>`;
};

const figure = (name: string, svg: string | undefined): Html =>
  html`<figure data-chart="${name}">${svg === undefined ? html`<p role="status">${C.chartUnavailable}</p>` : raw(svg)}</figure>`;

const kindText = (k: string): string => (k === 'market' ? C.market : isBusinessKind(k) ? BUSINESS_KINDS[k].name : C.unknown);
const useText = (u: string): string => (u in PROPERTY_USE_TEXT ? PROPERTY_USE_TEXT[u as keyof typeof PROPERTY_USE_TEXT] : u === 'mixed' ? C.mixedUse : C.unknown);

function statLine(r: StatRow, labels: readonly [string, string, string, string]): Html {
  return html`<tr data-office="${r.office}" data-month="${r.month}">${labels.map((l) => html`<td>${l}</td>`)}
<td>${String(r.registrations)}</td><td>${String(r.registeredUnits)}</td><td>${formatYuanText(r.feeFen)}</td>
<td>${String(r.newHomeCount)}</td><td>${areaFigure(r.newHomeAreaDm2)}</td><td>${pricePerM2Figure(r.newHomeFen, r.newHomeAreaDm2)}</td>
<td>${String(r.secondHandCount)}</td><td>${areaFigure(r.secondHandAreaDm2)}</td><td>${pricePerM2Figure(r.secondHandFen, r.secondHandAreaDm2)}</td>
<td>${String(r.supplyUnits)}</td><td>${areaFigure(r.supplyAreaDm2)}</td></tr>`;
}

/**
 * The city's page of the platform: each county's link (when it last answered, how far behind it is), every
 * county device's chain as the city re-verified it, and the statistics of the last twelve months; what it
 * shows is the service's (city-service.ts `cityOverview`).
 */
export function registerCityPage(app: FastifyInstance, counties: readonly string[], reports?: ReportStore): void {
  const { storage, drawing } = app.office;
  app.get('/office/city', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const o = await cityOverview(app.office, counties);
    // The report's two charts, live, drawn on the drawing threads; charts that could not be drawn leave a note.
    const drawn = await drawing.charts([{ chart: 'city-offices', report: o.live }, { chart: 'city-trend', report: o.live }]);
    if (!drawn.ok) req.log.error({ failure: drawn.error }, 'city page charts not drawn');
    const [offices, trend] = drawn.ok ? drawn.value : [];
    const linkRows = o.links.map((l) => html`<tr data-county="${l.code}"><td>${officeName(l.code)}</td><td>${l.lastOkAt ? beijingTime(l.lastOkAt) : C.never}</td><td>${beijingTime(l.lastAttemptAt)}</td>
<td data-lag="facts">${lag(l.factsPending)}</td><td data-lag="events">${lag(l.eventsPending)}</td><td>${l.lastError ? html`<span class="tag bad">${C.lastError(l.lastError)}</span>` : html`<span class="tag ok">${C.upToDate}</span>`}</td>${replicationCell(l)}</tr>`);
    const chainRows = o.chains.map((c) => html`<tr data-chain="${c.deviceId}" data-state="${c.state}"><td>${officeName(c.countyCode)}</td><td><code>${c.deviceId}</code></td><td>${String(c.seq)}</td>
<td><span class="tag ${c.state === 'ok' ? 'ok' : 'bad'}">${C.chainState[c.state] ?? c.state}</span></td><td>${c.detail ?? ''}</td></tr>`);
    const [from, to] = [o.fromMonth, o.toMonth];
    const body = html`<p>${C.intro}</p>
<table><thead><tr>${C.linksHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${linkRows}</tbody></table>
<h2>${C.chainsTitle}</h2>${o.chains.length === 0 ? html`<p>${C.noChains}</p>` : html`<table><thead><tr>${C.chainsHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${chainRows}</tbody></table>`}
<h2>${C.statsTitle(from, to)}</h2><table><thead><tr>${C.statsHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${o.rows.map((r) => statLine(r, [officeName(r.office), r.month, kindText(r.kind), useText(r.use)]))}${statLine({ office: 'total', month: '', kind: 'unknown', use: 'unknown', ...o.total }, [C.total, '', '', ''])}</tbody></table>
<h2>${R.chartOffices}（${to}）</h2>${figure('offices', offices)}
<h2>${R.chartTrend}</h2>${figure('trend', trend)}
${reports ? await reportPanel(reports) : ''}`;
    return reply.type('text/html; charset=utf-8').send(page(C.title, body, staff));
  });
}
