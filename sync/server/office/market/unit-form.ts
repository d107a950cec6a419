import { z } from 'zod';
import { type Building } from '#domain/market/building-table.ts';
import { html, type Html } from '#server/office/html.ts';
import { OM } from './office-market-text.ts';

const Text = (max: number) => z.string().trim().max(max).optional().default('');

/** One unit of the building table entered by hand at the office: the survey table's columns as fields. */
export const UnitForm = z.object({
  unitNumber: Text(28),
  building: Text(50),
  floors: Text(4),
  floor: Text(4),
  room: Text(20),
  use: z.enum(['住宅', '非住宅', '车库']).catch('住宅'),
  area: Text(20),
  rooms: Text(3),
  halls: Text(3),
  price: Text(20),
  withheld: z.string().max(3).optional(),
});
export type UnitForm = z.infer<typeof UnitForm>;

/** The form in the survey table's column order (domain/market/unit-import.ts), so one parser checks both. */
export const unitCells = (f: UnitForm): string[] => [f.unitNumber, f.building, f.floors, f.floor, f.room, f.use, f.area, f.rooms, f.halls, f.price, f.withheld ? '是' : ''];

export function unitFormHtml(action: string, buildings: readonly Building[]): Html {
  const t = OM.units;
  const f = (name: keyof UnitForm, label: string, attrs = '') => html`<label>${label}<input name="${name}" ${attrs}></label>`;
  return html`<h2>${t.add}</h2><form method="post" action="${action}" class="card search" data-testid="unit-form">
${f('unitNumber', t.unitNumber, 'required')}<label>${t.building}<input name="building" list="building-names" required></label><datalist id="building-names">${buildings.map((b) => html`<option value="${b.name}">`)}</datalist>
${f('floors', t.floors, 'required')}${f('floor', t.floor, 'required')}${f('room', t.room, 'required')}<label>${t.use}<select name="use"><option>住宅</option><option>非住宅</option><option>车库</option></select></label>
${f('area', t.area, 'required')}${f('rooms', t.rooms)}${f('halls', t.halls)}${f('price', t.price)}<label><input type="checkbox" name="withheld" value="1" style="min-width:0"> ${t.withheld}</label>
<button type="submit">${t.submit}</button></form>`;
}
