import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, type Clock } from '#domain/clock.ts';
import { archiveCaseDocument } from '#electron/documents/case-archive.ts';
import { createDocumentRenderer } from '#electron/documents/document-renderer.ts';
import { DEMO_OFFICE } from '#electron/documents/office-info.ts';
import { dispatch } from '#electron/ipc/handle.ts';
import { createServiceHost, type ServiceHost } from '#electron/services/host.ts';
import { documentsFromRenderer } from '#electron/services/wiring.ts';
import { acceptanceInput } from '#fixtures/documents/notices.ts';
import { pdfImageCount, pdfText } from '../documents/pdf-tools.ts';
import { signaturePng } from '../documents/signature-png.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dataDir = tempFolderForTests('van-notice-reprint');
// The time on the van when the notice is printed again, a week after the intake (Beijing time 2026-12-05 09:12).
let now = '2026-12-05T01:12:00Z';
const clock: Clock = { now: () => new Date(now) };
let host: ServiceHost;
beforeAll(() => {
  // The app's own wiring: the mark is drawn on the documents worker thread.
  host = createServiceHost({ dataDir: dataDir(), config: {}, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { documents: documentsFromRenderer(clock) } });
});
afterAll(async () => {
  await host.close();
});
const call = (channel: string, payload: unknown) => dispatch(host.handlersFor('http'), channel, payload, { transport: 'http', isTrustedSender: true });
const squash = (s: string) => s.replace(/\s+/g, '');

describe('a notice printed again from 案件 (documents:reprintNotice)', () => {
  it('marks every page 重印 with the time of this printing, keeps the signatures, archives the copy apart, and leaves the original unmarked', async () => {
    const renderer = createDocumentRenderer({ office: DEMO_OFFICE, clock: fixedClock('2026-11-28T02:30:00Z') });
    const signatures = [{ name: acceptanceInput.applicants[0]!.name, png: signaturePng() }];
    const original = (await renderer.acceptanceNotice({ ...acceptanceInput, signatures })).bytes;
    const sha256 = createHash('sha256').update(original).digest('hex');
    await archiveCaseDocument(dataDir(), 'case-1', `acceptance-${sha256}.pdf`, original);

    const r = await call('documents:reprintNotice', { caseId: 'case-1', notice: 'acceptance', sha256 });
    if (!r.ok) throw new Error(r.error.message);
    const copy = r.value as { sha256: string; pages: number; pdf: Uint8Array };
    const reprint = copy.pdf;
    const text = squash(pdfText(reprint));
    expect(text).toContain(squash('【重印】2026年12月05日 09:12 重新打印，内容与受理时出具的原件一致'));
    // The body is the notice as handed over: its number, its date of issue and the applicant's signature.
    expect(text).toContain('不动产登记受理通知书');
    expect(text).toContain('JMS2026112800001');
    expect(pdfImageCount(reprint)).toBe(pdfImageCount(original));
    expect(copy.pages).toBe(1);
    expect(squash(pdfText(original))).not.toContain('重印');

    const files = readdirSync(join(dataDir(), 'documents', 'case-1')).sort();
    expect(files).toEqual([`acceptance-${sha256}.pdf`, `reprint-acceptance-${copy.sha256}.pdf`].sort());
    expect(readFileSync(join(dataDir(), 'documents', 'case-1', `acceptance-${sha256}.pdf`)).equals(Buffer.from(original))).toBe(true);
    // 查看 still shows the original, unmarked.
    const viewed = await call('documents:caseNotice', { caseId: 'case-1', notice: 'acceptance', sha256 });
    expect(viewed).toMatchObject({ ok: true, value: { sha256 } });

    // A second reprint says its own time.
    now = '2026-12-20T07:45:00Z';
    const again = await call('documents:reprintNotice', { caseId: 'case-1', notice: 'acceptance', sha256 });
    if (!again.ok) throw new Error(again.error.message);
    expect(squash(pdfText((again.value as { pdf: Uint8Array }).pdf))).toContain('【重印】2026年12月20日15:45重新打印');
  });

  it('refuses, in Chinese, a notice that is missing or altered since it was handed over', async () => {
    const renderer = createDocumentRenderer({ office: DEMO_OFFICE, clock: fixedClock('2026-11-28T02:30:00Z') });
    const original = (await renderer.acceptanceNotice(acceptanceInput)).bytes;
    const sha256 = createHash('sha256').update(original).digest('hex');
    const path = await archiveCaseDocument(dataDir(), 'case-2', `acceptance-${sha256}.pdf`, original);
    expect(await call('documents:reprintNotice', { caseId: 'case-2', notice: 'correction', sha256 })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('找不到这份告知书') as string } });
    writeFileSync(path, Buffer.concat([Buffer.from(original), Buffer.from('%altered')]));
    expect(await call('documents:reprintNotice', { caseId: 'case-2', notice: 'acceptance', sha256 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(readdirSync(join(dataDir(), 'documents', 'case-2'))).toEqual([`acceptance-${sha256}.pdf`]);
  });
});
