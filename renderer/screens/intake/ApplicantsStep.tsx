import { useEffect, useState } from 'react';
import { type Applicant, type ApplicantSide, type Representative, type RepresentativeKind } from '#domain/case/events.ts';
import { useServices } from '#renderer/app/services.ts';
import { type Draft, isJoint } from './draft.ts';
import { checkCardValidity, ID_DOCUMENT_PROBLEM_TEXT, idTypeOfCard } from '#domain/identity/id-document.ts';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { residentIdProblem } from './intake-rules.ts';
import { T } from './intake-text.ts';
import { FIELD_MAX } from '#renderer/app/field-limits.ts';

export type StepProps = { draft: Draft; update: (patch: Partial<Draft> | ((d: Draft) => Partial<Draft>)) => void; setCanAdvance: (ok: boolean) => void };

/** Applicants: read the ID card ("请放置身份证", cancellable) or type the number with live checks. */
export function ApplicantsStep({ draft, update, setCanAdvance }: StepProps) {
  const { van, now } = useServices();
  // The documents read on the reader this session: their type and expiry, shown beside the number.
  const [cards, setCards] = useState<Record<string, { cardType: string; validTo: string }>>({});
  const [reading, setReading] = useState(false);
  const [message, setMessage] = useState<{ tone: 'bad' | 'ok' | 'warn'; text: string } | null>(null);
  // 共同申请 (条例 第十四条第一款), except 继承/受遗赠, applied for by the heir alone (第二款第（二）项).
  const joint = isJoint(draft);
  const list = draft.applicants;

  // A 港澳台居民居住证 number has the resident ID's form (GB 11643), so it gets the same check.
  const problems = list.map((a) => (a.idType === 'resident-id' || a.idType === 'hmt-residence-permit' ? residentIdProblem(a.idNumber) : { ok: a.idNumber.length > 0, message: '' }));
  const representativeOk = (r: Representative | undefined) => !r || (r.name.trim().length > 0 && r.relation.trim().length > 0 && residentIdProblem(r.idNumber).ok);
  // One person on two lines (a number typed twice, a card read twice) is a slip, never a joint application.
  const firstWithId = list.map((a, i) => (a.idNumber.length > 0 ? list.findIndex((b) => b.idNumber === a.idNumber) : i));
  const allValid = list.length > 0 && list.every((a, i) => a.name.trim().length > 0 && problems[i]?.ok && firstWithId[i] === i && representativeOk(a.representative));
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
    const valid = checkCardValidity(r.value, chinaDate(now().toISOString()));
    if (!valid.ok) {
      setMessage({ tone: 'bad', text: ID_DOCUMENT_PROBLEM_TEXT[valid.error](r.value.cardType, r.value.validFrom, r.value.validTo) });
      return;
    }
    setCards((c) => ({ ...c, [r.value.idNumber]: { cardType: r.value.cardType, validTo: r.value.validTo } }));
    const side: ApplicantSide = list.some((a) => a.side === 'holder') && joint ? 'obligor' : 'holder';
    const fromCard: Applicant = { name: r.value.name, idType: idTypeOfCard(r.value.cardType), idNumber: r.value.idNumber, side, fromCard: true };
    // A card already listed (read again), for a name already typed (from the appointment) or read onto the empty line
    // just added with 添加申请人 fills that line instead of adding one (an empty line left behind would block 下一步).
    const listed = list.findIndex((a) => a.idNumber === r.value.idNumber);
    const named = list.findIndex((a) => a.name === r.value.name && !a.fromCard);
    const blank = list.findIndex((a) => a.name.trim() === '' && a.idNumber === '');
    const same = listed >= 0 ? listed : named >= 0 ? named : blank;
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
                <input id={`name-${i}`} value={a.name} maxLength={FIELD_MAX.name} onChange={(e) => setAt(i, { name: e.target.value, fromCard: false })} />
              </div>
              <div>
                <label htmlFor={`id-${i}`}>{T.applicants.idNumber}</label>
                <input id={`id-${i}`} value={a.idNumber} inputMode="text" maxLength={18} onChange={(e) => setAt(i, { idNumber: e.target.value.toUpperCase().trim(), fromCard: false })} />
                {a.idNumber.length > 0 && p && !p.ok && 'message' in p && <div className="alert bad">{p.message}</div>}
                {p?.ok && firstWithId[i] !== i && <div className="alert bad" role="alert" data-testid="duplicate-id">{T.applicants.duplicateId((firstWithId[i] ?? 0) + 1)}</div>}
                {a.fromCard && cards[a.idNumber]
                  ? <div className="muted" data-testid="card-valid">{T.applicants.cardOk(cards[a.idNumber]?.cardType ?? '', cards[a.idNumber]?.validTo ?? '')}</div>
                  : p?.ok && 'birthDate' in p && a.idType === 'resident-id' && <div className="muted">{T.applicants.idOk(p.birthDate, p.sex)}</div>}
              </div>
            </div>
            <RepresentativeFields index={i} applicant={a} onChange={(representative) => setAt(i, { representative })} />
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

/**
 * Who acts for the applicant, if anyone: a 监护人 for an adult who cannot act alone or a minor (实施细则 第十一条:
 * proof of guardianship, and a written guarantee to dispose), or a 委托代理人 with a 授权委托书 (第十二条). The
 * materials step then asks for those papers.
 */
function RepresentativeFields({ index, applicant, onChange }: { index: number; applicant: Applicant; onChange: (r: Representative | undefined) => void }) {
  const r = applicant.representative;
  const set = (patch: Partial<Representative>) => r && onChange({ ...r, ...patch });
  const idCheck = r && r.idNumber.length > 0 ? residentIdProblem(r.idNumber) : null;
  return (
    <div className="representative" data-testid="representative">
      <label htmlFor={`rep-kind-${index}`}>{T.applicants.representative}</label>
      <select id={`rep-kind-${index}`} value={r?.kind ?? 'none'}
        onChange={(e) => onChange(e.target.value === 'none' ? undefined : { kind: e.target.value as RepresentativeKind, name: r?.name ?? '', idType: 'resident-id', idNumber: r?.idNumber ?? '', relation: r?.relation ?? '' })}>
        <option value="none">{T.applicants.inPerson}</option>
        <option value="guardian">{T.applicants.guardian}</option>
        <option value="agent">{T.applicants.agent}</option>
      </select>
      {r && (
        <div className="grid2">
          <div><label htmlFor={`rep-name-${index}`}>{r.kind === 'guardian' ? T.applicants.guardianName : T.applicants.agentName}</label>
            <input id={`rep-name-${index}`} value={r.name} maxLength={FIELD_MAX.name} onChange={(e) => set({ name: e.target.value })} /></div>
          <div><label htmlFor={`rep-id-${index}`}>{T.applicants.representativeId}</label>
            <input id={`rep-id-${index}`} value={r.idNumber} maxLength={18} onChange={(e) => set({ idNumber: e.target.value.toUpperCase().trim() })} />
            {idCheck && !idCheck.ok && 'message' in idCheck && <div className="alert bad">{idCheck.message}</div>}</div>
          <div><label htmlFor={`rep-relation-${index}`}>{r.kind === 'guardian' ? T.applicants.relation : T.applicants.mandate}</label>
            <input id={`rep-relation-${index}`} value={r.relation} maxLength={FIELD_MAX.relation} placeholder={r.kind === 'guardian' ? T.applicants.relationHint : T.applicants.mandateHint} onChange={(e) => set({ relation: e.target.value })} /></div>
        </div>
      )}
    </div>
  );
}
