import { type AcceptanceNoticeInput, type CorrectionNoticeInput, type RefusalNoticeInput, type VanApi } from '#electron/ipc/contract.ts';

/** The written answer as drawn at the notice step, kept with the draft so the signed copy is the same document. */
export type NoticeRequest =
  | { kind: 'acceptance'; input: AcceptanceNoticeInput }
  | { kind: 'correction'; input: CorrectionNoticeInput }
  | { kind: 'refusal'; input: RefusalNoticeInput };

type Signature = { name: string; png: Uint8Array };

/** Draws (and archives with the case) the notice; with `signatures`, its signed copy. */
export function renderNotice(van: Pick<VanApi, 'documentsAcceptanceNotice' | 'documentsCorrectionNotice' | 'documentsRefusalNotice'>, request: NoticeRequest, signatures?: Signature[]) {
  const extra = signatures ? { signatures } : {};
  switch (request.kind) {
    case 'acceptance':
      return van.documentsAcceptanceNotice({ ...request.input, ...extra });
    case 'correction':
      return van.documentsCorrectionNotice({ ...request.input, ...extra });
    case 'refusal':
      return van.documentsRefusalNotice({ ...request.input, ...extra });
  }
}
