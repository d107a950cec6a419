import { PROPERTY_USE_TEXT } from '#domain/business/business-kinds.ts';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { floorBand } from '#domain/market/building-table.ts';
import { areaText, LISTING_KIND_TEXT, pricePerM2Text, wanYuanText } from '#domain/market/market-text.ts';
import { formatVerificationCode, LISTING_VERIFY_PATH } from '#domain/market/verification-code.ts';
import { html, type Html } from '#server/office/html.ts';
import { type PublicListingRow } from './market-store.ts';
import { districtName, PM } from './public-market-text.ts';

/**
 * A listing as the public sees it: place without the room, layout, area, price, floor band and code.
 * Built from the listing's public facts only; the sellers are never read here.
 */
export type PublicListing = {
  kind: string;
  district: string;
  place: string;
  use: string;
  layout: string;
  area: string;
  price: string;
  perM2: string;
  floor: string;
  published: string;
  code: string | null;
};

export function publicListing(l: PublicListingRow): PublicListing {
  return {
    kind: LISTING_KIND_TEXT[l.kind],
    district: districtName(l.districtCode),
    place: l.place,
    use: PROPERTY_USE_TEXT[l.use],
    layout: PM.listings.layout(l.rooms, l.halls),
    area: areaText(l.areaDm2),
    price: wanYuanText(l.priceFen),
    perM2: pricePerM2Text(l.areaDm2 > 0 ? Math.round((l.priceFen * 100) / l.areaDm2) : null),
    floor: PM.listings.floor(floorBand(l.floor, l.totalFloors), l.totalFloors),
    published: l.publishedAt ? chinaDate(l.publishedAt) : '',
    code: l.code,
  };
}

export function listingCard(l: PublicListingRow): Html {
  const p = publicListing(l);
  return html`<article class="card listing" data-testid="listing" data-kind="${l.kind}">
<p><span class="tag ${l.kind === 'new-home' ? 'ok' : ''}">${p.kind}</span> <b>${p.district} · ${p.place}</b></p>
<p class="big">${p.price}</p><p>${p.perM2} · ${p.layout} · ${p.area} · ${p.floor}</p>
<p class="note-small">${PM.listings.publishedOn(p.published)}${p.code ? html` · ${PM.listings.code} <a href="/${LISTING_VERIFY_PATH}?code=${p.code}">${formatVerificationCode(p.code)}</a>` : ''}</p></article>`;
}
