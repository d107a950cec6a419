/**
 * Part of `npm run bench -- archive`: the baseline the archive's speed target names, a PDF opened directly in
 * Chromium's own PDF viewer (the built-in viewer extension drawing pages with PDFium). Headless Chromium loads that
 * viewer (its `--headless` is the full browser since the old headless mode left the chrome binary), but it draws
 * pages in a plugin whose painting no DOM event reports. So the page is watched as the screen shows it: screenshots
 * back to back, and the first page counts as shown in the first one where the page's text lines are on paper.
 * (Chromium's screencast, which stamps each frame with its draw time, was tried first: in some runs it sent no frame
 * after the viewer's loading bar for two minutes, so it cannot be relied on.) The file is opened from disk
 * (`file://`), as one double-clicked is.
 */
import { PNG } from 'pngjs';
import { type Browser } from 'playwright-core';
import { type Viewport } from '../tests/support/chromium.ts';

/**
 * Whether a look at the page area shows a scanned page's text lines: some column with at least `min` dark runs
 * 4–20 px high with paper above and below. Before its content is drawn a page is plain white paper on the dark
 * background, which has no such runs; a gap between pages gives at most one per column.
 */
export function showsTextLines(png: PNG, min = 8): boolean {
  const { width, height, data } = png;
  const grey = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    return ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 3;
  };
  for (let x = 0; x < width; x += 4) {
    let runs = 0;
    let state: 'other' | 'paper' | 'dark' = 'other';
    let darkFrom = 0;
    for (let y = 0; y < height; y++) {
      const g = grey(x, y);
      if (g > 200) {
        if (state === 'dark' && y - darkFrom >= 4 && y - darkFrom <= 20) runs++;
        state = 'paper';
      } else if (g < 110) {
        if (state === 'paper') { state = 'dark'; darkFrom = y; } else if (state !== 'dark') state = 'other';
      }
    }
    if (runs >= min) return true;
  }
  return false;
}

/**
 * A strip down the middle of the first page as Chromium's viewer lays it out at 1280 px (thumbnail sidebar 300 px,
 * toolbar 56 px, the page fitted to the rest: its lines run from about 474 to at least 741 px). A strip, not the whole
 * screen, so a look takes a third of the time.
 */
const pageStrip = (v: Viewport) => ({ x: Math.round(v.width * 0.4), y: 56, width: Math.round(v.width * 0.15), height: v.height - 56 });

/** How long Chromium's viewer took to show the first page, and how long one look at the screen took (the resolution). */
export type ViewerTiming = { ms: number; lookMs: number };

/**
 * From the address typed to the first look at the screen that shows the first page's lines, in a fresh tab of a
 * fresh context (nothing cached), at `viewport`. The page was drawn after the previous look captured the screen and
 * before this one did; the time counted is this look's start, right within one look (`lookMs`) either way.
 */
export async function chromiumViewerFirstPage(browser: Browser, url: string, viewport: Viewport): Promise<ViewerTiming> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    const looks: number[] = [];
    const start = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    for (;;) {
      const at = performance.now();
      if (at - start > 120_000) throw new Error("Chromium's PDF viewer showed no page within 120 s");
      // Just after the navigation there may be no frame to capture yet: Chromium says so, and that look shows nothing.
      const shot = await page.screenshot({ clip: pageStrip(viewport) }).catch((e: unknown) => {
        if (String(e).includes('Unable to capture screenshot')) return null;
        throw e;
      });
      looks.push(performance.now() - at);
      if (shot && showsTextLines(PNG.sync.read(shot))) return { ms: at - start, lookMs: looks.sort((x, y) => x - y)[Math.floor(looks.length / 2)] ?? 0 };
    }
  } finally {
    await context.close();
  }
}
