import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfficeWithPages, type Office } from '../harness.ts';
import { csrfIn, getPage, portalLogin, postForm } from '../../security/attacker-kit.ts';

/**
 * The second-hand listing form (an owner's at /public/listings/submit, an agency's on its portal) refused for a field
 * over its length: everything typed stays on the form, and the reason names the field and its limit (it said only
 * 提交的内容不合格 and gave back an empty form). The inputs carry the limits, so a browser stops the typing there.
 */
let office: Office;

beforeAll(async () => {
  office = await startOfficeWithPages({ market: true });
});
afterAll(async () => {
  await office.close();
});

const typed = {
  unitNumber: '230803003012GB00100F00110701',
  place: '江景华府 1号楼',
  area: '120.00',
  price: '850000',
  use: 'residential',
  rooms: '3',
  halls: '1',
  floor: '第十八层楼',
  totalFloors: '18',
  description: '南北通透',
  sellers: '张三,230803195001011234',
};

function expectKept(html: string): void {
  expect(html).toContain('<p class="flag" role="alert">以下各项超过规定长度，请改短后重新提交：「所在层」最多 4 个字。</p>');
  expect(html).toContain('name="place" value="江景华府 1号楼"');
  expect(html).toContain('name="floor" value="第十八层楼"');
  expect(html).toContain('>张三,230803195001011234</textarea>');
}

describe('the listing form refused for a field too long', () => {
  it('an owner’s: keeps what was typed and names the field', async () => {
    const form = (await getPage(office.url, '/public/listings/submit', null)).html;
    expect(form).toContain('name="floor" value="" maxlength="4"');
    const res = await postForm(office.url, '/public/listings/submit', null, typed, { origin: office.url });
    expect(res.status).toBe(400);
    expectKept(res.html);
  });

  it('an agency’s: the same', async () => {
    const agent = await portalLogin(office.url, 'anju-agent');
    const csrf = csrfIn((await getPage(office.url, '/portal/agency', agent)).html) ?? '';
    expect(csrf).not.toBe('');
    const res = await postForm(office.url, '/portal/agency/listings', agent, { _csrf: csrf, ...typed, commission: '1' }, { origin: office.url });
    expect(res.status).toBe(400);
    expectKept(res.html);
  });
});
