import { scheduleInForce } from '#domain/fees/schedule.ts';
import { isReasonGiven } from '#domain/reasons.ts';
import { PAYMENT_METHODS, type PaymentMethod, isQrPayment } from '#domain/case/events.ts';
import { TRANSACTION_REF_HINT, normalizeTransactionRef, paymentMethodText, transactionRefProblem } from '#domain/receipts/payment.ts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { type FeeScheduleDoc } from '#protocol/documents/office.ts';
import { useServices } from '#renderer/app/services.ts';
import { caughtText, logFailure } from '#renderer/app/failure-log.ts';
import { useObservable } from '#renderer/app/use-observable.ts';
import { printerStatusText } from '#renderer/screens/devices/DevicesScreen.tsx';
import { type PrinterStatus } from '#electron/ipc/contract.ts';
import { type Draft, type IntakeOutcome, type IssuedReceipt, type Trip, draftCaseNumber, issueReceipt, recordedReceipt, saveIntake, statusLinkFor } from './draft.ts';
import { type Quote, feeCasesFor, formatYuan, quoteFee, yuanInWords } from './intake-rules.ts';
import { type StepProps } from './ApplicantsStep.tsx';
import { T } from './intake-text.ts';
import { FIELD_MAX } from '#renderer/app/field-limits.ts';

type Schedule = Omit<FeeScheduleDoc, '_deleted'>;

/** The office's fee schedule in force on the trip's date (the newest whose effectiveFrom is not after it). */
export function useSchedule(trip: Trip | null): Schedule | null {
  const { db } = useServices();
  const schedules$ = useMemo(() => db.feeSchedules.find({ sort: [{ effectiveFrom: 'desc' }] }).$, [db]);
  const schedules = useObservable(schedules$, []).map((d) => d.toJSON() as Schedule);
  return trip ? (scheduleInForce(schedules, trip.date) ?? null) : null;
}

/** The domain's quote for the draft, or why there is none. */
export function useQuote(draft: Draft, trip: Trip | null): { quote: Quote | null; error: string | null } {
  const schedule = useSchedule(trip);
  if (!schedule || !draft.kind) return { quote: null, error: null };
  // Each unit is its own 件 at its own use; before a unit is chosen the kind's use stands for one.
  const units = draft.units.length > 0 ? draft.units.map((u) => ({ unitNumber: u.unitNumber, use: u.use })) : [{ unitNumber: '', use: draft.use }];
  const r = quoteFee(schedule, { kind: draft.kind, units, certificates: draft.certificates, feeCase: draft.feeCase?.key ?? null });
  return r.ok ? { quote: r.quote, error: null } : { quote: null, error: r.message };
}

/** Itemized fees; an exemption needs a reason. */
export function FeesStep({ draft, update, setCanAdvance, trip }: StepProps & { trip: Trip }) {
  const { quote, error } = useQuote(draft, trip);
  const schedule = useSchedule(trip);
  const cases = schedule && draft.kind ? feeCasesFor(schedule, draft.kind) : [];
  const exemptionOk = !draft.feeCase || isReasonGiven('feeReduction', draft.feeCase.reason);
  useEffect(() => setCanAdvance(quote !== null && exemptionOk), [quote, exemptionOk, setCanAdvance]);
  if (!quote && !draft.feeCase) return <div className="alert bad" role="alert">{error ?? `${T.fees.rules}：—`}</div>;
  return (
    <div className="card">
      <h2>{T.fees.title}</h2>
      {/* A reduction claimed outside its scope is refused with the reason; the claim can be withdrawn below. */}
      {!quote && <div className="alert bad" role="alert" data-testid="fee-error">{error}</div>}
      {quote && <QuoteTable quote={quote} />}
      <label htmlFor="fee-case">{T.fees.exemption}</label>
      <select id="fee-case" value={draft.feeCase?.key ?? 'none'} onChange={(e) => update({ feeCase: e.target.value === 'none' ? null : { key: e.target.value, reason: draft.feeCase?.reason ?? '' } })}>
        <option value="none">{T.fees.noExemption}</option>
        {cases.map((c) => <option key={c.key} value={c.key}>{c.name}</option>)}
      </select>
      {draft.feeCase && (
        <>
          <label htmlFor="fee-reason">{T.fees.reason}</label>
          <input id="fee-reason" value={draft.feeCase.reason} maxLength={FIELD_MAX.feeReason} onChange={(e) => update({ feeCase: { key: draft.feeCase?.key ?? 'none', reason: e.target.value } })} />
        </>
      )}
    </div>
  );
}

