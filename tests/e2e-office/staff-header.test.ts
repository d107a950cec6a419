import { describe, expect, it } from 'vitest';
import { startOfficeWithPages } from '../office/harness.ts';
import { signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';

/**
 * The office pages' header names who is signed in without brackets inside brackets (it read 王芳（审核员（初审/复审））,
 * as the role's full name brackets what it covers), and stays on one line on a 1280×720 screen for every role, the
 * administrator's with the most links included (it broke onto a second line).
 */
const world = officeInBrowser(startOfficeWithPages);

const STAFF: [login: string, who: string][] = [
  ['admin', '系统管理员'],
  ['wangfang', '王芳 · 审核员'],
  ['chenjing', '陈静 · 审批人'],
  ['zhaolei', '赵磊 · 财务对账'],
];

describe('the staff header at 1280×720', () => {
  it.each(STAFF)('as %s: names the staff member and role without nested brackets, on one line', async (login, who) => {
    const page = await signedIn(world.browser, world.office.url, login, { loginPath: '/office/login', landing: /\/office\/queues/, viewport: { width: 1280, height: 720 } });
    try {
      const text = ((await page.locator('header .who').textContent()) ?? '').replace(/\s+/g, ' ').trim();
      expect(text).toBe(`${who} 退出`);
      expect(text).not.toMatch(/（[^）]*（/);
      // One line: every item of the header (brand, links, who) starts above the first one's bottom edge.
      const boxes = await page.locator('header > *').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })));
      const first = boxes[0];
      expect(first).toBeDefined();
      for (const b of boxes) expect(b.top).toBeLessThan(first?.bottom ?? 0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    } finally {
      await page.context().close();
    }
  });
});
