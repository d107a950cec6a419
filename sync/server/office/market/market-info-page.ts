import { type FastifyInstance } from 'fastify';
import { officeName } from '#domain/city/counties.ts';
import { CITY_TOTAL } from '#domain/city/statistics.ts';
import { type PublishedInformation, type SupplyMonth, publishedInformation } from '#domain/city/published.ts';
import { type ListingKind } from '#domain/market/listing.ts';
import { type Indicator } from '#domain/market/market-information.ts';
import { lastMonths } from '#domain/market/market-stats.ts';
import { areaText, pricePerM2Text } from '#domain/market/market-text.ts';
import { averageFenPerM2 } from '#domain/market/sales-table.ts';
import { publishedRows } from '#server/office/city/published-figure.ts';
import { formatFen } from '#server/office/format.ts';
import { html, raw, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { todayInOffice } from '#server/office/today.ts';
import { infoSupplyChart, infoTrendChart, infoVolumeChart } from './market-info-charts.ts';
import { PM } from './public-market-text.ts';
import { MARKET_STYLE, marketNav } from './sales-table-page.ts';

const I = PM.info;
const TREND_MONTHS = 12;
const KINDS: readonly [ListingKind, string][] = [['new-home', I.newHome], ['second-hand', I.secondHand]];
const cells = (t: Indicator): Html => html`<td class="n">${String(t.count)}</td><td>${areaText(t.areaDm2)}</td><td>${formatFen(t.fen)}</td><td>${pricePerM2Text(t.fenPerM2)}</td>`;
const supplyCells = (s: Omit<SupplyMonth, 'month'>): Html =>
  html`<td class="n">${String(s.supplyUnits)}</td><td>${areaText(s.supplyAreaDm2)}</td><td class="n">${String(s.soldUnits)}</td><td>${areaText(s.soldAreaDm2)}</td><td class="n">${String(s.registrations)}</td>`;

/**
 * The public market-information page: the month's and the year's indicators, supply against sales, three charts drawn
 * on the server, the monthly table; all from the platform's statistics of the office's figure (the city's, with its counties).
 */
export function marketInfoBody(p: PublishedInformation, scope: string): Html {
  const info = p.market;
  const indicators = KINDS.map(([k, label]) => html`<tr data-kind="${k}"><th>${label}</th>${cells(info.latest[k])}${cells(info.period[k])}</tr>`);
  const month = (m: PublishedInformation['market']['months'][number]) =>
    html`<tr data-month="${m.month}"><td>${m.month}</td>${KINDS.map(([k]) => html`<td class="n">${String(m[k].count)}</td><td>${areaText(m[k].areaDm2)}</td><td>${pricePerM2Text(averageFenPerM2([m[k]]))}</td>`)}</tr>`;
  return html`${MARKET_STYLE}${marketNav()}<p>${I.intro}</p><p data-testid="market-scope">${I.scope(scope)}</p>
<h2>${I.indicators}</h2><table data-testid="market-indicators"><thead><tr>${I.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${indicators}</tbody></table>
<h2>${I.supplyTitle}</h2><table data-testid="market-supply"><thead><tr>${I.supplyHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
<tr data-row="latest"><th>${I.latestRow}</th>${supplyCells(p.latest)}</tr><tr data-row="period"><th>${I.periodRow}</th>${supplyCells(p.period)}</tr></tbody></table>
<h2>${I.volume}</h2><figure data-chart="volume">${raw(infoVolumeChart(info))}</figure>
<h2>${I.trend}</h2><figure data-chart="trend">${raw(infoTrendChart(info))}</figure>
<h2>${I.supplyChart}</h2><figure data-chart="supply">${raw(infoSupplyChart(p.months))}</figure>
<h2>${I.monthly}</h2><table data-testid="market-months"><thead><tr>${I.monthHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${info.months.map(month)}</tbody></table>`;
}

export function registerMarketInfoPage(app: FastifyInstance): void {
  const { storage, clock, countyCode } = app.office;
  app.get('/public/market/info', async (_req, reply) => {
    const months = lastMonths(todayInOffice(clock), TREND_MONTHS);
    const { figure, rows } = await publishedRows(storage.db, countyCode, months[0] ?? '', months.at(-1) ?? '');
    const scope = figure === CITY_TOTAL ? I.cityScope : officeName(figure);
    return reply.type('text/html; charset=utf-8').send(page(I.title, marketInfoBody(publishedInformation(months, rows), scope), null));
  });
}
