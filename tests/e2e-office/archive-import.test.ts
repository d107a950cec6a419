import { describe, expect, it } from 'vitest';
import { holdImportAfterFirstBatch } from '../archive/harness.ts';
import { signedIn } from '../support/chromium.ts';
import { archiveOfficeInBrowser, ledgerRow } from './archive-browser.ts';

const ROWS = 1200;
const world = archiveOfficeInBrowser('archive-import');

describe('a ledger import from the page in Chromium', () => {
  it('answers the upload at once with the import’s page, which goes from 导入中 with its count to the outcome by itself', { timeout: 90_000 }, async () => {
    const { office, browser } = world;
    const file = world.ledger('ledger.csv', Array.from({ length: ROWS }, (_, i) => ledgerRow(String(1000 + i))));
    // The import is held after its first batch of 500.
    const { held, release, restore } = holdImportAfterFirstBatch(office);
    try {
      const page = await signedIn(browser, office.url, 'admin', { loginPath: '/office/login?next=/office/archive/imports', landing: (u) => u.pathname === '/office/archive/imports' });
      await page.setInputFiles('#import-file', file);
      await Promise.all([page.waitForURL(/\/office\/archive\/imports\/ledger-/), page.click('#import-form button[type=submit]')]);
      await held;
      // The page as it stands (the script has not asked yet, or asked and found the same): held after 500.
      await page.locator('#import-status[data-status="running"]', { hasText: '已导入 500 / 1200 条' }).waitFor();
      expect(await page.getAttribute('#import-progress', 'value')).toBe('500');
      // A reload would lose this mark: the page must change in place.
      await page.evaluate(() => document.body.setAttribute('data-loaded-once', 'yes'));
      await release();
      await page.locator('#import-status[data-status="imported"]').waitFor({ timeout: 60_000 });
      expect(await page.textContent('#import-status')).toBe('已全部导入。共 1200 行，已导入 1200 行。');
      expect(await page.getAttribute('#import-status', 'class')).toBe('okbox');
      expect(await page.locator('#import-progress').count()).toBe(0);
      expect(await page.getAttribute('body', 'data-loaded-once')).toBe('yes');
    } finally {
      restore();
    }
  });
});
