import { useMemo, useState } from 'react';
import { type TripDoc } from '#protocol/documents/office.ts';
import { type CaseDoc, type ReceiptDoc } from '#protocol/documents/van.ts';
import { useServices } from '#renderer/app/services.ts';
import { useAction } from '#renderer/app/run-action.ts';
import { useObservable } from '#renderer/app/use-observable.ts';
import { formatYuan } from '#renderer/screens/intake/intake-rules.ts';
import { type BusinessKind } from '#domain/business/business-kinds.ts';
import { requiredMaterials } from '#domain/materials/required-materials.ts';
import { type CorrectionAsked, refundReceipt, refusalText, supplyCorrection, withdrawCase } from './case-actions.ts';
import { T } from './cases-text.ts';
import { type CounterCorrection, continuationDraft } from './continue-correction.ts';
import { chinaDate, chineseDateText } from '#domain/calendar/china-time.ts';
import { type StoredDraft } from '#renderer/screens/intake/draft-store.ts';
import { FIELD_MAX } from '#renderer/app/field-limits.ts';
import { isReasonGiven } from '#domain/reasons.ts';

type RefundMethod = 'cash' | 'bank-card';

type Receipt = Omit<ReceiptDoc, '_deleted'>;

/** 申请人撤回: recorded with the applicant's reason while the case is open and not yet registered. */
export function WithdrawPanel({ caseId }: { caseId: string }) {
  const { db, config, staff, now } = useServices();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const { busy, run } = useAction((text) => setMessage({ tone: 'bad', text }), 'cases: withdrawal');
  const confirm = () => run(async () => {
    const r = await withdrawCase({ db, deviceId: config.deviceId, actor: { staffId: staff.id, roles: staff.roles }, now }, caseId, reason);
    setOpen(false);
    // Recorded: the case turns 撤回 and this panel goes with it; the case card says so (CasesScreen), not a message here.
    setMessage(r.ok ? null : { tone: 'bad', text: refusalText(r.error) });
  });
  return (
    <div data-testid="withdraw">
      {!open && <button onClick={() => setOpen(true)}>{T.withdraw}</button>}
      {open && (
        <div className="row">
          <input className="grow" style={{ width: 'auto' }} aria-label={T.withdrawReason} placeholder={T.withdrawReason} value={reason} maxLength={FIELD_MAX.reason} onChange={(e) => setReason(e.target.value)} />
          <button className="danger" disabled={busy || !isReasonGiven('withdrawal', reason)} onClick={confirm}>{T.confirmWithdraw}</button>
          <button onClick={() => setOpen(false)}>{T.cancel}</button>
        </div>
      )}
      {open && reason.trim() !== '' && !isReasonGiven('withdrawal', reason) && <small className="note" data-testid="withdraw-reason-short">{refusalText('withdrawal-reason-required')}</small>}
      {message && <div className={`alert ${message.tone}`} role="status">{message.text}</div>}
    </div>
  );
}

/**
 * 退费 of a whole receipt once the case will not be registered: recorded first, then the 退费凭证 printed as a
 * PDF for the applicant to sign for the money.
 */
export function RefundPanel({ receipt, caseId, caseNumber, ground, refunded }: { receipt: Receipt; caseId: string; caseNumber: string; ground: 'withdrawn' | 'registration-refused'; refunded: boolean }) {
  const { db, van, config, staff, now } = useServices();
  const trip = (useObservable(useMemo(() => db.trips.find({ sort: [{ date: 'desc' }] }).$, [db]), [])[0]?.toJSON() as Omit<TripDoc, '_deleted'> | undefined) ?? null;
  const [open, setOpen] = useState(false);
  // A refund goes back in cash or to a bank card (the refund slip offers those two).
  const [method, setMethod] = useState<RefundMethod>(receipt.method === 'bank-card' ? 'bank-card' : 'cash');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const { busy, run } = useAction((text) => setMessage({ tone: 'bad', text }), 'cases: refund');
  const confirm = () => run(async () => {
    const ctx = { db, deviceId: config.deviceId, actor: { staffId: staff.id, roles: staff.roles }, now };
    const r = await refundReceipt(ctx, caseId, { receiptNumber: receipt.number, amountFen: receipt.amountFen, method, reason, ground, tripId: trip?.id ?? null });
    if (!r.ok) return setMessage({ tone: 'bad', text: refusalText(r.error) });
    const printed = await van.documentsRefundReceipt({
      caseId, caseNumber, refundNumber: r.value.refundNumber, receiptNumber: receipt.number, payee: receipt.payer, amountFen: receipt.amountFen,
      method, ground, reason: reason.trim(), staffName: staff.name, refundedAt: r.value.at,
    });
    setOpen(false);
    setMessage(printed.ok ? { tone: 'ok', text: T.refunded(r.value.refundNumber, formatYuan(receipt.amountFen)) } : { tone: 'bad', text: `${T.refunded(r.value.refundNumber, formatYuan(receipt.amountFen))}；${printed.error.message}` });
  });
  return (
    <div data-testid="refund">
      {!open && !message && !refunded && <button className="primary" onClick={() => setOpen(true)}>{T.refund(formatYuan(receipt.amountFen))}</button>}
      {open && (
        <div className="row">
          <select aria-label={T.refundMethod} value={method} onChange={(e) => setMethod(e.target.value as RefundMethod)}>
            <option value="cash">{T.cash}</option>
            <option value="bank-card">{T.card}</option>
          </select>
          <input className="grow" style={{ width: 'auto' }} aria-label={T.refundReason} placeholder={T.refundReason} value={reason} maxLength={FIELD_MAX.reason} onChange={(e) => setReason(e.target.value)} />
          <button className="danger" disabled={busy || !isReasonGiven('refund', reason)} onClick={confirm}>{T.confirmRefund}</button>
          <button onClick={() => setOpen(false)}>{T.cancel}</button>
        </div>
      )}
      {message && <div className={`alert ${message.tone}`} role="status">{message.text}</div>}
    </div>
  );
}

