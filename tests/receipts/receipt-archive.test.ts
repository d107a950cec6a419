import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '#domain/clock.ts';
import { createDocumentRenderer } from '#electron/documents/document-renderer.ts';
import { DEMO_OFFICE } from '#electron/documents/office-info.ts';
import { archiveReceiptCopy } from '#electron/receipts/receipt-archive.ts';
import { receiptInput } from '#fixtures/documents/notices.ts';
import { pdfText } from '../documents/pdf-tools.ts';

const renderer = createDocumentRenderer({ office: DEMO_OFFICE, clock: fixedClock('2026-11-28T02:30:00Z') });
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the A5 receipt copy archived with the case', () => {
  it('keeps the original, each reprint and the voided copy side by side, each readable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'receipt-archive-'));
    dirs.push(dataDir);
    const original = await archiveReceiptCopy({ dataDir, renderer, receipt: receiptInput, mark: { kind: 'none' } });
    const reprint = await archiveReceiptCopy({ dataDir, renderer, receipt: receiptInput, mark: { kind: 'reprint' }, reprintNo: 1 });
    await archiveReceiptCopy({ dataDir, renderer, receipt: receiptInput, mark: { kind: 'voided', reason: '金额录入错误', by: '赵晓梅', at: '2026-11-28T03:00:00Z' } });
    expect(readdirSync(join(dataDir, 'documents', 'case-0001')).sort()).toEqual([
      'receipt-23080126-0000100001-reprint-1.pdf', 'receipt-23080126-0000100001-voided.pdf', 'receipt-23080126-0000100001.pdf',
    ]);
    const text = (p: string) => pdfText(readFileSync(p)).replace(/\s+/g, '');
    expect(text(original.path)).toContain('23080126-0000100001');
    expect(text(original.path)).not.toContain('重打印');
    expect(text(reprint.path)).toContain('【重打印】');
  }, 60_000);
});
