import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROJECT } from '#server/office/market/seed-market.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { type OfficeUnderTest, openOffice } from '../../security/route-kit.ts';

/** A project's form refused: the survey's table pasted into it comes back as it was, to be corrected, not pasted again. */
let office: OfficeUnderTest;
let admin: string;

beforeAll(async () => {
  office = await openOffice('project-form');
  admin = await office.staffSession('admin');
});
afterAll(async () => office.close());

const ROWS = '不动产单元号\t幢号\t总层数\t所在层\t房号\t建筑面积\n这一行不是单元号\tA座\t18\t1\t101\t96.5';

describe('entering a project whose pasted table has a bad row', () => {
  it('answers the page with the reason and every field as typed, the pasted table included', async () => {
    const res = await office.app.inject({
      method: 'POST',
      url: '/office/market/projects',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${SESSION_COOKIE}=${admin}` },
      payload: new URLSearchParams({ _csrf: csrfTokenOf(admin), developerId: DEMO_PROJECT.developerId, name: '松花江畔二期', districtCode: '230804', address: '佳木斯市前进区江畔路2号', rows: ROWS }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/<p class="flag" role="alert">第 2 行「不动产单元号」：不动产单元号应为28位；[^<]*<\/p>/);
    expect(res.body).toContain(`<textarea name="rows" rows="8" style="width:100%">${ROWS}</textarea>`);
    expect(res.body).toContain('name="name" required value="松花江畔二期"');
    expect(res.body).toContain('name="address" required value="佳木斯市前进区江畔路2号"');
    expect(res.body).toContain(`<option value="${DEMO_PROJECT.developerId}" selected>`);
    expect(res.body).toContain('<option value="230804" selected>');
  });
});
