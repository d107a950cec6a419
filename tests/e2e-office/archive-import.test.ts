import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { type Office } from '../office/harness.ts';
import { holdImportAfterFirstBatch, startArchiveOffice } from '../archive/harness.ts';
import { launchBrowser, signedIn } from '../support/chromium.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

const HEAD = ['不动产单元号', '房屋所有权证号', '所有权人', '证件类型', '证件号码', '共有情况', '坐落', '所在层', '总层数', '房号', '建筑面积', '结构', '用途', '竣工年份', '登记日期'];
/** Flat `i` of a building the demo register does not hold. */
const row = (i: number): string[] => {
  const room = String(1000 + i);
  return [
    `230803003079GB00100F0001${room}`, `佳房权证向字第 00${room}79 号`, '张建国', '身份证', '230803195003151233', '单独所有', `佳木斯市向阳区西林路79号1栋${room}室`, '1', '6', room,
    '86.50', '混合结构', '住宅', '1998', '2003-07-15',
  ];
};
const ROWS = 1200;

let office: Office;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  office = await startArchiveOffice();
  browser = await launchBrowser();
  dir = tempDir('archive-import');
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await office?.close();
  removeDir(dir);
});

describe('a ledger import from the page in Chromium', () => {
  it('answers the upload at once with the import’s page, which goes from 导入中 with its count to the outcome by itself', { timeout: 90_000 }, async () => {
    const file = join(dir, 'ledger.csv');
    writeFileSync(file, `\ufeff${[HEAD, ...Array.from({ length: ROWS }, (_, i) => row(i))].map((r) => r.join(',')).join('\r\n')}\r\n`);
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
