import { useEffect, useMemo, useState } from 'react';
import { isReasonGiven } from '#domain/reasons.ts';
import { type CaseEvent as DomainCaseEvent } from '#domain/case/events.ts';
import { caseEventLabel, isCaseEventKind, type PaymentMethod } from '#domain/case/events.ts';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { projectCase } from '#domain/case/lifecycle.ts';
import { CASE_STAGE_TEXT, type CaseStage } from '#domain/case/stages.ts';
import { statusLinkOf, statusPageOf } from '#domain/case/status-link.ts';
import { type CaseDoc, type CaseEventDoc, type ReceiptDoc } from '#protocol/documents/van.ts';
import { useServices } from '#renderer/app/services.ts';
import { useAction } from '#renderer/app/run-action.ts';
import { useObservable } from '#renderer/app/use-observable.ts';
import { isCaseSynced } from '#renderer/db/pending.ts';
import { receiptOfEvent } from '#renderer/db/charges.ts';
import { businessLabel } from '#renderer/app/labels.ts';
import { formatYuan, rulesNumberOf } from '#renderer/screens/intake/intake-rules.ts';
import { type QuarantineEntry } from '#renderer/db/schemas/sync-quarantine.ts';
import { adviceFor } from '#renderer/screens/sync/refusal-text.ts';
import { T } from './cases-text.ts';
import { ContinuePanel, CorrectionPanel, RefundPanel, WithdrawPanel } from './CaseActions.tsx';
import { counterCorrection } from './continue-correction.ts';
import { type StoredDraft } from '#renderer/screens/intake/draft-store.ts';
import { correctionAsked } from './case-actions.ts';
import { CaseNotice, NoticePending } from './CaseNotice.tsx';
import { receiptActionText, reprintReceipt, voidReceipt } from './receipt-actions.ts';
import { FIELD_MAX } from '#renderer/app/field-limits.ts';

type Case = Omit<CaseDoc, '_deleted'>;
type Event = Omit<CaseEventDoc, '_deleted'>;
type Receipt = Omit<ReceiptDoc, '_deleted'>;

type ReceiptLineProps = { receipt: Receipt; caseId: string; caseNumber: string; queryCode: string | null; method: PaymentMethod; voided: boolean; refunded: boolean; refundDue: 'withdrawn' | 'registration-refused' | null };

