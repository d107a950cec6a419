import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RenderedDocument } from '#electron/ipc/contract.ts';
import { dispatch } from '#electron/ipc/handle.ts';
import { createServiceHost, type ServiceHost } from '#electron/services/host.ts';
import { documentsFromRenderer } from '#electron/services/wiring.ts';
import { acceptanceInput, correctionInput, receiptInput } from '#fixtures/documents/notices.ts';
import { pdfText } from '../documents/pdf-tools.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dataDir = tempFolderForTests('van-documents');
let host: ServiceHost;
beforeAll(() => {
  host = createServiceHost({ dataDir: dataDir(), config: {}, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { documents: documentsFromRenderer() } });
});
afterAll(async () => {
  await host.close();
});

const call = async (channel: string, payload: unknown): Promise<RenderedDocument> => {
  const r = await dispatch(host.handlersFor('http'), channel, payload, { transport: 'http', isTrustedSender: true });
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as RenderedDocument;
};

/** Counts turns of the main event loop (setImmediate ticks) until `done` settles. */
async function loopTurnsDuring<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let settled = false;
  const spin = () => {
    if (settled) return;
    turns += 1;
    setImmediate(spin);
  };
  setImmediate(spin);
  const value = await work.finally(() => (settled = true));
  return { value, turns };
}

describe('documents service as the app wires it (rendering on a worker thread)', () => {
  it('renders the acceptance notice, archives it by content hash and returns it with its page count', async () => {
    const doc = await call('documents:acceptanceNotice', acceptanceInput);
    const bytes = Buffer.from(doc.pdf);
    expect(doc).toMatchObject({ pages: 1, bytes: bytes.length });
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(doc.sha256);
    expect(readFileSync(join(dataDir(), 'documents', acceptanceInput.caseId, `acceptance-${doc.sha256}.pdf`)).equals(bytes)).toBe(true);
    expect(pdfText(bytes).replace(/\s+/g, '')).toContain('李堃喆');
  }, 120_000);

  it('keeps the main event loop turning while a notice is drawn', async () => {
    const { value, turns } = await loopTurnsDuring(call('documents:correctionNotice', correctionInput));
    expect(pdfText(value.pdf).replace(/\s+/g, '')).toContain('一次性告知');
    // Drawn on the main thread, a warm render is one unbroken run of microtasks: the loop would not turn at all.
    expect(turns).toBeGreaterThan(10);
  }, 120_000);

  it('archives a voided receipt copy marked as voided', async () => {
    const doc = await call('receipts:void', { receipt: receiptInput, reason: '金额录入错误', voidedBy: '赵晓梅', voidedAt: '2026-11-28T03:00:00Z' });
    expect(pdfText(doc.pdf).replace(/\s+/g, '')).toContain('【作废】');
    expect(readdirSync(join(dataDir(), 'documents', receiptInput.caseId)).some((f) => f.startsWith('void-'))).toBe(true);
  }, 120_000);
});
