/**
 * The signatures, once on the host as staged files, kept with the case: imported as its scans, recorded, then drawn
 * on the signed copy of the notice, which is recorded as handed over. Every write has a fixed id, so pressing the
 * button again after a failure doubles nothing.
 */
import { type VanApi } from '#electron/ipc/contract.ts';
import { caughtText, logFailure } from '#renderer/app/failure-log.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type Draft, recordScans } from './draft.ts';
import { recordNoticeIssued } from './notice-issued.ts';
import { renderNotice } from './notice-request.ts';
import { T } from './intake-text.ts';

const ISSUED = { acceptance: 'acceptance', correction: 'correction', refusal: 'refusal' } as const;

type Van = Pick<VanApi, 'scansImport' | 'logPageFailure' | 'documentsAcceptanceNotice' | 'documentsCorrectionNotice' | 'documentsRefusalNotice'>;
export type KeepContext = { van: Van; db: VanDatabase; deviceId: string; staffId: string; now: () => Date };
export type StagedSignature = { name: string; stagedId: string; png: Uint8Array };

/** Keeps the signatures; null when all is kept, else what the step says (Chinese; a store's own words go to the log). */
export async function keepSignatures(ctx: KeepContext, draft: Pick<Draft, 'caseId' | 'notice' | 'continued'>, staged: readonly StagedSignature[]): Promise<string | null> {
  const files = staged.map((s, i) => ({ name: `signature-${i + 1}.png`, mime: 'image/png' as const, stagedId: s.stagedId }));
  const r = await ctx.van.scansImport({ caseId: draft.caseId, material: T.signature.title, files });
  if (!r.ok) return r.error.message;
  try {
    await recordScans(ctx, draft.caseId, { name: T.signature.title, original: true, copies: 1 }, r.value);
  } catch (e) {
    return caughtText(e, (cause) => logFailure(ctx.van, 'intake: record signature scans', cause), T.signature.notSaved);
  }
  if (!draft.notice) return null;
  const signed = await renderNotice(ctx.van, draft.notice, staged.map((s) => ({ name: s.name, png: s.png })));
  if (!signed.ok) return `${T.signature.copyFailed}${signed.error.message}`;
  try {
    await recordNoticeIssued(ctx, draft.caseId, draft.continued ? 'continued-signed' : 'first-signed', { notice: ISSUED[draft.notice.kind], sha256: signed.value.sha256, pages: signed.value.pages });
  } catch (e) {
    return caughtText(e, (cause) => logFailure(ctx.van, 'intake: record signed notice', cause), T.signature.copyNotRecorded);
  }
  return null;
}
