import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startOfficeWithPages, type Office } from '../office/harness.ts';

/**
 * A page's one-line outcome (`?msg=`, `?err=`) is the office's own words only after the office's own redirect: a
 * link from anywhere else that carries words of its choosing must not show them on a staff page as the office's.
 */
let office: Office;
let admin: string;
beforeAll(async () => {
  office = await startOfficeWithPages();
  admin = await loginAs(office, 'admin');
});
afterAll(async () => office.close());

const FORGED = '系统升级，请致电 0454-0000000 核实身份';
const pageWith = async (query: string, site: string | null, path = '/office/trips') => {
  const headers: Record<string, string> = { authorization: `Bearer ${admin}` };
  if (site !== null) headers['sec-fetch-site'] = site;
  return (await fetch(`${office.url}${path}?${query}`, { headers })).text();
};

describe('a notice in a page address', () => {
  it('is shown after the office’s own redirect (the browser says same-origin)', async () => {
    expect(await pageWith(`err=${encodeURIComponent('出车任务不存在')}`, 'same-origin')).toContain('<p class="flag">出车任务不存在</p>');
  });

  it('is not shown from a link in a message, another site or a typed address', async () => {
    for (const site of ['none', 'cross-site', 'same-site']) {
      const html = await pageWith(`err=${encodeURIComponent(FORGED)}&warn=${encodeURIComponent(FORGED)}&msg=${encodeURIComponent(FORGED)}`, site);
      expect(html, site).not.toContain('请致电');
      expect(html, site).toContain('出车计划');
    }
  });

  it('is shown to a client that sends no Fetch Metadata (an older browser), as before', async () => {
    expect(await pageWith(`msg=${encodeURIComponent('已刷新')}`, null)).toContain('<p class="okbox">已刷新</p>');
  });

  it('is not shown on the 承诺时限 page either, which words its own notices', async () => {
    expect(await pageWith(`err=${encodeURIComponent(FORGED)}`, 'cross-site', '/office/promised-limits')).not.toContain('请致电');
    expect(await pageWith(`err=${encodeURIComponent('表格不完整')}`, 'same-origin', '/office/promised-limits')).toContain('表格不完整');
  });
});
