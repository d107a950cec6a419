/**
 * Part of `npm run bench -- archive`: the archive viewer in Chromium showing the first page (its full-size image,
 * not the thumbnail) of a unit's 300-page scanned historic file, against the same file opened directly in Chromium's
 * own PDF viewer (`chromium-pdf-viewer.ts`), and against the viewer on a 1-page file, on one office server. Every
 * round imports new files (a title of their own, so new hashes), so each first page is rendered cold, as the first
 * look at a file is; the three take turns, so all meet the same machine load.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, rgb } from 'pdf-lib';
import { type Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { buildOfficeApp } from '#server/app.ts';
import { ensureBundle } from '#server/office/archive/page-bundles.ts';
import { DEMO_BUILDING, seedArchive } from '#server/office/archive/seed-register.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { launchBrowser, signedIn } from '../tests/support/chromium.ts';
import { chromiumViewerFirstPage } from './chromium-pdf-viewer.ts';
import { type BenchRow, summarize } from './report.ts';

const ROUNDS = 7;
const PAGES = 300;
/** The viewer's own tabs are this size (`signedIn`); Chromium's viewer gets the same. */
const VIEWPORT = { width: 1280, height: 900 };

/** A scanned A4 page as a scanner's JPEG (about 100 dpi, greyscale text lines), made by poppler from a vector page. */
async function scanJpeg(dir: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  for (let line = 0; line < 40; line++) page.drawRectangle({ x: 60, y: 780 - line * 18, width: 200 + ((line * 97) % 270), height: 7, color: rgb(0.2, 0.2, 0.2) });
  writeFileSync(join(dir, 'page.pdf'), await doc.save());
  execFileSync('pdftoppm', ['-singlefile', '-jpeg', '-gray', '-r', '100', join(dir, 'page.pdf'), join(dir, 'page')]);
  return readFileSync(join(dir, 'page.jpg'));
}

/** A scanned file of `pages` pages, each its own embedded JPEG (as a scanner writes them), titled so its hash is its own. */
async function scannedFile(jpeg: Uint8Array, pages: number, title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  for (let i = 0; i < pages; i++) {
    const image = await doc.embedJpg(jpeg);
    doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  }
  return doc.save();
}

async function importHistoric(url: string, token: string, unit: string, bytes: Uint8Array): Promise<void> {
  const form = new FormData();
  form.set('label', '房屋所有权证档案');
  form.set('file', new Blob([new Uint8Array(bytes)]), 'scan.pdf');
  const res = await fetch(`${url}${API_BASE}/office/archive/units/${unit}/historic`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 201) throw new Error(`historic import refused: ${res.status} ${await res.text()}`);
}

/** From the address typed to the first page's full image decoded on screen, in a fresh tab (nothing cached). */
async function firstPageShown(browser: Browser, url: string, unit: string, pages: number): Promise<number> {
  const page = await signedIn(browser, url, 'chenjing', { loginPath: '/office/login?next=/office/archive', landing: (u) => u.pathname === '/office/archive', viewport: VIEWPORT });
  try {
    const t = performance.now();
    await page.goto(`${url}/office/archive/viewer/${unit}`, { waitUntil: 'commit' });
    await page.waitForSelector('#page-image[data-loaded=full]', { timeout: 120_000 });
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#page-image');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    const ms = performance.now() - t;
    if ((await page.textContent('#position'))?.trim() !== `1 / ${pages}`) throw new Error('the viewer shows another file');
    return ms;
  } finally {
    await page.context().close();
  }
}

export async function benchViewerFirstPage(): Promise<BenchRow[]> {
  console.error(`archive: the viewer's first page of a ${PAGES}-page scanned file …`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-viewer-'));
  const storage = openSqliteStorage(join(dir, 'office'));
  await seedOffice(storage, 'demo');
  await seedArchive(storage, 'demo', todayInOffice());
  const app = await buildOfficeApp({ dataDir: join(dir, 'office'), storage, plugins: [officePlugin] });
  const url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
  const browser = await launchBrowser();
  // The viewer's script is built once after a change of its sources, not per look: built here, outside the timing.
  await ensureBundle('viewer');
  try {
    const login = await fetch(`${url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const jpeg = await scanJpeg(dir);
    const times = { big: [] as number[], small: [] as number[], chromium: [] as number[], look: [] as number[] };
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Two flats of the demo building per round, one file each: the 300-page one on flat x01, the 1-page one on x02.
      const floor = 1 + round;
      const big = await scannedFile(jpeg, PAGES, `bench ${round} big`);
      bytes = big.length;
      await importHistoric(url, token, `${DEMO_BUILDING.key}0${floor}01`, big);
      await importHistoric(url, token, `${DEMO_BUILDING.key}0${floor}02`, await scannedFile(jpeg, 1, `bench ${round} small`));
      const file = join(dir, `scan-${round}.pdf`);
      writeFileSync(file, big);
      const orders = [['big', 'chromium', 'small'], ['chromium', 'small', 'big'], ['small', 'big', 'chromium']] as const;
      for (const key of orders[round % 3] ?? orders[0]) {
        if (key === 'chromium') {
          const direct = await chromiumViewerFirstPage(browser, `file://${file}`, VIEWPORT);
          times.chromium.push(direct.ms);
          times.look.push(direct.lookMs);
        } else times[key].push(await firstPageShown(browser, url, `${DEMO_BUILDING.key}0${floor}0${key === 'big' ? 1 : 2}`, key === 'big' ? PAGES : 1));
      }
    }
    const [big, small, direct] = [summarize(times.big), summarize(times.small), summarize(times.chromium)];
    const spread = (s: typeof big) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
    const measure = `archive: the viewer's first page (full image) of a ${PAGES}-page scanned file (${(bytes / 1_048_576).toFixed(0)} MB), in Chromium, median of ${ROUNDS}`;
    const load = `load ${loadavg()[0]?.toFixed(1)}`;
    return [
      {
        measure,
        baseline: `the same file opened directly (file://) in Chromium's own PDF viewer, first page on screen: ${spread(direct)}, seen by screenshots ${summarize(times.look).median.toFixed(0)} ms apart`,
        ratio: big.median / direct.median,
        target: '≤ 1.5',
        note: `${spread(big)}; each page rendered cold; ${load}`,
      },
      {
        measure,
        baseline: `the viewer on a 1-page scanned file: ${spread(small)}`,
        ratio: big.median / small.median,
        target: 'information: what the page count costs',
        note: `${spread(big)}; ${load}`,
      },
    ];
  } finally {
    await browser.close();
    await app.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
