import { useEffect, useMemo, useRef, useState } from 'react';
import { type AppointmentDoc } from '#protocol/documents/office.ts';
import { caughtText, logFailure } from '#renderer/app/failure-log.ts';
import { useServices } from '#renderer/app/services.ts';
import { useObservable } from '#renderer/app/use-observable.ts';
import { assertNever } from '#domain/assert.ts';
import { type TransferCause } from '#domain/case/events.ts';
import { type Draft, type IntakeOutcome, type Trip, materialLine, receivedMaterials, refreshMaterials } from './draft.ts';
import { BUSINESS_KINDS, BUSINESS_KIND_KEYS, PROPERTY_USE_TEXT, type PropertyUse, decideDraft, findBusinessKind, promisedLimitsOf, requiredMaterials } from './intake-rules.ts';
import { ApplicantsStep } from './ApplicantsStep.tsx';
import { UnitStep } from './UnitStep.tsx';
import { MaterialsStep } from './MaterialsStep.tsx';
import { FeesStep, PaymentStep, useQuote } from './FeesStep.tsx';
import { NoticeStep } from './NoticeStep.tsx';
import { SignatureStep } from './SignatureStep.tsx';
import { T } from './intake-text.ts';
import { type StoredDraft, finishDraft, saveDraft } from './draft-store.ts';
import { DRAFT_T } from './draft-text.ts';
import { chinaTime } from '#domain/calendar/china-time.ts';
import { CountInput } from '#renderer/app/CountInput.tsx';

type Appointment = Omit<AppointmentDoc, '_deleted'>;

/** Step indexes into T.steps. */
const KIND = 0, APPLICANTS = 1, UNIT = 2, MATERIALS = 3, FEES = 4, PAYMENT = 5, NOTICE = 6, SIGNATURE = 7;

export function newDraft(caseId: string, appointment: Appointment | null): Draft {
  const kind = appointment ? (findBusinessKind(appointment.businessKind) ?? null) : null;
  return {
    caseId,
    appointmentId: appointment?.id ?? null,
    kind,
    use: 'residential',
    certificates: 1,
    applicants: appointment && appointment.category !== 'enterprise' ? [{ name: appointment.applicantName, idType: 'resident-id', idNumber: '', side: 'holder', phone: appointment.phone }] : [],
    units: [],
    mortgageeConsent: false,
    materials: kind ? requiredMaterials(kind).map(materialLine) : [],
    feeCase: null,
    cause: kind === 'transfer' ? 'sale' : null,
  };
}

/**
 * How the intake ends at the counter (条例 第十七条), from the units chosen and the materials received: a unit
 * the law bars or outside the office's area is refused in writing before any material is looked at.
 */
export function outcomeOf(draft: Draft, trip: Trip, now: Date, materialsSeen: boolean): IntakeOutcome | 'update-first' | null {
  if (!draft.kind || draft.units.length === 0) return null;
  const required = materialsSeen ? draft.materials : [];
  const d = decideDraft(draft.kind, draft.units, required, receivedMaterials(draft), now, { mortgagee: draft.mortgageeConsent });
  switch (d.outcome) {
    case 'refuse':
      return { kind: 'refused', decision: d };
    case 'update-first':
      return 'update-first';
    case 'correction':
      return { kind: 'correction', decision: d };
    case 'accept':
      return { kind: 'accepted', promisedDays: promisedLimitsOf(trip.promisedLimits)[draft.kind] };
    default:
      return assertNever(d, 'intake decision');
  }
}

/**
 * One guided flow: kind → applicants → unit → materials → fees → payment → notice → signature. `resume` is a
 * draft kept on the van (draft-store.ts); every change is kept again, so a reload or a crash loses nothing.
 */
