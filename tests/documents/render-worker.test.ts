import { afterAll, describe, expect, it } from 'vitest';
import { acceptanceNoticeSpec } from '#electron/documents/notices.ts';
import { DEMO_OFFICE } from '#electron/documents/office-info.ts';
import { createWorkerRenderer } from '#documents/render-worker.ts';
import { acceptanceInput } from '#fixtures/documents/notices.ts';
import { pdfText } from './pdf-tools.ts';

const worker = createWorkerRenderer();
afterAll(() => worker.close());

describe('rendering on a worker thread', () => {
  it('produces the same real-text PDF off the main loop, for parallel requests', async () => {
    const specs = ['王淑兰', '李堃喆'].map((name) => acceptanceNoticeSpec({ ...acceptanceInput, applicants: [{ name, idNumber: '' }] }, DEMO_OFFICE));
    const [a, b] = await Promise.all(specs.map((s) => worker.render(s, new Date('2026-11-28T02:30:00Z'))));
    expect(pdfText(a!.bytes).replace(/\s+/g, '')).toContain('王淑兰');
    expect(pdfText(b!.bytes).replace(/\s+/g, '')).toContain('李堃喆');
    expect(a!.pages).toBe(1);
  }, 60_000);

  it('loads its font ahead when warmed, and draws the same document after it', async () => {
    const warmed = createWorkerRenderer();
    try {
      await warmed.warm();
      const spec = acceptanceNoticeSpec({ ...acceptanceInput, applicants: [{ name: '王淑兰', idNumber: '' }] }, DEMO_OFFICE);
      const pdf = await warmed.render(spec, new Date('2026-11-28T02:30:00Z'));
      expect(pdfText(pdf.bytes).replace(/\s+/g, '')).toContain('王淑兰');
    } finally {
      await warmed.close();
    }
  }, 60_000);
});