/** 补正 continued at a later visit: what the review asked for, each material's pages as received, then back to review. */
export function CorrectionPanel({ caseId, kind, asked }: { caseId: string; kind: BusinessKind; asked: CorrectionAsked }) {
  const { db, config, staff, now } = useServices();
  const [pages, setPages] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const { busy, run } = useAction((text) => setMessage({ tone: 'bad', text }), 'cases: correction supplied');
  const specs = requiredMaterials(kind);
  const counted = asked.missing.map((m) => ({ ...m, pages: Number(pages[m.key] ?? '') }));
  const ready = counted.length > 0 && counted.every((m) => Number.isInteger(m.pages) && m.pages >= 1 && m.pages <= FIELD_MAX.pages);
  const confirm = () => run(async () => {
    const ctx = { db, deviceId: config.deviceId, actor: { staffId: staff.id, roles: staff.roles }, now };
    const received = counted.map((m) => ({ key: m.key, name: m.name, original: specs.find((s) => s.key === m.key)?.original ?? true, pages: m.pages }));
    const r = await supplyCorrection(ctx, caseId, asked, received);
    setMessage(r.ok ? { tone: 'ok', text: T.correctionDone } : { tone: 'bad', text: refusalText(r.error) });
  });
  return (
    <div className="card" data-testid="correction">
      <b>{T.correctionTitle}</b>
      <div className="muted">{T.correctionOpinion}：{asked.opinion}</div>
      {asked.missing.map((m) => (
        <div className="row" key={m.key} data-testid={`correction-${m.key}`}>
          <span className="grow">{m.name}{m.note ? `（${m.note}）` : ''}</span>
          <label>{T.correctionPages(m.name)}<input type="number" min={1} max={FIELD_MAX.pages} aria-label={T.correctionPages(m.name)} value={pages[m.key] ?? ''} onChange={(e) => setPages({ ...pages, [m.key]: e.target.value })} /></label>
        </div>
      ))}
      {!ready && <div className="muted">{T.correctionHint}</div>}
      <button className="primary" disabled={busy || !ready} onClick={confirm}>{T.correctionSubmit}</button>
      {message && <div className={`alert ${message.tone}`} role="status">{message.text}</div>}
    </div>
  );
}

/**
 * An application told at the counter to 补正, continued when the materials come (cases/continue-correction.ts):
 * what the notice listed and its deadline, then the intake again from its 收件 list under the same number.
 */
export function ContinuePanel({ c, asked, onContinue }: { c: Omit<CaseDoc, '_deleted'>; asked: CounterCorrection; onContinue: (d: StoredDraft) => Promise<boolean> }) {
  const { db, staff, now } = useServices();
  const [message, setMessage] = useState<string | null>(null);
  const { busy, run } = useAction(setMessage, 'cases: continue after correction');
  const late = chinaDate(now().toISOString()) > asked.supplyBy;
  const go = () => run(async () => {
    const d = await continuationDraft(db, c, asked, { id: staff.id, name: staff.name }, now().toISOString());
    const opened = d.ok ? await onContinue(d.value) : false;
    if (!d.ok) setMessage(T.continueNoUnit(d.error.missingUnits.join('、')));
    else if (!opened) setMessage(T.continueBusy);
  });
  return (
    <div className="card" data-testid="continue-correction" data-late={late}>
      <b>{T.continueTitle(asked.caseNumber)}</b>
      <div>{T.continueMissing}：{asked.missing.map((m) => m.name).join('、')}</div>
      <div className={late ? 'alert warn' : 'muted'}>{late ? T.continueLate(chineseDateText(asked.supplyBy)) : T.continueBy(chineseDateText(asked.supplyBy))}</div>
      <button className="primary" disabled={busy} onClick={go}>{T.continueStart}</button>
      {message && <div className="alert bad" role="alert">{message}</div>}
    </div>
  );
}