export function IntakeFlow({ appointment: fresh, resume, onDone }: { appointment: Appointment | null; resume: StoredDraft | null; onDone: () => void }) {
  const { db, newCaseId, now } = useServices();
  const trips$ = useMemo(() => db.trips.find({ sort: [{ date: 'desc' }] }).$, [db]);
  const trip = (useObservable(trips$, [])[0]?.toJSON() as Trip | undefined) ?? null;
  const appointment = resume ? resume.appointment : fresh;
  const [draft, setDraft] = useState<Draft>(() => resume?.draft ?? newDraft(newCaseId(), appointment));
  const [step, setStep] = useState(resume?.step ?? KIND);
  // Once the case is written it cannot go back to edit: corrections are new events.
  const [saved, setSaved] = useState<IntakeOutcome['kind'] | null>(resume?.saved ?? null);
  const [canAdvance, setCanAdvance] = useState(false);
  const kept = useKeptDraft({ draft, step, saved, appointment, resume });

  const outcome = trip ? outcomeOf(draft, trip, now(), step >= MATERIALS) : null;
  const refused = outcome !== null && outcome !== 'update-first' && outcome.kind === 'refused';
  const correction = outcome !== null && outcome !== 'update-first' && outcome.kind === 'correction';
  // A business the rules do not charge (e.g. 抵押权注销) has no payment step and uses no receipt number.
  const isFree = useQuote(draft, trip).quote?.totalFen === 0;
  const update = (patch: Partial<Draft> | ((d: Draft) => Partial<Draft>)) => setDraft((d) => ({ ...d, ...(typeof patch === 'function' ? patch(d) : patch) }));

  // Each later step reports its own readiness on mount (child effects run before this one).
  useEffect(() => {
    if (step === KIND) setCanAdvance(draft.kind !== null);
  }, [step, draft.kind]);

  // A new step opens at its top (the step tabs and its heading): the screen's scroll would otherwise stay where the
  // step before was left, on a small screen well below the new step's start.
  useEffect(() => {
    document.querySelector('main.main')?.scrollTo({ top: 0 });
  }, [step]);

  // A new step starts unready in the same render that shows it: the step's own effect runs only after the
  // browser paints, and until then 下一步 must not carry the previous step's readiness (a refusal shown before its
  // written notice exists would otherwise let the applicant sign for it).
  const goTo = (s: number) => {
    setCanAdvance(false);
    setStep(s);
  };
  // An application continued after 补正 is accepted or not continued: a second 补正 notice is not how it goes on.
  const stillShort = draft.continued !== undefined && correction && step === MATERIALS;
  const next = () => {
    // A refusal goes straight to its written notice; the correction path skips fees and payment: nothing is
    // charged until the case is accepted.
    if (step === UNIT && refused) goTo(NOTICE);
    else if (step === UNIT) {
      update((d) => ({ materials: refreshMaterials(d) }));
      goTo(MATERIALS);
    } else if (step === MATERIALS && correction) goTo(NOTICE);
    else if (step === FEES && isFree) goTo(NOTICE);
    else goTo(Math.min(SIGNATURE, step + 1));
  };
  // A step tab goes back to a step already passed, as 上一步 does: not once the case is saved, not to a step the
  // outcome skipped, and not before the materials of an application continued after 补正.
  const skipped = (i: number) => (refused && (i === MATERIALS || i === FEES || i === PAYMENT)) || (correction && (i === FEES || i === PAYMENT)) || (isFree && i === PAYMENT);
  const canJump = (i: number) => i < step && saved === null && !skipped(i) && !(draft.continued !== undefined && i < MATERIALS);
  const back = () => goTo(step === NOTICE && refused ? UNIT : step === NOTICE && correction ? MATERIALS : step === NOTICE && isFree ? FEES : Math.max(KIND, step - 1));

  if (!trip) return <div className="alert warn">{T.payment.noBlock}</div>;

  return (
    <section aria-label={T.title}>
      <h1>{T.title}{appointment && <span className="muted"> · {T.forAppointment(appointment.applicantName)}</span>}</h1>
      {draft.continued && <p className="alert warn" data-testid="continued">{T.continued(draft.continued.caseNumber)}</p>}
      <div className="steps" role="group" aria-label={T.stepsLabel}>
        {T.steps.map((name, i) => (
          <button key={name} className={i === step ? 'current' : i < step && !skipped(i) ? 'done' : ''} aria-current={i === step ? 'step' : undefined} disabled={!canJump(i)} onClick={() => goTo(i)}>
            {i + 1}. {name}
          </button>
        ))}
      </div>

      {step === KIND && (
        <div className="card">
          <h2>{T.kind.title}</h2>
          <div className="row" role="radiogroup" aria-label={T.kind.title}>
            {BUSINESS_KIND_KEYS.map((k) => (
              <button key={k} role="radio" aria-checked={draft.kind === k} className={draft.kind === k ? 'primary' : ''}
                onClick={() => update({ kind: k, cause: k === 'transfer' ? 'sale' : null, materials: requiredMaterials(k).map(materialLine) })}>
                {BUSINESS_KINDS[k].name}
              </button>
            ))}
          </div>
          <label htmlFor="use">{T.kind.use}</label>
          <select id="use" value={draft.use} onChange={(e) => update({ use: e.target.value as PropertyUse })}>
            {(Object.keys(PROPERTY_USE_TEXT) as PropertyUse[]).map((u) => <option key={u} value={u}>{PROPERTY_USE_TEXT[u]}</option>)}
          </select>
          {draft.kind === 'transfer' && (
            <>
              <label htmlFor="cause">{T.kind.cause}</label>
              <select id="cause" value={draft.cause ?? 'sale'} onChange={(e) => update({ cause: e.target.value as TransferCause })}>
                {(Object.keys(T.kind.causes) as TransferCause[]).map((c) => <option key={c} value={c}>{T.kind.causes[c]}</option>)}
              </select>
            </>
          )}
          <label htmlFor="certificates">{T.kind.certificates}</label>
          <CountInput id="certificates" min={1} max={20} value={draft.certificates} onChange={(certificates) => update({ certificates })} />
        </div>
      )}
      {step === APPLICANTS && draft.kind && <ApplicantsStep draft={draft} update={update} setCanAdvance={setCanAdvance} />}
      {step === UNIT && draft.kind && <UnitStep draft={draft} update={update} setCanAdvance={setCanAdvance} trip={trip} />}
      {step === MATERIALS && <MaterialsStep draft={draft} update={update} setCanAdvance={setCanAdvance} />}
      {step === FEES && <FeesStep draft={draft} update={update} setCanAdvance={setCanAdvance} trip={trip} />}
      {step === PAYMENT && outcome !== null && outcome !== 'update-first' && outcome.kind === 'accepted' && (
        <PaymentStep draft={draft} trip={trip} outcome={outcome} setCanAdvance={setCanAdvance} onSaved={() => setSaved('accepted')} />
      )}
      {step === NOTICE && outcome !== null && outcome !== 'update-first' && <NoticeStep draft={draft} trip={trip} outcome={outcome} saved={saved} onSaved={setSaved} onMade={(notice) => update({ notice })} setCanAdvance={setCanAdvance} />}
      {step === SIGNATURE && <SignatureStep draft={draft} onDone={() => void finishDraft(db, draft.caseId).then(onDone, onDone)} />}
      {kept && <p className={kept.ok ? 'muted' : 'alert bad'} role={kept.ok ? undefined : 'alert'} data-testid="draft-kept" data-current={kept.ok && kept.draft === draft && kept.step === step && kept.saved === saved}>{kept.ok ? DRAFT_T.kept(chinaTime(kept.at)) : kept.text}</p>}

      {step !== SIGNATURE && (
        <div className="row step-nav" data-testid="step-nav">
          <button onClick={back} disabled={step === KIND || saved !== null || (draft.continued !== undefined && step === MATERIALS)}>{T.back}</button>
          <span className="grow" />
          {stillShort && <span className="alert bad" role="alert">{T.continuedShort}</span>}
          <button className="primary" onClick={next} disabled={!canAdvance || stillShort}>{T.next}</button>
        </div>
      )}
    </section>
  );
}

