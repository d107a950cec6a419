import { z } from 'zod';
import { PROPERTY_USE_TEXT } from '#domain/business/business-kinds.ts';
import { type ListingFacts, type Seller } from '#domain/market/listing.ts';
import { AUTO_CHECK_TEXT, listingInputText } from '#domain/market/market-text.ts';
import { parseAreaM2 } from '#domain/map/region-summary.ts';
import { parseYuan } from '#domain/money.ts';
import { typedFields } from '#domain/forms/typed-fields.ts';
import { html, type Html } from '#server/office/html.ts';
import { type SubmitError } from './listing-service.ts';
import { PT } from './portal-text.ts';

const Text = (max: number) => z.string().trim().max(max).optional().default('');

/** How long each typed field of the listing form may be: the form's `maxlength` and the server's check. */
const LIMITS = { unitNumber: 28, place: 100, area: 20, price: 20, rooms: 3, halls: 3, floor: 4, totalFloors: 4, description: 2000, sellers: 2000 } as const;
type TypedField = keyof typeof LIMITS;

/** A second-hand listing as an agency or an owner posts it. */
export const ListingForm = z.object({
  unitNumber: Text(LIMITS.unitNumber),
  place: Text(LIMITS.place),
  area: Text(LIMITS.area),
  price: Text(LIMITS.price),
  use: z.enum(['residential', 'non-residential', 'parking']).catch('residential'),
  rooms: Text(LIMITS.rooms),
  halls: Text(LIMITS.halls),
  floor: Text(LIMITS.floor),
  totalFloors: Text(LIMITS.totalFloors),
  description: z.string().max(LIMITS.description).optional().default(''),
  sellers: z.string().max(LIMITS.sellers).optional().default(''),
  /** An agency lists only with every seller's written commission (《房地产经纪管理办法》第二十二条); the counter sees the paper. */
  commission: z.string().max(3).optional(),
});
export type ListingForm = z.infer<typeof ListingForm>;

/** The form as listing facts and sellers, or why it cannot be read. Its consistency is checked by the domain after. */
export function listingOf(f: ListingForm): { ok: true; facts: ListingFacts; sellers: Seller[] } | { ok: false; message: string } {
  const area = parseAreaM2(f.area);
  const price = parseYuan(f.price);
  const sellers: Seller[] = [];
  for (const line of f.sellers.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')) {
    const [name, idNumber] = line.split(/[,，\s]+/);
    if (!name || !idNumber) return { ok: false, message: PT.agency.badSellers };
    sellers.push({ name, idType: 'resident-id', idNumber: idNumber.toUpperCase() });
  }
  const int = (s: string) => (/^-?\d{1,3}$/.test(s) ? Number(s) : NaN);
  return {
    ok: true,
    facts: {
      unitNumber: f.unitNumber.toUpperCase(),
      // The district is the unit number's own (GB/T 37346: its first six characters are the county-level code).
      districtCode: f.unitNumber.slice(0, 6),
      place: f.place,
      areaDm2: area ?? 0,
      priceFen: price.ok ? price.value : 0,
      use: f.use,
      rooms: int(f.rooms),
      halls: int(f.halls),
      floor: int(f.floor),
      totalFloors: int(f.totalFloors),
      description: f.description,
    },
    sellers,
  };
}

/** Why a submission was not accepted, in words the submitter can act on. */
export function submitErrorText(e: SubmitError): Html {
  switch (e.code) {
    case 'input':
      return html`<div class="flag" role="alert"><ul>${e.problems.map((p) => html`<li>${listingInputText(p)}</li>`)}</ul></div>`;
    case 'refused':
      return html`<div class="flag" role="alert" data-testid="listing-refused"><p>${PT.agency.refused}</p><ul>${e.checks.filter((c) => !c.ok).map((c) => html`<li data-check="${c.item}">${AUTO_CHECK_TEXT[c.item].failed}</li>`)}</ul></div>`;
    case 'unit-listed':
      return html`<p class="flag" role="alert">${PT.agency.unitListed}</p>`;
    case 'new-home':
      return html`<p class="flag" role="alert">${PT.agency.newHome}</p>`;
  }
}

/**
 * A listing form the schema refused (a field too long, of the wrong type): what was typed, to show it again, and the
 * reason naming each field over its length; another fault gets the general reason.
 */
export function refusedListingForm(body: unknown): { values: Record<string, string>; message: string } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (k: string) => (typeof b[k] === 'string' ? b[k] : '');
  const values: Record<string, string> = typedFields(body, ['use', 'commission', ...Object.keys(LIMITS)]);
  const tooLong = (Object.keys(LIMITS) as TypedField[]).filter((k) => (k === 'description' || k === 'sellers' ? text(k) : text(k).trim()).length > LIMITS[k]);
  return { values, message: tooLong.length > 0 ? PT.formTooLong(tooLong.map((k) => PT.agency[k]), tooLong.map((k) => LIMITS[k])) : PT.formInvalid };
}

export function listingFormHtml(action: string, v: Partial<Record<keyof ListingForm, string>>, by: 'agency' | 'owner'): Html {
  const f = (name: TypedField, label: string) => html`<label>${label}<input name="${name}" value="${v[name] ?? ''}" maxlength="${String(LIMITS[name])}"></label>`;
  return html`<form method="post" action="${action}" class="card" data-testid="listing-form"><div class="search">
${f('unitNumber', PT.agency.unitNumber)}${f('place', PT.agency.place)}${f('area', PT.agency.area)}${f('price', PT.agency.price)}
<label>${PT.agency.use}<select name="use">${Object.entries(PROPERTY_USE_TEXT).map(([k, t]) => html`<option value="${k}" ${k === v.use ? 'selected' : ''}>${t}</option>`)}</select></label>
${f('rooms', PT.agency.rooms)}${f('halls', PT.agency.halls)}${f('floor', PT.agency.floor)}${f('totalFloors', PT.agency.totalFloors)}</div>
<label>${PT.agency.description}<textarea name="description" rows="2" maxlength="${String(LIMITS.description)}">${v.description ?? ''}</textarea></label>
<label>${PT.agency.sellers}<textarea name="sellers" rows="3" maxlength="${String(LIMITS.sellers)}">${v.sellers ?? ''}</textarea></label>
${by === 'agency' ? html`<label><input type="checkbox" name="commission" value="1" style="min-width:0" ${v.commission ? 'checked' : ''}> ${PT.agency.commission}</label>` : ''}
<p><button type="submit">${PT.agency.submit}</button></p></form>`;
}
