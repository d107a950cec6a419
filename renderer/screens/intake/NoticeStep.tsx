import { useEffect, useRef, useState } from 'react';
import { type AcceptanceNoticeInput, type RenderedDocument } from '#electron/ipc/contract.ts';
import { type NoticeRequest, renderNotice } from './notice-request.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { receiptOfCase } from '#renderer/db/charges.ts';
import { useServices } from '#renderer/app/services.ts';
import { caughtText, logFailure } from '#renderer/app/failure-log.ts';
import { type Draft, type IntakeOutcome, type Trip, draftCaseNumber, saveIntake } from './draft.ts';
import { acceptanceInput, correctionInput, noticeBase, refusalInput } from './notice-inputs.ts';
import { issuedNoticeOf, recordNoticeIssued } from './notice-issued.ts';
import { useQuote } from './FeesStep.tsx';
import { T } from './intake-text.ts';

/**
 * The written answer at the counter (条例 第十七条): the 受理通知书, the 不予受理告知书 with the one-time 补正 list,
 * or the 不予受理告知书 for a unit the law bars or outside this office's area. The case is saved first (a
 * refusal or a correction is saved here; no fee is taken), then the notice drawn from what was saved.
 */
/** How the case's fee was paid, from its 收费 (none for a business charged nothing). */
async function paymentOf(db: VanDatabase, caseId: string, tripId: string): Promise<AcceptanceNoticeInput['payment']> {
  const r = await receiptOfCase(db, caseId, tripId);
  return r ? { method: r.method, ...(r.transactionRef ? { transactionRef: r.transactionRef } : {}) } : undefined;
}

type NoticeStepProps = {
  draft: Draft; trip: Trip; outcome: IntakeOutcome; saved: IntakeOutcome['kind'] | null;
  onSaved: (o: IntakeOutcome['kind']) => void;
  /** What was drawn, kept with the draft: the signature step draws the signed copy from it. */
  onMade: (request: NoticeRequest) => void;
  setCanAdvance: (ok: boolean) => void;
};

export function NoticeStep(props: NoticeStepProps) {
  const { draft, trip, outcome, saved, onSaved, onMade, setCanAdvance } = props;
  const { db, van, config, staff, now } = useServices();
  const { quote } = useQuote(draft, trip);
  const [doc, setDoc] = useState<RenderedDocument | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const [pdfUrl, setPdfUrl] = useState<string | null>(null);
  // The PDF's bytes came across as they are: the page opens them by an object URL, freed with the next notice.
  useEffect(() => {
    if (!doc) return;
    const url = URL.createObjectURL(new Blob([doc.pdf.slice()], { type: 'application/pdf' }));
    setPdfUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [doc]);
  // The applicant signs only once the written answer exists: a refusal shown on screen alone counts as acceptance.
  useEffect(() => setCanAdvance(saved !== null && doc !== null), [saved, doc, setCanAdvance]);
  const answer = draft.continued ? 'continued' : 'first';
  // A notice already handed over (a reload, a crash, the lock) is shown again from the archive by its recorded hash,
  // never drawn anew: a second drawing differs (its time), and the paper handed over must be the one recorded.
  useEffect(() => {
    let live = true;
    void issuedNoticeOf(db, draft.caseId, answer).then(async (issued) => {
      if (!issued || !live) return;
      const r = await van.documentsCaseNotice({ caseId: draft.caseId, notice: issued.notice, sha256: issued.sha256 });
      if (!live) return;
      if (r.ok) {
        setDoc(r.value);
        setMessage({ tone: 'ok', text: T.notice.made(r.value.pages) });
      } else setMessage({ tone: 'bad', text: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [db, van, draft.caseId, answer]);
  // A second tap while the notice is drawn must not draw a second one.
  const [making, setMaking] = useState(false);
  const makingNow = useRef(false);

  async function make() {
    if (!draft.kind || makingNow.current) return;
    makingNow.current = true;
    setMaking(true);
    try {
      await makeOnce();
    } finally {
      makingNow.current = false;
      setMaking(false);
    }
  }

  /** Called by `make` only, which has checked the business kind and that no other draw is under way. */
  async function makeOnce() {
    try {
      if (!saved) {
        await saveIntake({ db, deviceId: config.deviceId, staffId: staff.id, now, trip }, draft, outcome, { awaitsNotice: true });
        onSaved(outcome.kind);
      }
    } catch (error) {
      return setMessage({ tone: 'bad', text: caughtText(error, (e) => logFailure(van, 'intake: save the case before its notice', e), T.notice.caseNotSaved) });
    }
    const base = noticeBase(draft, trip, { issuedAt: now().toISOString(), staffName: staff.name, publicUrl: config.publicUrl });
    const request: NoticeRequest = outcome.kind === 'correction'
      ? { kind: 'correction', input: correctionInput(base, outcome) }
      : outcome.kind === 'refused'
        ? { kind: 'refusal', input: refusalInput(base, outcome) }
        : { kind: 'acceptance', input: acceptanceInput(base, draft, outcome, quote?.totalFen ?? 0, await paymentOf(db, draft.caseId, trip.id)) };
    const r = await renderNotice(van, request);
    if (!r.ok) return setMessage({ tone: 'bad', text: r.error.message });
    onMade(request);
    try {
      // Handed over: from this event on the office counts the case (an intake abandoned before it never does).
      await recordNoticeIssued({ db, deviceId: config.deviceId, staffId: staff.id, now }, draft.caseId, answer, { notice: outcome.kind === 'accepted' ? 'acceptance' : outcome.kind === 'correction' ? 'correction' : 'refusal', sha256: r.value.sha256, pages: r.value.pages });
    } catch (error) {
      return setMessage({ tone: 'bad', text: caughtText(error, (e) => logFailure(van, 'intake: record the notice handed over', e), T.notice.issueNotRecorded) });
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
      {!doc && <button className="primary" disabled={making} onClick={() => void make()}>{T.notice.make}：{title}</button>}
      {saved && <div className="alert ok" role="status">{T.saved(draftCaseNumber(trip, draft))}</div>}
      {message && <div className={`alert ${message.tone}`} role={message.tone === 'bad' ? 'alert' : 'status'}>{message.text}</div>}
      {doc && pdfUrl && <a className="button" href={pdfUrl} download={`${draftCaseNumber(trip, draft)}.pdf`}>{T.notice.open}</a>}
    </div>
  );
}