/**
 * Keeps the draft on the van after every change. A fresh intake nobody has touched yet is not kept, so merely
 * opening 受理 leaves nothing to resume or discard.
 */
type Kept = { ok: true; at: string; draft: Draft; step: number; saved: IntakeOutcome['kind'] | null } | { ok: false; text: string };

function useKeptDraft(state: { draft: Draft; step: number; saved: IntakeOutcome['kind'] | null; appointment: Appointment | null; resume: StoredDraft | null }) {
  const { db, now, staff, van } = useServices();
  const { draft, step, saved, appointment, resume } = state;
  const untouched = useRef<string | null>(resume ? null : JSON.stringify(draft));
  const startedBy = useRef(resume?.startedBy ?? { id: staff.id, name: staff.name });
  // What was kept last: `current` on screen when it is the state shown (tests wait for it before a crash).
  const [kept, setKept] = useState<Kept | null>(resume ? { ok: true, at: resume.updatedAt, draft, step, saved } : null);
  // Every change tries again: a store that keeps refusing is logged once per run of failures, under one code.
  const failing = useRef<string | null>(null);
  useEffect(() => {
    if (untouched.current !== null && step === KIND && saved === null && JSON.stringify(draft) === untouched.current) return;
    untouched.current = null;
    const at = now().toISOString();
    saveDraft(db, { draft, step, saved, appointment, startedBy: startedBy.current, updatedAt: at }).then(
      () => {
        failing.current = null;
        setKept({ ok: true, at, draft, step, saved });
      },
      (error: unknown) => {
        const text = caughtText(error, (e) => (failing.current ??= logFailure(van, 'intake: keep the draft', e)), DRAFT_T.keepFailed);
        setKept({ ok: false, text });
      },
    );
  }, [db, van, now, draft, step, saved, appointment]);
  return kept;
}