function ReceiptLine({ receipt, caseId, caseNumber, queryCode, method, voided, refunded, refundDue }: ReceiptLineProps) {
  const { db, van, config, staff, now } = useServices();
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const print = {
    receiptId: receipt.id, receiptCode: receipt.number.replace(/\d+$/, '') || receipt.number, receiptNumber: receipt.number, caseId, caseNumber,
    payer: receipt.payer, items: receipt.items.map((i) => ({ name: i.label, amountFen: i.amountFen, ruleVersion: rulesNumberOf(receipt.rules) })), totalFen: receipt.amountFen,
    paymentMethod: method, ...(receipt.transactionRef ? { transactionRef: receipt.transactionRef } : {}), payee: '佳木斯市不动产登记中心', staffName: staff.name, issuedAt: receipt.issuedAt,
    // The code as the intake recorded it; a case without one links to the blank query form.
    statusUrl: queryCode ? statusLinkOf(config.publicUrl, { caseNumber, queryCode }) : statusPageOf(config.publicUrl), paperWidth: '80' as const,
  };

  const { busy, run } = useAction((text) => setMessage({ tone: 'bad', text }), 'cases: receipt reprint or void');
  const ctx = { db, deviceId: config.deviceId, actor: { staffId: staff.id, roles: staff.roles }, now };

  const reprint = () => run(async () => {
    const r = await reprintReceipt(ctx, caseId, receipt.number, () => van.receiptsReprint(print));
    setMessage(r.ok ? { tone: 'ok', text: T.reprinted(receipt.number) } : { tone: 'bad', text: receiptActionText(r.error) });
  });

  const doVoid = () => run(async () => {
    if (!isReasonGiven('voidReceipt', reason)) return;
    const voided = await voidReceipt(ctx, caseId, receipt.number, reason);
    if (!voided.ok) {
      setVoiding(false);
      return setMessage({ tone: 'bad', text: receiptActionText(voided.error) });
    }
    // The event is the record of the void; the PDF copy is archived beside the case when the renderer is there.
    const r = await van.receiptsVoid({ receipt: print, reason: reason.trim(), voidedBy: staff.name, voidedAt: voided.value.at });
    setVoiding(false);
    setMessage(r.ok ? { tone: 'ok', text: T.voidDone(receipt.number) } : { tone: 'bad', text: `${T.voidDone(receipt.number)}；${r.error.message}` });
  });

  return (
    <div className="card" data-testid="receipt-line">
      <div className="row">
        <span className="grow"><b>{receipt.number}</b> · {formatYuan(receipt.amountFen)} · {receipt.payer} {voided && <span className="tag bad">{T.voided}</span>}{refunded && <span className="tag warn">{T.refundedTag}</span>}</span>
        {!voided && <button disabled={busy} onClick={reprint}>{T.reprint}</button>}
        {!voided && <button className="danger" disabled={busy} onClick={() => setVoiding(true)}>{T.void}</button>}
      </div>
      {voiding && (
        <div className="row">
          <input className="grow" style={{ width: 'auto' }} aria-label={T.voidReason} placeholder={T.voidReason} value={reason} maxLength={FIELD_MAX.reason} onChange={(e) => setReason(e.target.value)} />
          <button className="danger" disabled={busy || !isReasonGiven('voidReceipt', reason)} onClick={doVoid}>{T.confirmVoid}</button>
          <button onClick={() => setVoiding(false)}>{T.cancel}</button>
        </div>
      )}
      {message && <div className={`alert ${message.tone}`} role="status">{message.text}</div>}
      {refundDue && !voided && receipt.amountFen > 0 && <RefundPanel receipt={receipt} caseId={caseId} caseNumber={caseNumber} ground={refundDue} refunded={refunded} />}
    </div>
  );
}

type OnContinue = (draft: StoredDraft) => Promise<boolean>;

