import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { showsTextLines } from '../../bench/chromium-pdf-viewer.ts';

/**
 * The archive benchmark's baseline counts Chromium's own PDF viewer as showing the first page once a look at the
 * page area shows the scan's text lines (`showsTextLines`). These are the states that look passes through.
 */
const WIDTH = 192;
const HEIGHT = 844;
const BACKGROUND = 40; // the viewer's dark grey
const INK = 51; // the scan's lines (pdf-lib grey 0.2)

function look(paint: (x: number, y: number) => number): PNG {
  const png = new PNG({ width: WIDTH, height: HEIGHT });
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 4;
      const g = paint(x, y);
      png.data[i] = g;
      png.data[i + 1] = g;
      png.data[i + 2] = g;
      png.data[i + 3] = 255;
    }
  }
  return png;
}

/** The page's paper from y = 3 down (the viewer leaves a few pixels of background above the first page). */
const paper = (y: number) => (y < 3 ? BACKGROUND : 255);
/** 40 lines 9 px high every 24 px from y = 76, as the bench's scan shows at the viewer's 100 %. */
const line = (y: number) => y >= 76 && (y - 76) % 24 < 9 && (y - 76) / 24 < 40;

describe('the look that tells Chromium\'s PDF viewer has drawn the first page', () => {
  it('sees nothing while the viewer shows only its background, or the page as blank paper', () => {
    expect(showsTextLines(look(() => BACKGROUND))).toBe(false);
    expect(showsTextLines(look((_x, y) => paper(y)))).toBe(false);
    // Two pages' paper with the gap between them: one dark run, not a page of lines.
    expect(showsTextLines(look((_x, y) => (y >= 400 && y < 410 ? BACKGROUND : paper(y))))).toBe(false);
  });

  it('sees the page once its lines are drawn on the paper, and not from a mere few lines', () => {
    expect(showsTextLines(look((_x, y) => (line(y) ? INK : paper(y))))).toBe(true);
    // JPEG noise around the ink and paper does not hide them.
    expect(showsTextLines(look((x, y) => (line(y) ? INK + ((x * 7 + y) % 20) : paper(y) - ((x + y) % 12))))).toBe(true);
    const fewLines = (y: number) => line(y) && y < 76 + 24 * 5;
    expect(showsTextLines(look((_x, y) => (fewLines(y) ? INK : paper(y))))).toBe(false);
  });
});
