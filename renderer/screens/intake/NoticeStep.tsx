import { useEffect, useRef, useState } from 'react';
import { type AcceptanceNoticeInput, type RenderedDocument } from '#electron/ipc/contract.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { useServices } from '#renderer/app/services.ts';
import { type Draft, type IntakeOutcome, type Trip, draftCaseNumber, recordScans, saveIntake } from './draft.ts';
import { acceptanceInput, correctionInput, noticeBase, refusalInput } from './notice-inputs.ts';
import { recordNoticeIssued } from './notice-issued.ts';
import { useQuote } from './FeesStep.tsx';
import { T } from './intake-text.ts';

/**
 * The written answer at the counter (条例 第十七条): the 受理通知书, the 不予受理告知书 with the one-time 补正 list,
 * or the 不予受理告知书 for a unit the law bars or outside this office's area. The case is saved first (a
 * refusal or a correction is saved here; no fee is taken), then the notice drawn from what was saved.
 */
/** How the case's fee was paid, from its receipt (none for a business charged nothing). */
async function paymentOf(db: VanDatabase, caseId: string): Promise<AcceptanceNoticeInput['payment']> {
  const r = (await db.receipts.findOne({ selector: { caseId } }).exec())?.toJSON();
  return r ? { method: r.method ?? 'cash', ...(r.transactionRef ? { transactionRef: r.transactionRef } : {}) } : undefined;
}

export function NoticeStep(props: { draft: Draft; trip: Trip; outcome: IntakeOutcome; saved: IntakeOutcome['kind'] | null; onSaved: (o: IntakeOutcome['kind']) => void; setCanAdvance: (ok: boolean) => void }) {
  const { draft, trip, outcome, saved, onSaved, setCanAdvance } = props;
  const { db, van, config, staff, now } = useServices();
  const { quote } = useQuote(draft, trip);
  const [doc, setDoc] = useState<RenderedDocument | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  // The applicant signs only once the written answer exists: a refusal shown on screen alone counts as acceptance.
  useEffect(() => setCanAdvance(saved !== null && doc !== null), [saved, doc, setCanAdvance]);

  async function make() {
    if (!draft.kind) return;
    try {
      if (!saved) {
        await saveIntake({ db, deviceId: config.deviceId, staffId: staff.id, now, trip }, draft, outcome, { awaitsNotice: true });
        onSaved(outcome.kind);
      }
    } catch (error) {
      return setMessage({ tone: 'bad', text: `${T.saveFailed}${error instanceof Error ? error.message : String(error)}` });
    }
    const base = noticeBase(draft, trip, { issuedAt: now().toISOString(), staffName: staff.name, publicUrl: config.publicUrl });
    const r = outcome.kind === 'correction'
      ? await van.documentsCorrectionNotice(correctionInput(base, outcome))
      : outcome.kind === 'refused'
        ? await van.documentsRefusalNotice(refusalInput(base, outcome))
        : await van.documentsAcceptanceNotice(acceptanceInput(base, draft, outcome, quote?.totalFen ?? 0, await paymentOf(db, draft.caseId)));
    if (!r.ok) return setMessage({ tone: 'bad', text: r.error.message });
    try {
      // Handed over: from this event on the office counts the case (an intake abandoned before it never does).
      await recordNoticeIssued({ db, deviceId: config.deviceId, staffId: staff.id, now }, draft.caseId, draft.continued ? 'continued' : 'first', { notice: outcome.kind === 'accepted' ? 'acceptance' : outcome.kind === 'correction' ? 'correction' : 'refusal', sha256: r.value.sha256, pages: r.value.pages });
    } catch (error) {
      return setMessage({ tone: 'bad', text: `${T.saveFailed}${error instanceof Error ? error.message : String(error)}` });
    }
    setDoc(r.value);
    setMessage({ tone: 'ok', text: T.notice.made(r.value.pages) });
  }

  const title = T.notice[outcome.kind];
  return (
    <div className="card" data-testid="notice" data-outcome={outcome.kind}>
      <h2>{title}</h2>
      {outcome.kind === 'correction' && (
        <ul>{outcome.decision.shortfalls.map((m) => <li key={m.key}>{m.name}：{m.note}{m.basis ? `（${m.basis}）` : ''}</li>)}</ul>
      )}
      {outcome.kind === 'refused' && (
        <div className="alert bad" data-testid="refusal-reasons">
          {outcome.decision.reasons.map((r) => <div key={r}>{r}</div>)}
          <div className="muted">{T.notice.basis}{outcome.decision.basis}</div>
        </div>
      )}
      <button className="primary" onClick={() => void make()}>{T.notice.make}：{title}</button>
      {saved && <div className="alert ok" role="status">{T.saved(draftCaseNumber(trip, draft))}</div>}
      {message && <div className={`alert ${message.tone}`} role={message.tone === 'bad' ? 'alert' : 'status'}>{message.text}</div>}
      {doc && <a href={`data:application/pdf;base64,${doc.pdfBase64}`} download={`${draftCaseNumber(trip, draft)}.pdf`}>{T.notice.open}</a>}
    </div>
  );
}

/** The applicant signs on the touch screen; the signature is kept as a PNG scan of the case. */
export function SignatureStep({ draft, onDone }: { draft: Draft; onDone: () => void }) {
  const { van, db, config, now } = useServices();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef(false);
  const [hasInk, setHasInk] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    c.width = c.clientWidth;
    c.height = c.clientHeight;
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(...point(e));
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d');
    ctx?.lineTo(...point(e));
    ctx?.stroke();
    setHasInk(true);
  };

  async function save() {
    const c = canvas.current;
    if (!c || !hasInk) return setError(T.signature.empty);
    const dataBase64 = c.toDataURL('image/png').split(',')[1] ?? '';
    const r = await van.scansImport({ caseId: draft.caseId, material: T.signature.title, files: [{ name: 'signature.png', mime: 'image/png', dataBase64 }] });
    if (!r.ok) return setError(r.error.message);
    try {
      await recordScans({ db, deviceId: config.deviceId, now }, draft.caseId, { name: T.signature.title, original: true, copies: 1 }, r.value);
    } catch (error) {
      return setError(`${T.saveFailed}${error instanceof Error ? error.message : String(error)}`);
    }
    onDone();
  }

  return (
    <div className="card">
      <h2>{T.signature.title}</h2>
      <p className="muted">{T.signature.hint}</p>
      <canvas ref={canvas} className="signature" aria-label={T.signature.title} onPointerDown={down} onPointerMove={move} onPointerUp={() => (drawing.current = false)} />
      {error && <div className="alert bad" role="alert">{error}</div>}
      <div className="row">
        <button onClick={() => { const c = canvas.current; c?.getContext('2d')?.clearRect(0, 0, c.width, c.height); setHasInk(false); }}>{T.signature.clear}</button>
        <span className="grow" />
        <button className="primary" onClick={() => void save()}>{T.signature.save}</button>
      </div>
    </div>
  );
}
