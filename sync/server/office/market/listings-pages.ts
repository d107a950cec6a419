import { type FastifyInstance, type FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { type ListingKind, LISTING_KINDS } from '#domain/market/listing.ts';
import { END_REASON_TEXT, LISTING_KIND_TEXT } from '#domain/market/market-text.ts';
import { formatVerificationCode, LISTING_VERIFY_PATH, listingVerifyLink, parseVerificationCode } from '#domain/market/verification-code.ts';
import { parseAreaM2 } from '#domain/map/region-summary.ts';
import { CITY_DISTRICTS } from '#domain/units/service-area.ts';
import { html, raw, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { listingCard, publicListing } from './listing-view.ts';
import { type SearchCursor, type SearchFilter } from './market-store.ts';
import { type PublicMarketService } from './public-market-service.ts';
import { PM } from './public-market-text.ts';
import { MARKET_STYLE, marketNav } from './sales-table-page.ts';

const HTML = 'text/html; charset=utf-8';
const PAGE_SIZE = 24;

type SearchQuery = { district?: string; kind?: string; pmin?: string; pmax?: string; amin?: string; amax?: string; rooms?: string; after?: string };

/** "80" or "80.5" 万元 into fen, by digits; null when empty, the field's label when not a number. */
function wanYuan(text: string | undefined, label: string): number | null | { bad: string } {
  const t = (text ?? '').trim();
  if (t === '') return null;
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(t);
  return m ? Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(2, '0')) * 10_000 : { bad: label };
}

function areaOf(text: string | undefined, label: string): number | null | { bad: string } {
  const t = (text ?? '').trim();
  if (t === '') return null;
  return parseAreaM2(t) ?? { bad: label };
}

const isBad = (v: unknown): v is { bad: string } => typeof v === 'object' && v !== null && 'bad' in v;

/** The search form's fields as a filter, or the first field that is not a number. */
export function filterOf(q: SearchQuery): { ok: true; filter: SearchFilter; after: SearchCursor | null } | { ok: false; field: string } {
  const minFen = wanYuan(q.pmin, PM.listings.priceFrom);
  const maxFen = wanYuan(q.pmax, PM.listings.priceTo);
  const minAreaDm2 = areaOf(q.amin, PM.listings.areaFrom);
  const maxAreaDm2 = areaOf(q.amax, PM.listings.areaTo);
  for (const v of [minFen, maxFen, minAreaDm2, maxAreaDm2]) if (isBad(v)) return { ok: false, field: v.bad };
  const rooms = Number(q.rooms);
  const [publishedAt, id] = (q.after ?? '').split('~');
  return {
    ok: true,
    filter: {
      districtCode: CITY_DISTRICTS.some((d) => d.code === q.district) ? (q.district ?? null) : null,
      kind: (LISTING_KINDS as readonly string[]).includes(q.kind ?? '') ? (q.kind as ListingKind) : null,
      minFen: minFen as number | null,
      maxFen: maxFen as number | null,
      minAreaDm2: minAreaDm2 as number | null,
      maxAreaDm2: maxAreaDm2 as number | null,
      rooms: Number.isInteger(rooms) && rooms >= 1 && rooms <= 4 ? rooms : null,
    },
    after: publishedAt && id ? { publishedAt, id } : null,
  };
}

function searchForm(q: SearchQuery): Html {
  const field = (name: keyof SearchQuery, label: string) => html`<label>${label}<input name="${name}" value="${q[name] ?? ''}" inputmode="decimal"></label>`;
  return html`<form method="get" action="/public/listings" class="search card" data-testid="listing-search">
<label>${PM.listings.district}<select name="district"><option value="">${PM.listings.anyDistrict}</option>${CITY_DISTRICTS.map((d) => html`<option value="${d.code}" ${d.code === q.district ? 'selected' : ''}>${d.name}</option>`)}</select></label>
<label>${PM.listings.kind}<select name="kind"><option value="">${PM.listings.anyKind}</option>${LISTING_KINDS.map((k) => html`<option value="${k}" ${k === q.kind ? 'selected' : ''}>${LISTING_KIND_TEXT[k]}</option>`)}</select></label>
${field('pmin', PM.listings.priceFrom)}${field('pmax', PM.listings.priceTo)}${field('amin', PM.listings.areaFrom)}${field('amax', PM.listings.areaTo)}
<label>${PM.listings.rooms}<select name="rooms"><option value="">${PM.listings.anyRooms}</option>${[1, 2, 3, 4].map((n) => html`<option value="${n}" ${String(n) === q.rooms ? 'selected' : ''}>${PM.listings.roomsOption(n)}</option>`)}</select></label>
<button type="submit">${PM.listings.search}</button></form>`;
}

/** The search's fields as filled in, without the page cursor. */
const searchPairs = (q: SearchQuery): [string, string][] => Object.entries(q).flatMap<[string, string]>(([k, v]) => (k !== 'after' && typeof v === 'string' && v !== '' ? [[k, v]] : []));

/** The office's public address as this request reached it (the proxy's, when the office trusts one). */
const publicBase = (req: FastifyRequest): string => `${req.protocol}://${req.host}`;

/** The listings site (search by district, price, area, type) and the public check of a verification code. */
export function registerListingsPages(app: FastifyInstance, service: PublicMarketService): void {
  app.get<{ Querystring: SearchQuery }>('/public/listings', async (req, reply) => {
    const parsed = filterOf(req.query);
    let results: Html;
    if (!parsed.ok) results = html`<p class="flag" role="alert">${PM.listings.badNumber(parsed.field)}</p>`;
    else {
      const found = await service.search(parsed.filter, parsed.after, PAGE_SIZE + 1);
      const shown = found.slice(0, PAGE_SIZE);
      const last = shown.at(-1);
      const params = new URLSearchParams(searchPairs(req.query));
      if (last?.publishedAt) params.set('after', `${last.publishedAt}~${last.id}`);
      results = html`${shown.length === 0 ? html`<p>${PM.listings.none}</p>` : html`<div class="listings">${shown.map(listingCard)}</div>`}
<p>${parsed.after ? html`<a href="/public/listings?${new URLSearchParams(searchPairs(req.query)).toString()}">${PM.listings.first}</a> ` : ''}${found.length > PAGE_SIZE ? html`<a data-testid="next-page" href="/public/listings?${params.toString()}">${PM.listings.next}</a>` : ''}</p>`;
    }
    const body = html`${MARKET_STYLE}${marketNav()}<p>${PM.listings.intro}</p>${searchForm(req.query)}${results}`;
    return reply.code(parsed.ok ? 200 : 400).type(HTML).send(page(PM.listings.title, body, null));
  });

  app.get<{ Querystring: { code?: string } }>(`/${LISTING_VERIFY_PATH}`, async (req, reply) => {
    const asked = (req.query.code ?? '').trim();
    let result: Html = html``;
    let status = 200;
    if (asked !== '') {
      const code = parseVerificationCode(asked);
      const listing = code.ok ? await service.byCode(code.code) : undefined;
      if (!code.ok) [status, result] = [400, html`<p class="flag" role="alert">${PM.verify.badCode}</p>`];
      else if (!listing) [status, result] = [404, html`<p class="flag" role="alert">${PM.verify.notFound}</p>`];
      else {
        const p = publicListing(listing);
        const live = listing.status === 'published';
        const qr = await QRCode.toString(listingVerifyLink(publicBase(req), code.code), { type: 'svg', margin: 1, width: 160 });
        const values = [p.kind, p.district, p.place, p.layout, p.area, p.price, p.perM2, p.floor, p.published];
        result = html`<div class="${live ? 'okbox' : 'flag'}" role="status" data-testid="verify-result" data-status="${listing.status}"><p><b>${formatVerificationCode(code.code)}</b></p>
<p>${live ? PM.verify.verified : PM.verify.ended(listing.endReason ? END_REASON_TEXT[listing.endReason] : '')}</p></div>
<table><tbody>${PM.verify.facts.map((h, i) => html`<tr><th>${h}</th><td>${values[i] ?? ''}</td></tr>`)}</tbody></table>
<figure class="card" style="max-width:14rem">${raw(qr)}<figcaption>${PM.verify.scan}</figcaption></figure>`;
      }
    }
    const body = html`${MARKET_STYLE}${marketNav()}<p>${PM.verify.intro}</p><form method="get" action="/${LISTING_VERIFY_PATH}" class="card" style="max-width:30rem">
<label for="code">${PM.verify.label}</label><input id="code" name="code" value="${asked}" inputmode="numeric" autocomplete="off" required><button type="submit">${PM.verify.submit}</button></form>${result}`;
    return reply.code(status).type(HTML).send(page(PM.verify.title, body, null, { kiosk: true }));
  });
}
