import { useMemo, useState } from 'react';
import { type TripDoc } from '#protocol/documents/office.ts';
import { type ReceiptDoc } from '#protocol/documents/van.ts';
import { useServices } from '#renderer/app/services.ts';
import { useObservable } from '#renderer/app/use-observable.ts';
import { formatYuan } from '#renderer/screens/intake/intake-rules.ts';
import { refundReceipt, refusalText, withdrawCase } from './case-actions.ts';
import { T } from './cases-text.ts';

type RefundMethod = 'cash' | 'bank-card';

type Receipt = Omit<ReceiptDoc, '_deleted'>;

/** 申请人撤回: recorded with the applicant's reason while the case is open and not yet registered. */
export function WithdrawPanel({ caseId }: { caseId: string }) {
  const { db, config, staff, now } = useServices();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  async function confirm() {
    const r = await withdrawCase({ db, deviceId: config.deviceId, actor: { staffId: staff.id, roles: staff.roles }, now }, caseId, reason);
    setOpen(false);
    setMessage(r.ok ? { tone: 'ok', text: T.withdrawn } : { tone: 'bad', text: refusalText(r.error) });
  }
  return (
    <div data-testid="withdraw">
      {!open && <button onClick={() => setOpen(true)}>{T.withdraw}</button>}
      {open && (
        <div className="row">
          <input className="grow" style={{ width: 'auto' }} aria-label={T.withdrawReason} placeholder={T.withdrawReason} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button className="danger" disabled={reason.trim().length < 2} onClick={() => void confirm()}>{T.confirmWithdraw}</button>
          <button onClick={() => setOpen(false)}>{T.cancel}</button>
        </div>
      )}
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
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  async function confirm() {
    setBusy(true);
    const ctx = { db, deviceId: config.deviceId, actor: { staffId: staff.id, roles: staff.roles }, now };
    const r = await refundReceipt(ctx, caseId, { receiptNumber: receipt.number, amountFen: receipt.amountFen, method, reason, ground, tripId: trip?.id ?? null });
    if (!r.ok) {
      setBusy(false);
      return setMessage({ tone: 'bad', text: refusalText(r.error) });
    }
    const printed = await van.documentsRefundReceipt({
      caseId, caseNumber, refundNumber: r.value.refundNumber, receiptNumber: receipt.number, payee: receipt.payer, amountFen: receipt.amountFen,
      method, ground, reason: reason.trim(), staffName: staff.name, refundedAt: r.value.at,
    });
    setBusy(false);
    setOpen(false);
    setMessage(printed.ok ? { tone: 'ok', text: T.refunded(r.value.refundNumber, formatYuan(receipt.amountFen)) } : { tone: 'bad', text: `${T.refunded(r.value.refundNumber, formatYuan(receipt.amountFen))}；${printed.error.message}` });
  }
  return (
    <div data-testid="refund">
      {!open && !message && !refunded && <button className="primary" onClick={() => setOpen(true)}>{T.refund(formatYuan(receipt.amountFen))}</button>}
      {open && (
        <div className="row">
          <select aria-label={T.refundMethod} value={method} onChange={(e) => setMethod(e.target.value as RefundMethod)}>
            <option value="cash">{T.cash}</option>
            <option value="bank-card">{T.card}</option>
          </select>
          <input className="grow" style={{ width: 'auto' }} aria-label={T.refundReason} placeholder={T.refundReason} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button className="danger" disabled={busy || reason.trim().length < 2} onClick={() => void confirm()}>{T.confirmRefund}</button>
          <button onClick={() => setOpen(false)}>{T.cancel}</button>
        </div>
      )}
      {message && <div className={`alert ${message.tone}`} role="status">{message.text}</div>}
    </div>
  );
}
