import { describe, expect, it } from 'vitest';
import { photoAsPdf } from '#server/office/archive/page-images.ts';
import { photo } from './archive-files.ts';

describe('a photo of the house made a one-page PDF', () => {
  it('reads a photo held in part of a larger buffer, as a small upload is (a slice of Node’s Buffer pool)', async () => {
    for (const kind of ['jpeg', 'png'] as const) {
      const bytes = await photo(kind, 400, 300);
      const pool = new Uint8Array(bytes.length + 100);
      pool.set(bytes, 37);
      const made = await photoAsPdf(pool.subarray(37, 37 + bytes.length), kind);
      expect([made.width, made.height], kind).toEqual([400, 300]);
    }
  });
});
