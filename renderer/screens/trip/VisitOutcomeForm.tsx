import { useState } from 'react';
import { type VisitOutcomeKind } from '#domain/visits/visit-outcome.ts';
import { VISIT_REFUSAL_TEXT } from '#domain/visits/visit-text.ts';
import { useServices } from '#renderer/app/services.ts';
import { recordVisit } from './visit-outcomes.ts';
import { T } from './trip-text.ts';
import { FIELD_MAX } from '#renderer/app/field-limits.ts';

/** 未遇, 改约 (the new day and time, and why) or 放弃 (why), recorded for one appointment of the trip. */
export function VisitOutcomeForm({ trip, appointmentId }: { trip: { id: string; date: string }; appointmentId: string }) {
  const { db, config, staff, now, newId } = useServices();
  const [open, setOpen] = useState<VisitOutcomeKind | null>(null);
  const [note, setNote] = useState('');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);

  function start(kind: VisitOutcomeKind) {
    setOpen(kind);
    setNote('');
    setDate('');
    setTime('');
    setMessage(null);
  }

  async function confirm() {
    if (!open) return;
    setBusy(true);
    const r = await recordVisit({ db, deviceId: config.deviceId, staffId: staff.id, now, newId }, trip, appointmentId, {
      outcome: open, note, ...(open === 'rescheduled' ? { rescheduledTo: date, rescheduledTime: time } : {}),
    }).catch(() => null);
    setBusy(false);
    if (r === null) return setMessage({ tone: 'bad', text: T.visit.notSaved });
    if (!r.ok) return setMessage({ tone: 'bad', text: VISIT_REFUSAL_TEXT[r.error] });
    setOpen(null);
    setMessage({ tone: 'ok', text: T.visit.saved });
  }

  return (
    <div data-testid="visit-outcome">
      <div className="row">
        {(['not-home', 'rescheduled', 'cancelled'] as const).map((k) => (
          <button key={k} aria-pressed={open === k} onClick={() => start(k)}>{T.visit.buttons[k]}</button>
        ))}
      </div>
      {open && (
        <div className="row" role="group" aria-label={T.visit.buttons[open]}>
          {open === 'rescheduled' && (
            <>
              <label>{T.visit.date}<input type="date" aria-label={T.visit.date} min={trip.date} value={date} onChange={(e) => setDate(e.target.value)} /></label>
              <label>{T.visit.time}<input type="time" aria-label={T.visit.time} value={time} onChange={(e) => setTime(e.target.value)} /></label>
            </>
          )}
          <input className="grow" style={{ width: 'auto' }} aria-label={T.visit.note[open]} placeholder={T.visit.note[open]} value={note} maxLength={FIELD_MAX.visitNote} onChange={(e) => setNote(e.target.value)} />
          <button className="primary" disabled={busy} onClick={() => void confirm()}>{T.visit.confirm}</button>
          <button onClick={() => setOpen(null)}>{T.visit.cancel}</button>
        </div>
      )}
      {message && <div className={`alert ${message.tone}`} role={message.tone === 'bad' ? 'alert' : 'status'}>{message.text}</div>}
    </div>
  );
}
