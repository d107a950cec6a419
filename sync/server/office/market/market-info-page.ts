import { type FastifyInstance } from 'fastify';
import { type ListingKind } from '#domain/market/listing.ts';
import { type Indicator, type MarketInformation } from '#domain/market/market-information.ts';
import { areaText, pricePerM2Text } from '#domain/market/market-text.ts';
import { averageFenPerM2 } from '#domain/market/sales-table.ts';
import { formatFen } from '#server/office/format.ts';
import { html, raw, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { infoTrendChart, infoVolumeChart } from './market-info-charts.ts';
import { type PublicMarketService } from './public-market-service.ts';
import { PM } from './public-market-text.ts';
import { MARKET_STYLE, marketNav } from './sales-table-page.ts';

const I = PM.info;
const KINDS: readonly [ListingKind, string][] = [['new-home', I.newHome], ['second-hand', I.secondHand]];
const cells = (t: Indicator): Html => html`<td class="n">${String(t.count)}</td><td>${areaText(t.areaDm2)}</td><td>${formatFen(t.fen)}</td><td>${pricePerM2Text(t.fenPerM2)}</td>`;

/** The public market-information page: the month's and the year's indicators, two charts drawn on the server, the monthly table. */
export function marketInfoBody(info: MarketInformation): Html {
  const indicators = KINDS.map(([k, label]) => html`<tr data-kind="${k}"><th>${label}</th>${cells(info.latest[k])}${cells(info.period[k])}</tr>`);
  const month = (m: MarketInformation['months'][number]) =>
    html`<tr data-month="${m.month}"><td>${m.month}</td>${KINDS.map(([k]) => html`<td class="n">${String(m[k].count)}</td><td>${areaText(m[k].areaDm2)}</td><td>${pricePerM2Text(averageFenPerM2([m[k]]))}</td>`)}</tr>`;
  return html`${MARKET_STYLE}${marketNav()}<p>${I.intro}</p>
<h2>${I.indicators}</h2><table data-testid="market-indicators"><thead><tr>${I.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${indicators}</tbody></table>
<h2>${I.volume}</h2><figure data-chart="volume">${raw(infoVolumeChart(info))}</figure>
<h2>${I.trend}</h2><figure data-chart="trend">${raw(infoTrendChart(info))}</figure>
<h2>${I.monthly}</h2><table data-testid="market-months"><thead><tr>${I.monthHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${info.months.map(month)}</tbody></table>`;
}

export function registerMarketInfoPage(app: FastifyInstance, service: PublicMarketService): void {
  app.get('/public/market/info', async (_req, reply) => reply.type('text/html; charset=utf-8').send(page(I.title, marketInfoBody(await service.information()), null)));
}
