import { type IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { freeUnit } from '../office/scenario.ts';
import { photo } from '../archive/archive-files.ts';
import { signedIn } from '../support/chromium.ts';
import { archiveOfficeInBrowser, ledgerRow } from './archive-browser.ts';

/**
 * The office's upload forms in Chromium with JavaScript off: the form posts itself (multipart/form-data) with its
 * hidden CSRF field and the session cookie, and no script to put the token into a header (docs/security.md).
 */
const world = archiveOfficeInBrowser('no-script');

describe('the upload forms with JavaScript off', () => {
  it('imports a ledger from the archive import form and adds a photo from the archive viewer', { timeout: 90_000 }, async () => {
    const { office, browser } = world;
    const page = await signedIn(browser, office.url, 'admin', { loginPath: '/office/login?next=/office/archive/imports', landing: (u) => u.pathname === '/office/archive/imports', javaScriptEnabled: false });
    // What reaches the office: the pages' script would send the token as a header; without it only the form's field.
    const posts: { url: string; header: boolean; type: string }[] = [];
    office.app.server.prependListener('request', (req: IncomingMessage) => {
      if (req.method === 'POST') posts.push({ url: req.url ?? '', header: req.headers['x-csrf-token'] !== undefined, type: (req.headers['content-type'] ?? '').split(';')[0] ?? '' });
    });
    await page.setInputFiles('#import-file', world.ledger('ledger.csv', [ledgerRow('1911')]));
    await Promise.all([page.waitForURL(/\/office\/archive\/imports\/ledger-/), page.click('#import-form button[type=submit]')]);
    // The import runs after the answer; without the script the page is reloaded until it has ended.
    for (let i = 0; i < 100 && (await page.getAttribute('#import-status', 'data-status')) === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await page.reload();
    }
    expect(await page.textContent('#import-status')).toBe('已全部导入。共 1 行，已导入 1 行。');

    const unit = (await freeUnit(office, 0)).unitNumber;
    await page.goto(`${office.url}/office/archive/viewer/${unit}`);
    const shot = await photo('jpeg', 400, 300);
    await page.fill('#photo-label', '客厅');
    await page.setInputFiles('#photo-file', { name: 'room.jpg', mimeType: 'image/jpeg', buffer: shot });
    await Promise.all([page.waitForURL(/msg=/), page.click('#photo-form button[type=submit]')]);
    expect(await page.textContent('.okbox')).toBe('已添加现状影像。');
    expect(posts).toEqual([
      { url: '/office/archive/imports', header: false, type: 'multipart/form-data' },
      { url: `/office/archive/viewer/${unit}/photos`, header: false, type: 'multipart/form-data' },
    ]);
  });
});
