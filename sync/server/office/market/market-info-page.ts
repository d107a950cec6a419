import { formatYuanText } from '#domain/money.ts';
import { type FastifyInstance } from 'fastify';
import { officeName } from '#domain/city/counties.ts';
import { CITY_TOTAL } from '#domain/city/statistics.ts';
import { type PublishedInformation, type SupplyMonth, publishedInformation } from '#domain/city/published.ts';
import { type ListingKind } from '#domain/market/listing.ts';
import { type Indicator } from '#domain/market/market-information.ts';
import { lastMonths } from '#domain/market/market-stats.ts';
import { pricePerM2Text, totalAreaText } from '#domain/market/market-text.ts';
import { averageFenPerM2 } from '#domain/market/sales-table.ts';
import { publishedRows } from '#server/office/city/published-figure.ts';

// `import type`: the page never loads the drawing code, which runs on the drawing threads (draw-pool.ts).
import type { ChartSpec } from '#server/office/drawing/draw-jobs.ts';
import { html, raw, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { todayInOffice } from '#server/office/today.ts';
import { PM } from './public-market-text.ts';
import { MARKET_STYLE, marketNav } from './sales-table-page.ts';

const I = PM.info;
const TREND_MONTHS = 12;
const KINDS: readonly [ListingKind, string][] = [['new-home', I.newHome], ['second-hand', I.secondHand]];
const cells = (t: Indicator): Html => html`<td class="n">${String(t.count)}</td><td>${totalAreaText(t.areaDm2)}</td><td>${formatYuanText(t.fen)}</td><td>${pricePerM2Text(t.fenPerM2)}</td>`;
const supplyCells = (s: Omit<SupplyMonth, 'month'>): Html =>
  html`<td class="n">${String(s.supplyUnits)}</td><td>${totalAreaText(s.supplyAreaDm2)}</td><td class="n">${String(s.soldUnits)}</td><td>${totalAreaText(s.soldAreaDm2)}</td><td class="n">${String(s.registrations)}</td>`;

/** The page's three charts, drawn together on the office's drawing threads. */
const infoCharts = (p: PublishedInformation): ChartSpec[] => [
  { chart: 'info-volume', info: p.market },
  { chart: 'info-trend', info: p.market },
  { chart: 'info-supply', months: p.months },
];
const figure = (name: string, svg: string | undefined): Html =>
  html`<figure data-chart="${name}">${svg === undefined ? html`<p role="status">${I.chartUnavailable}</p>` : raw(svg)}</figure>`;

/**
 * The public market-information page: the month's and the year's indicators, supply against sales, three charts drawn
 * on the server, the monthly table; all from the platform's statistics of the office's figure (the city's, with its counties).
 */
export function marketInfoBody(p: PublishedInformation, scope: string, svgs: readonly string[]): Html {
  const info = p.market;
  const indicators = KINDS.map(([k, label]) => html`<tr data-kind="${k}"><th>${label}</th>${cells(info.latest[k])}${cells(info.period[k])}</tr>`);
  const month = (m: PublishedInformation['market']['months'][number]) =>
    html`<tr data-month="${m.month}"><td>${m.month}</td>${KINDS.map(([k]) => html`<td class="n">${String(m[k].count)}</td><td>${totalAreaText(m[k].areaDm2)}</td><td>${pricePerM2Text(averageFenPerM2([m[k]]))}</td>`)}</tr>`;
  return html`${MARKET_STYLE}${marketNav()}<p>${I.intro}</p><p data-testid="market-scope">${I.scope(scope)}</p>
<h2>${I.indicators}</h2><div class="scroll-x"><table data-testid="market-indicators"><thead><tr>${I.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${indicators}</tbody></table></div>
<h2>${I.supplyTitle}</h2><div class="scroll-x"><table data-testid="market-supply"><thead><tr>${I.supplyHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
<tr data-row="latest"><th>${I.latestRow}</th>${supplyCells(p.latest)}</tr><tr data-row="period"><th>${I.periodRow}</th>${supplyCells(p.period)}</tr></tbody></table></div>
<h2>${I.volume}</h2>${figure('volume', svgs[0])}
<h2>${I.trend}</h2>${figure('trend', svgs[1])}
<h2>${I.supplyChart}</h2>${figure('supply', svgs[2])}
<h2>${I.monthly}</h2><div class="scroll-x"><table data-testid="market-months"><thead><tr>${I.monthHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${info.months.map(month)}</tbody></table></div>`;
}

export function registerMarketInfoPage(app: FastifyInstance): void {
  const { storage, clock, countyCode, drawing } = app.office;
  app.get('/public/market/info', async (req, reply) => {
    const months = lastMonths(todayInOffice(clock), TREND_MONTHS);
    const { figure: office, rows } = await publishedRows(storage.db, countyCode, months[0] ?? '', months.at(-1) ?? '');
    const scope = office === CITY_TOTAL ? I.cityScope : officeName(office);
    const info = publishedInformation(months, rows);
    // Charts that could not be drawn leave the page its figures, with a note where each chart would be.
    const drawn = await drawing.charts(infoCharts(info));
    if (!drawn.ok) req.log.error({ failure: drawn.error }, 'market-information charts not drawn');
    return reply.type('text/html; charset=utf-8').send(page(I.title, marketInfoBody(info, scope, drawn.ok ? drawn.value : []), null));
  });
}
