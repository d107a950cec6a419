import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);

/**
 * Noto Sans SC Regular (SIL OFL 1.1) from the `@expo-google-fonts/noto-sans-sc` package: one static TrueType
 * file with the full CJK repertoire, so rare characters in names (生僻字) print too. Only this one file of the
 * package is used (and would be shipped).
 */
export const DEFAULT_CJK_FONT_PATH = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

export type FontSource = {
  /** A TrueType font holding exactly the glyphs for `text` (plus ASCII), small enough to embed whole. */
  subsetFor(text: string): Promise<Uint8Array>;
};

// Printable ASCII is always kept so numbers and codes never depend on the text that happened to be collected.
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

/**
 * Layout tables are dropped: pdf-lib shapes text with fontkit, which applied the font's Latin-script GSUB
 * substitutions to digits after Latin letters and produced glyphs without a Unicode mapping (pdftotext lost them)
 * and with wrong advances. Documents need plain glyph-per-character text, which is what remains.
 */
const SUBSET_OPTIONS = { targetFormat: 'truetype', keepFeatures: [], noLayoutClosure: true, noHinting: true, dropTables: ['GSUB', 'GPOS'] } as const;

/**
 * Subsets per document with harfbuzz (subset-font) rather than embedding the 10 MB font and letting fontkit
 * subset it: fontkit parses the whole font for every document (measured here at ~175 ms with a
 * 17 MB font), harfbuzz cuts a few hundred glyphs out in a few tens of milliseconds and the result is embedded
 * as it is. The font file is read once and kept.
 */
export function createFontSource(fontPath: string = DEFAULT_CJK_FONT_PATH): FontSource {
  let font: Promise<Buffer> | undefined;
  const cache = new Map<string, Promise<Uint8Array>>();
  return {
    async subsetFor(text) {
      font ??= readFile(fontPath);
      const chars = [...new Set([...ASCII, ...text])].filter((c) => c !== '\n').sort().join('');
      let subset = cache.get(chars);
      if (!subset) {
        subset = font.then((buf) => subsetFont(buf, chars, SUBSET_OPTIONS)).then((b) => new Uint8Array(b));
        cache.set(chars, subset);
        // Only the last few character sets are worth keeping: documents differ by names and numbers.
        if (cache.size > 16) cache.delete(cache.keys().next().value ?? '');
      }
      return subset;
    },
  };
}
