import { type FastifyInstance } from 'fastify';
import { BUSINESS_KINDS, PROPERTY_USE_TEXT, isBusinessKind } from '#domain/business/business-kinds.ts';
import { CITY_CODE, officeName } from '#domain/city/counties.ts';
import { REPORT_OFFICES, cityReport } from '#domain/city/report.ts';
import { type StatRow, fenPerM2, totalOf } from '#domain/city/statistics.ts';
import { lastMonths } from '#domain/market/market-stats.ts';
import { sql } from '#office/platform/db/sql.ts';
import { requirePermission } from '../access.ts';
import { beijingTime, formatFen } from '../format.ts';
import { html, raw, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { todayInOffice } from '../today.ts';
import { C } from './city-text.ts';
import { officesChart, trendChart } from './reports/report-charts.ts';
import { reportPanel } from './reports/report-routes.ts';
import { R } from './reports/report-text.ts';
import { type ReportStore } from './reports/report-store.ts';
import { cityRows, statRows } from './stat-store.ts';

type LinkRow = { code: string; last_attempt_at: string | null; last_ok_at: string | null; last_error: string | null; facts_read: number | string; facts_pending: number | string; events_read: number | string; events_pending: number | string;
  mode: string; replication_state: string | null; wal_lag_bytes: number | string | null; replication_seen_at: string | null };
type ChainRow = { county_code: string; device_id: string; seq: number | string; state: string; detail: string | null };

const lag = (behind: number): Html => {
  return behind === 0 ? html`<span class="tag ok">${C.upToDate}</span>` : html`<span class="tag warn" data-behind="${String(behind)}">${C.behind(behind)}</span>`;
};

/** How a county's rows come: the HTTPS pull alone, or replication with how far its slot is behind. */
const replicationCell = (l: LinkRow): Html => {
  if (l.mode !== 'replication') return html`<td data-replication="pull">${C.pullOnly}</td>`;
  const state = l.replication_state ?? 'not-subscribed';
  const lagBytes = l.wal_lag_bytes === null ? null : Number(l.wal_lag_bytes);
  return html`<td data-replication="${state}"${lagBytes === null ? '' : html` data-wal-lag="${String(lagBytes)}"`}><span class="tag ${state === 'streaming' ? 'ok' : 'warn'}">${C.replication[state] ?? state}</span>
${lagBytes === null ? '' : html` ${C.walLag(lagBytes)}`}${l.replication_seen_at ? html` · ${C.heardAt(beijingTime(l.replication_seen_at))}` : ''}</td>`;
};

const kindText = (k: string): string => (k === 'market' ? C.market : isBusinessKind(k) ? BUSINESS_KINDS[k].name : C.unknown);
const useText = (u: string): string => (u in PROPERTY_USE_TEXT ? PROPERTY_USE_TEXT[u as keyof typeof PROPERTY_USE_TEXT] : C.unknown);
const area = (dm2: number): string => (dm2 / 100).toFixed(2);
const price = (fen: number, dm2: number): string => {
  const p = fenPerM2(fen, dm2);
  return p === null ? '—' : (p / 100).toFixed(0);
};

function statLine(r: StatRow, labels: readonly [string, string, string, string]): Html {
  return html`<tr data-office="${r.office}" data-month="${r.month}">${labels.map((l) => html`<td>${l}</td>`)}
<td>${String(r.registrations)}</td><td>${String(r.registeredUnits)}</td><td>${formatFen(r.feeFen)}</td>
<td>${String(r.newHomeCount)}</td><td>${area(r.newHomeAreaDm2)}</td><td>${price(r.newHomeFen, r.newHomeAreaDm2)}</td>
<td>${String(r.secondHandCount)}</td><td>${area(r.secondHandAreaDm2)}</td><td>${price(r.secondHandFen, r.secondHandAreaDm2)}</td>
<td>${String(r.supplyUnits)}</td><td>${area(r.supplyAreaDm2)}</td></tr>`;
}

/**
 * The city's page of the platform: each county's link (when it last answered, how far behind it is), every
 * county device's chain as the city re-verified it, and the statistics of the last twelve months.
 */
export function registerCityPage(app: FastifyInstance, counties: readonly string[], reports?: ReportStore): void {
  const { storage, clock } = app.office;
  app.get('/office/city', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const links = await storage.db.all<LinkRow>(sql`SELECT * FROM county_links ORDER BY code`);
    const linkRows = links.map((l) => html`<tr data-county="${l.code}"><td>${officeName(l.code)}</td><td>${l.last_ok_at ? beijingTime(l.last_ok_at) : C.never}</td><td>${beijingTime(l.last_attempt_at)}</td>
<td data-lag="facts">${lag(Number(l.facts_pending))}</td><td data-lag="events">${lag(Number(l.events_pending))}</td><td>${l.last_error ? html`<span class="tag bad">${C.lastError(l.last_error)}</span>` : html`<span class="tag ok">${C.upToDate}</span>`}</td>${replicationCell(l)}</tr>`);
    // Broken chains first: they are what the page is for.
    const chains = await storage.db.all<ChainRow>(sql`SELECT county_code, device_id, seq, state, detail FROM county_chains ORDER BY CASE state WHEN 'broken' THEN 0 WHEN 'gap' THEN 1 ELSE 2 END, county_code, device_id LIMIT 500`);
    const chainRows = chains.map((c) => html`<tr data-chain="${c.device_id}" data-state="${c.state}"><td>${officeName(c.county_code)}</td><td><code>${c.device_id}</code></td><td>${String(c.seq)}</td>
<td><span class="tag ${c.state === 'ok' ? 'ok' : 'bad'}">${C.chainState[c.state] ?? c.state}</span></td><td>${c.detail ?? ''}</td></tr>`);
    const months = lastMonths(todayInOffice(clock), 12);
    const [from, to] = [months[0] ?? '', months.at(-1) ?? ''];
    const rows = await statRows(storage.db, { offices: [CITY_CODE, ...counties], fromMonth: from, toMonth: to });
    const totalRows = await cityRows(storage.db, from, to);
    const total = totalOf(totalRows);
    // The report's two charts, live: this month's offices and the twelve months' trend, the same drawing as the PDF's.
    const live = cityReport({ kind: 'month', month: to }, await statRows(storage.db, { offices: REPORT_OFFICES, fromMonth: to, toMonth: to }), totalRows);
    const body = html`<p>${C.intro}</p>
<table><thead><tr>${C.linksHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${linkRows}</tbody></table>
<h2>${C.chainsTitle}</h2>${chains.length === 0 ? html`<p>${C.noChains}</p>` : html`<table><thead><tr>${C.chainsHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${chainRows}</tbody></table>`}
<h2>${C.statsTitle(from, to)}</h2><table><thead><tr>${C.statsHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${rows.map((r) => statLine(r, [officeName(r.office), r.month, kindText(r.kind), useText(r.use)]))}${statLine({ office: 'total', month: '', kind: 'unknown', use: 'unknown', ...total }, [C.total, '', '', ''])}</tbody></table>
<h2>${R.chartOffices}（${to}）</h2><figure data-chart="offices">${raw(officesChart(live))}</figure>
<h2>${R.chartTrend}</h2><figure data-chart="trend">${raw(trendChart(live))}</figure>
${reports ? await reportPanel(reports) : ''}`;
    return reply.type('text/html; charset=utf-8').send(page(C.title, body, staff));
  });
}
