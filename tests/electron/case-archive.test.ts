import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveCaseDocument } from '#electron/documents/case-archive.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

describe('archiving a case document', () => {
  let dir = '';
  afterEach(() => removeDir(dir));

  it('takes concurrent saves of one document, each whole, none failing on a shared temporary file', async () => {
    dir = tempDir('case-archive');
    const copies = Array.from({ length: 12 }, (_, i) => new TextEncoder().encode(`%PDF-1.7 copy ${i} ${'x'.repeat(20_000 + i)}`));
    const saved = await Promise.allSettled(copies.map((bytes) => archiveCaseDocument(dir, 'case-1', 'acceptance-notice.pdf', bytes)));
    expect(saved.filter((s) => s.status === 'rejected').map((s) => String((s).reason))).toEqual([]);
    const folder = join(dir, 'documents', 'case-1');
    expect(readdirSync(folder)).toEqual(['acceptance-notice.pdf']);
    const stored = readFileSync(join(folder, 'acceptance-notice.pdf'));
    // Whichever save renamed last, the file is one whole copy, never two interleaved.
    expect(copies.some((c) => Buffer.from(c).equals(stored))).toBe(true);
  });
});
