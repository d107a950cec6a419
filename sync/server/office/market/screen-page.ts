import { type FastifyInstance } from 'fastify';
import { chinaTime } from '#domain/calendar/china-time.ts';
import { averageFenPerM2 } from '#domain/market/sales-table.ts';
import { pricePerM2Text, totalAreaText } from '#domain/market/market-text.ts';
import { type Totals } from '#domain/market/market-stats.ts';
import { formatVerificationCode } from '#domain/market/verification-code.ts';
// `import type`: the page never loads the drawing code, which runs on the drawing threads (draw-pool.ts).
import type { ChartSpec } from '#server/office/drawing/draw-jobs.ts';
import { html, raw, type Html } from '#server/office/html.ts';
import { publicListing } from './listing-view.ts';
import { type PublicListingRow } from './market-store.ts';
import { type PublicMarketService, type ScreenFigures } from './public-market-service.ts';
import { PM } from './public-market-text.ts';

/** Seconds each page of listings stays up, and listings per page. */
const SLIDE_SECONDS = 8;
const PER_SLIDE = 6;
/** The screen reloads itself to show new figures: no script, a refresh the browser does. */
const REFRESH_SECONDS = 120;

/**
 * The market hall's screen at 1920×1080: the latest verified listings rotating a page at a time (a CSS
 * animation, no script), today's transactions, the last week and the price trend. No personal data: the
 * listings show place, layout, area, price and code only.
 */
function style(slides: number): Html {
  const period = Math.max(1, slides) * SLIDE_SECONDS;
  const shown = 100 / Math.max(1, slides);
  return raw(`<style>
*{box-sizing:border-box}html,body{margin:0;width:1920px;height:1080px;overflow:hidden;background:#0a1929;color:#e3f2fd;font:24px/1.4 "Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif}
.screen{display:grid;grid-template-columns:1000px 1fr;grid-template-rows:110px 1fr;gap:24px;padding:24px;width:1920px;height:1080px}
h1{grid-column:1/3;margin:0;font-size:52px;display:flex;justify-content:space-between;align-items:center}h1 small{font-size:24px;color:#90caf9}
h2{margin:0 0 12px;font-size:32px;color:#ffb300}section{background:#0f2744;border-radius:12px;padding:20px;position:relative;overflow:hidden}
.slides{position:relative;height:800px}.slide{position:absolute;inset:0;display:grid;grid-template-columns:1fr 1fr;gap:16px;opacity:0;animation:show ${period}s infinite}
${Array.from({ length: slides }, (_, i) => `.slide:nth-child(${i + 1}){animation-delay:${i * SLIDE_SECONDS}s}`).join('')}
@keyframes show{0%{opacity:1}${(shown - 0.5).toFixed(2)}%{opacity:1}${shown.toFixed(2)}%{opacity:0}100%{opacity:0}}
.slides.one .slide{opacity:1;animation:none}
.item{background:#163a63;border-radius:10px;padding:14px 18px;height:250px}.item .price{font-size:40px;color:#ffb300;font-weight:700}.item p{margin:4px 0}
.kpis{display:grid;grid-template-columns:1fr 1fr;gap:16px}.kpi{background:#163a63;border-radius:10px;padding:8px 18px}.kpi p{margin:2px 0}.kpi b{font-size:40px;color:#4fc3f7}
.right{display:grid;grid-template-rows:auto auto 1fr;gap:16px}
</style>`);
}

function kpi(label: string, t: Totals): Html {
  return html`<div class="kpi" data-testid="kpi"><p>${label}</p><b>${PM.screen.count(t.count)}</b><p>${PM.screen.area} ${totalAreaText(t.areaDm2)} · ${PM.screen.average} ${pricePerM2Text(averageFenPerM2([{ fen: t.fen, areaDm2: t.areaDm2 }]))}</p></div>`;
}

function item(l: PublicListingRow): Html {
  const p = publicListing(l);
  return html`<div class="item" data-testid="screen-listing"><p>${p.kind} · ${p.district}</p><p><b>${p.place}</b></p><p class="price">${p.price}</p><p>${p.layout} · ${p.area} · ${p.perM2}</p><p>${p.floor}${p.code ? ` · ${formatVerificationCode(p.code)}` : ''}</p></div>`;
}

/** The screen's two charts, sized to their panels, drawn together on the office's drawing threads. */
const screenCharts = (f: ScreenFigures): ChartSpec[] => [
  { chart: 'screen-week', week: f.week, width: 820, height: 190 },
  { chart: 'screen-trend', trend: f.trend, width: 820, height: 240 },
];
const chart = (svg: string | undefined): Html => (svg === undefined ? html`<p>${PM.screen.chartUnavailable}</p>` : raw(svg));

/** The screen's page, with the SVGs of `screenCharts` (in that order; a chart missing shows a note). */
export function screenHtml(f: ScreenFigures, svgs: readonly string[]): string {
  const slides: PublicListingRow[][] = [];
  for (let i = 0; i < f.latest.length; i += PER_SLIDE) slides.push(f.latest.slice(i, i + PER_SLIDE));
  const body = html`<div class="screen">
<h1>${PM.screen.title}<small>${f.day} · ${PM.screen.updated(chinaTime(f.at))}</small></h1>
<section><h2>${PM.screen.latest}</h2><div class="slides ${slides.length <= 1 ? 'one' : ''}" data-slides="${slides.length}">${slides.length === 0 ? html`<p>${PM.screen.none}</p>` : slides.map((s) => html`<div class="slide">${s.map(item)}</div>`)}</div></section>
<div class="right"><section><h2>${PM.screen.today}</h2><div class="kpis">${kpi(PM.screen.newHome, f.today['new-home'])}${kpi(PM.screen.secondHand, f.today['second-hand'])}</div></section>
<section><h2>${PM.screen.week}</h2><div data-testid="week-chart">${chart(svgs[0])}</div></section>
<section><h2>${PM.screen.trend}</h2><div data-testid="trend-chart">${chart(svgs[1])}</div></section></div></div>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${REFRESH_SECONDS}"><title>${PM.screen.title}</title>${style(slides.length).text}</head><body>${body.text}</body></html>`;
}

export function registerScreenPage(app: FastifyInstance, service: PublicMarketService): void {
  app.get('/public/market/screen', async (req, reply) => {
    const figures = await service.screen();
    const drawn = await app.office.drawing.charts(screenCharts(figures));
    if (!drawn.ok) req.log.error({ failure: drawn.error }, 'market screen charts not drawn');
    return reply.type('text/html; charset=utf-8').send(screenHtml(figures, drawn.ok ? drawn.value : []));
  });
}