function QuoteTable({ quote }: { quote: Quote }) {
  return (
    <>
      <p className="muted">{T.fees.rules}：{quote.rulesNumber} · {T.fees.noVanFee}</p>
      {quote.pieces > 1 && <p data-testid="fee-pieces">{T.fees.pieces(quote.pieces)}</p>}
      {quote.notes.map((n) => <p key={n} className="muted">{n}</p>)}
      <table>
        <thead><tr><th>{T.fees.item}</th><th>{T.fees.amount}</th></tr></thead>
        <tbody>
          {quote.items.map((i, k) => <tr key={`${k}:${i.name}`} data-testid="fee-item"><td>{i.name}</td><td className="money">{formatYuan(i.amountFen)}</td></tr>)}
          <tr><td><b>{T.fees.total}</b></td><td className="money big" data-testid="fee-total">{formatYuan(quote.totalFen)}</td></tr>
          <tr><td>{T.fees.uppercase}</td><td data-testid="fee-uppercase">{yuanInWords(quote.totalFen)}</td></tr>
        </tbody>
      </table>
    </>
  );
}

/** Payment and the printed receipt: the case and the receipt number are saved before printing. */
export function PaymentStep({ draft, trip, outcome, setCanAdvance, onSaved }: { draft: Draft; trip: Trip; outcome: IntakeOutcome; setCanAdvance: (ok: boolean) => void; onSaved: () => void }) {
  const { db, van, config, staff, now } = useServices();
  const { quote } = useQuote(draft, trip);
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [typedRef, setTypedRef] = useState('');
  const transactionRef = normalizeTransactionRef(typedRef);
  const refProblem = transactionRefProblem(method, transactionRef);
  const payerDefault = draft.applicants.find((a) => a.side === 'holder')?.name ?? draft.applicants[0]?.name ?? '';
  const [payer, setPayer] = useState(payerDefault);
  const [printer, setPrinter] = useState<PrinterStatus | null>(null);
  const [printerError, setPrinterError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<IssuedReceipt | null>(null);
  const [state, setState] = useState<{ tone: 'ok' | 'bad' | 'warn'; text: string } | null>(null);
  const [printed, setPrinted] = useState(false);
  const [busy, setBusy] = useState(false);
  // A second tap before React renders the button disabled must not start a second charge and print.
  const running = useRef(false);
  // Until the case's recorded charge is looked up, nothing may be charged: a resumed intake may have paid already.
  const [checked, setChecked] = useState(false);
  // Once the receipt is recorded the intake may go on even if printing failed: the number is kept
  // and printed from the Cases screen when the printer is back.
  useEffect(() => setCanAdvance(receipt !== null), [receipt, setCanAdvance]);
  useEffect(() => {
    void van.printerStatus().then((r) => (r.ok ? setPrinter(r.value) : setPrinterError(r.error.message)));
  }, [van]);
  useEffect(() => {
    let live = true;
    recordedReceipt({ db, trip }, draft.caseId).then((recorded) => {
      if (!live) return;
      if (recorded) {
        // Shown as charged, with how it was paid: the money is not asked for again, and a print repeats this charge.
        setReceipt(recorded);
        setMethod(recorded.method);
        setPayer(recorded.payer);
        setTypedRef(recorded.transactionRef ?? '');
        setState({ tone: 'warn', text: T.payment.alreadyCharged(recorded.number, paymentMethodText(recorded.method)) });
      }
      setChecked(true);
    }, (error: unknown) => live && setState({ tone: 'bad', text: T.payment.lookupFailed(logFailure(van, 'intake: read the case\'s charge', error)) }));
    return () => {
      live = false;
    };
  }, [db, van, trip, draft.caseId]);

  async function collectAndPrint() {
    if (!quote || refProblem || running.current) return;
    running.current = true;
    setBusy(true);
    try {
      const ctx = { db, deviceId: config.deviceId, staffId: staff.id, now, trip };
      await saveIntake(ctx, draft, outcome, { awaitsNotice: true });
      onSaved();
      const issued = receipt ?? (await issueReceipt(ctx, draft, quote, payer, method, isQrPayment(method) ? transactionRef : undefined));
      if (typeof issued === 'string') return setState({ tone: 'bad', text: T.payment.noReceipt[issued] });
      setReceipt(issued);
      const r = await van.receiptsIssue({
        receiptId: issued.id, receiptCode: issued.code, receiptNumber: issued.number, caseId: draft.caseId, caseNumber: draftCaseNumber(trip, draft),
        payer: issued.payer, items: quote.items.map((i) => ({ name: i.name, amountFen: i.amountFen, ruleVersion: quote.rulesNumber })), totalFen: quote.totalFen,
        paymentMethod: issued.method, ...(issued.transactionRef ? { transactionRef: issued.transactionRef } : {}), payee: '佳木斯市不动产登记中心', staffName: staff.name, issuedAt: issued.issuedAt,
        statusUrl: statusLinkFor(config.publicUrl, trip, draft),
        paperWidth: '80',
      });
      if (r.ok) {
        setPrinted(true);
        setPrinter(r.value.printer);
        setState({ tone: 'ok', text: T.payment.printed(issued.number) });
      } else {
        setState({ tone: 'bad', text: `${r.error.message} · ${T.payment.kept(issued.number)}。${T.payment.printLater}` });
      }
    } catch (error) {
      setState({ tone: 'bad', text: caughtText(error, (e) => logFailure(van, 'intake: save the case or its charge', e), T.payment.notRecorded) });
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  return (
    <div className="card">
      <h2>{T.payment.title}</h2>
      <p className="big money">{quote ? formatYuan(quote.totalFen) : '—'}</p>
      <div className="row" role="radiogroup" aria-label={T.payment.method}>
        {PAYMENT_METHODS.map((m) => (
          <button key={m} role="radio" aria-checked={method === m} className={method === m ? 'primary' : ''} disabled={receipt !== null} onClick={() => setMethod(m)}>{paymentMethodText(m)}</button>
        ))}
      </div>
      {isQrPayment(method) && (
        <div data-testid="qr-payment">
          <p className="muted">{T.payment.qrHint(TRANSACTION_REF_HINT[method as keyof typeof TRANSACTION_REF_HINT])}</p>
          <label htmlFor="transaction-ref">{T.payment.transactionRef}</label>
          <input id="transaction-ref" value={typedRef} inputMode="numeric" autoComplete="off" disabled={receipt !== null} onChange={(e) => setTypedRef(e.target.value)} />
          {typedRef.length > 0 && refProblem && <div className="alert bad" role="alert" data-testid="transaction-ref-problem">{refProblem}</div>}
        </div>
      )}
      <label htmlFor="payer">{T.payment.payer}</label>
      <input id="payer" value={payer} maxLength={FIELD_MAX.name} disabled={receipt !== null} onChange={(e) => setPayer(e.target.value)} />
      <p data-testid="printer-status">{T.payment.printer}：{printer ? printerStatusText(printer) : (printerError ?? '…')}</p>
      {!printed && (
        <button className="primary" disabled={busy || !checked || !quote || payer.trim().length === 0 || refProblem !== null} onClick={() => void collectAndPrint()}>
          {receipt ? T.payment.retry : T.payment.issue}
        </button>
      )}
      {state && <div className={`alert ${state.tone}`} role={state.tone === 'bad' ? 'alert' : 'status'} data-testid="payment-message">{state.text}</div>}
      {receipt && <p className="big" data-testid="receipt-number">{receipt.number}</p>}
    </div>
  );
}
