import { useEffect, useState } from 'react';
import { type Applicant, type ApplicantSide } from '#domain/case/events.ts';
import { useServices } from '#renderer/app/services.ts';
import { type Draft } from './draft.ts';
import { BUSINESS_KINDS, residentIdProblem } from './intake-rules.ts';
import { T } from './intake-text.ts';

export type StepProps = { draft: Draft; update: (patch: Partial<Draft> | ((d: Draft) => Partial<Draft>)) => void; setCanAdvance: (ok: boolean) => void };

/** Applicants: read the ID card ("请放置身份证", cancellable) or type the number with live checks. */
export function ApplicantsStep({ draft, update, setCanAdvance }: StepProps) {
  const { van } = useServices();
  const [reading, setReading] = useState(false);
  const [message, setMessage] = useState<{ tone: 'bad' | 'ok' | 'warn'; text: string } | null>(null);
  const joint = draft.kind ? BUSINESS_KINDS[draft.kind].joint : false;
  const list = draft.applicants;

  const problems = list.map((a) => (a.idType === 'resident-id' ? residentIdProblem(a.idNumber) : { ok: a.idNumber.length > 0, message: '' }));
  const allValid = list.length > 0 && list.every((a, i) => a.name.trim().length > 0 && problems[i]?.ok);
  const sidesOk = !joint || (list.some((a) => a.side === 'holder') && list.some((a) => a.side === 'obligor'));
  useEffect(() => setCanAdvance(allValid && sidesOk), [allValid, sidesOk, setCanAdvance]);

  const setAt = (i: number, patch: Partial<Applicant>) => update({ applicants: list.map((a, k) => (k === i ? { ...a, ...patch } : a)) });

  async function readCard() {
    setReading(true);
    setMessage({ tone: 'warn', text: T.applicants.placeCard });
    const r = await van.idReaderRead({ timeoutMs: 60_000 });
    setReading(false);
    if (!r.ok) {
      setMessage({ tone: r.error.code === 'cancelled' ? 'warn' : 'bad', text: r.error.message });
      return;
    }
    const side: ApplicantSide = list.some((a) => a.side === 'holder') && joint ? 'obligor' : 'holder';
    const fromCard: Applicant = { name: r.value.name, idType: 'resident-id', idNumber: r.value.idNumber, side, fromCard: true };
    // A card for a name already typed (from the appointment) fills that line instead of adding one.
    const same = list.findIndex((a) => a.name === r.value.name && !a.fromCard);
    update({ applicants: same >= 0 ? list.map((a, k) => (k === same ? { ...a, ...fromCard, side: a.side } : a)) : [...list, fromCard] });
    setMessage({ tone: 'ok', text: `${r.value.name} ${T.applicants.fromCard}` });
  }

  return (
    <div className="card">
      <h2>{T.applicants.title}</h2>
      <div className="row">
        <button className="primary" onClick={() => void readCard()} disabled={reading}>{T.applicants.readCard}</button>
        {reading && <button onClick={() => void van.idReaderCancel()}>{T.applicants.cancel}</button>}
        <button onClick={() => update({ applicants: [...list, { name: '', idType: 'resident-id', idNumber: '', side: list.length === 0 || !joint ? 'holder' : 'obligor' }] })}>{T.applicants.add}</button>
      </div>
      {message && <div className={`alert ${message.tone}`} role={message.tone === 'bad' ? 'alert' : 'status'}>{message.text}</div>}
      {list.length === 0 && <p className="muted">{T.applicants.needOne}</p>}
      {joint && !sidesOk && list.length > 0 && <div className="alert warn">{T.applicants.needBothSides}</div>}
      {list.map((a, i) => {
        const p = problems[i];
        return (
          <div className="card" key={i} data-testid="applicant">
            <div className="grid2">
              <div>
                <label htmlFor={`name-${i}`}>{T.applicants.name} {a.fromCard ? T.applicants.fromCard : ''}</label>
                <input id={`name-${i}`} value={a.name} onChange={(e) => setAt(i, { name: e.target.value, fromCard: false })} />
              </div>
              <div>
                <label htmlFor={`id-${i}`}>{T.applicants.idNumber}</label>
                <input id={`id-${i}`} value={a.idNumber} inputMode="text" maxLength={18} onChange={(e) => setAt(i, { idNumber: e.target.value.toUpperCase().trim(), fromCard: false })} />
                {a.idNumber.length > 0 && p && !p.ok && 'message' in p && <div className="alert bad">{p.message}</div>}
                {p?.ok && 'birthDate' in p && <div className="muted">{T.applicants.idOk(p.birthDate, p.sex)}</div>}
              </div>
            </div>
            <div className="row">
              <label htmlFor={`side-${i}`}>{T.applicants.side}</label>
              <select id={`side-${i}`} style={{ width: 160 }} value={a.side} onChange={(e) => setAt(i, { side: e.target.value as ApplicantSide })}>
                <option value="holder">{T.applicants.holder}</option>
                <option value="obligor">{T.applicants.obligor}</option>
              </select>
              <span className="grow" />
              <button onClick={() => update({ applicants: list.filter((_, k) => k !== i) })}>{T.applicants.remove}</button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
