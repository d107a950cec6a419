import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCaseDocument } from '#electron/documents/case-archive.ts';
import { dispatch } from '#electron/ipc/handle.ts';
import { createServiceHost, type ServiceHost } from '#electron/services/host.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dataDir = tempFolderForTests('van-case-notice');
let host: ServiceHost;
beforeAll(() => {
  host = createServiceHost({ dataDir: dataDir(), config: {}, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: {} });
});
afterAll(async () => {
  await host.close();
});
const call = (payload: unknown) => dispatch(host.handlersFor('http'), 'documents:caseNotice', payload, { transport: 'http', isTrustedSender: true });

describe('a case’s notice read back from its archive (documents:caseNotice)', () => {
  it('returns the archived PDF with its pages, and refuses one altered since or missing, in Chinese', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.addPage();
    const pdf = await doc.save();
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const path = await archiveCaseDocument(dataDir(), 'case-1', `acceptance-${sha256}.pdf`, pdf);

    expect(await call({ caseId: 'case-1', notice: 'acceptance', sha256 })).toEqual({ ok: true, value: { sha256, bytes: pdf.byteLength, pages: 2, pdf: Buffer.from(pdf) } });
    expect(await call({ caseId: 'case-1', notice: 'refusal', sha256 })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('找不到这份告知书') as string } });
    writeFileSync(path, Buffer.concat([Buffer.from(pdf), Buffer.from('%altered')]));
    expect(await call({ caseId: 'case-1', notice: 'acceptance', sha256 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