function CaseCard({ c, onContinue }: { c: Case; onContinue: OnContinue | undefined }) {
  const { db, sync } = useServices();
  const events$ = useMemo(() => db.caseEvents.find({ selector: { caseId: c.id }, sort: [{ caseId: 'asc' }, { at: 'asc' }] }).$, [db, c.id]);
  const events = useObservable(events$, []).map((d) => d.toJSON() as Event);
  // The case's receipt is read from its 收费 event (docs/receipt-numbers.md).
  const receipts = events.flatMap((e) => receiptOfEvent(e, c.tripId) ?? []);
  const [synced, setSynced] = useState(false);
  const syncTick = useObservable(useMemo(() => sync?.state$ ?? null, [sync]), null);
  useEffect(() => {
    void isCaseSynced(db, c.id).then(setSynced);
  }, [db, c.id, syncTick, events.length]);

  // Records of this case the office refused: the case is not "waiting", it needs someone to act.
  const quarantine$ = useMemo(() => db.syncQuarantine.find().$, [db]);
  const refused = useObservable(quarantine$, [])
    .map((d) => d.toJSON() as QuarantineEntry)
    .filter((q) => q.docId === c.id || q.docId.startsWith(`${c.id}:`) || events.some((e) => e.id === q.docId) || receipts.some((r) => r.id === q.docId));

  const known = events.filter((e) => isCaseEventKind(e.kind)) as unknown as DomainCaseEvent[];
  const projection = projectCase(c.id, known);
  const stage: CaseStage = projection.stage;
  const caseNumber = projection.intake?.caseNumber ?? c.id.slice(0, 8);
  // Until the case's events are read its number is not known; the card says so rather than show a slice of
  // the id, which looks like a number and would be quoted as one.
  const shownNumber = projection.intake?.caseNumber ?? T.caseNumberReading;
  const asked = correctionAsked(known);
  const counter = stage === 'correction' && projection.resumeStage === 'applied' ? counterCorrection(known) : null;
  // The latest answer handed over: an application continued after 补正 has its 受理通知书 after the 补正 notice.
  const issued = known.findLast((e) => e.kind === 'notice-issued');
  // What ended the case, read from its events: the confirmation stays after the withdraw panel goes and after a reload.
  const withdrawal = known.findLast((e) => e.kind === 'withdrawn');
  return (
    <div className="card" data-testid="case" data-case-id={c.id} data-stage={stage}>
      <div className="row">
        <div className="grow">
          <div className="big nowrap" data-testid="case-number">{shownNumber}</div>
          <div>{T.business}：{businessLabel(c.businessKind)} · {T.applicants}：{c.applicants.map((a) => a.name).join('、')}</div>
        </div>
        <div>
          <div className="tag" data-testid="case-stage">{CASE_STAGE_TEXT[stage]}</div>
          <div className={`tag ${refused.length > 0 ? 'bad' : synced ? 'ok' : 'warn'}`} data-testid="case-sync">{refused.length > 0 ? T.refused : synced ? T.synced : T.notSynced}</div>
        </div>
      </div>
      {refused.map((q) => (
        <div key={q.id} className="alert bad" role="alert" data-testid="case-refused" data-code={q.code}>
          {T.refusedRecord(q.reason)}<br />{T.whatToDo}：{adviceFor(q.code)}
        </div>
      ))}
      <details>
        <summary>{T.history}（{events.length}）</summary>
        <ul>{events.map((e) => <li key={e.id}>{chinaDateTime(e.at)} · {caseEventLabel(e)}</li>)}</ul>
      </details>
      {stage === 'withdrawn' && withdrawal?.kind === 'withdrawn' && (
        <div className="alert ok" role="status" data-testid="case-withdrawn">{T.withdrawnNotice(chinaDateTime(withdrawal.at), withdrawal.payload.reason)}</div>
      )}
      {issued?.kind === 'notice-issued' && <CaseNotice caseId={c.id} notice={issued.payload} />}
      {projection.awaitsNotice && <NoticePending />}
      {receipts.map((r) => {
        const p = projection.receipts.find((x) => x.number === r.number);
        return (
          <ReceiptLine key={r.id} receipt={r} caseId={c.id} caseNumber={caseNumber} queryCode={projection.intake?.queryCode ?? null} method={p?.method ?? 'cash'}
            voided={p?.voided ?? false} refunded={p?.refund != null} refundDue={stage === 'withdrawn' || stage === 'registration-refused' ? stage : null} />
        );
      })}
      {stage === 'correction' && asked && projection.resumeStage !== 'applied' && <CorrectionPanel caseId={c.id} kind={c.businessKind} asked={asked} />}
      {counter && onContinue && <ContinuePanel c={c} asked={counter} onContinue={onContinue} />}
      {WITHDRAWABLE.has(stage) && <WithdrawPanel caseId={c.id} />}
    </div>
  );
}

/** Stages from which the applicant may still withdraw (条例 第十五条第二款: before 登簿). */
const WITHDRAWABLE: ReadonlySet<CaseStage> = new Set<CaseStage>(['accepted', 'review-1', 'review-2', 'approved', 'correction', 'suspended', 'publication']);

/** Cases on this van: office status, sync state per case, receipts with void and reprint. */
export function CasesScreen({ onContinue }: { onContinue?: OnContinue } = {}) {
  const { db } = useServices();
  const cases$ = useMemo(() => db.cases.find({ sort: [{ createdAt: 'desc' }], limit: 200 }).$, [db]);
  const cases = useObservable(cases$, []).map((d) => d.toJSON() as Case);
  return (
    <section aria-label={T.title}>
      <h1>{T.title}</h1>
      {cases.length === 0 && <p className="muted">{T.none}</p>}
      {cases.map((c) => <CaseCard key={c.id} c={c} onContinue={onContinue} />)}
    </section>
  );
}
