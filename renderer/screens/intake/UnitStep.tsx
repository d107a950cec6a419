import { useEffect, useRef, useState } from 'react';
import { useServices } from '#renderer/app/services.ts';
import { useUnits } from '#renderer/app/use-units.ts';
import { appointmentUnits, searchUnits } from '#renderer/db/queries.ts';
import { unitsTakenOnTrip } from './batch-taken.ts';
import { type Trip, type Unit, caseNumberOf } from './draft.ts';
import { PROPERTY_USE_TEXT, checkUnitForKind, decideDraft } from './intake-rules.ts';
import { type StepProps } from './ApplicantsStep.tsx';
import { T } from './intake-text.ts';
import { UnitRegisterSummary } from './UnitRegisterSummary.tsx';

const FLAG_KEYS = ['seized', 'mortgaged', 'advanceNotice', 'inProgress'] as const;

function ageText(snapshotAt: string, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(snapshotAt).getTime()) / 60_000));
  if (minutes < 1) return T.unit.ageJustNow;
  if (minutes < 120) return T.unit.ageMinutes(minutes);
  if (minutes < 48 * 60) return T.unit.ageHours(Math.round(minutes / 60));
  return T.unit.ageDays(Math.round(minutes / 1440));
}

/** Find the unit by unit number, certificate number or address prefix; show its status and its age. */
export function UnitStep({ draft, update, setCanAdvance, trip }: StepProps & { trip: Trip | null }) {
  const { db, now } = useServices();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Unit[] | null>(null);
  const [queryError, setQueryError] = useState<string | null>(null);
  const kind = draft.kind;
  const checks = draft.units.map((u) => (kind ? checkUnitForKind(kind, u, now(), { mortgagee: draft.mortgageeConsent }) : null));
  const needsConsent = checks.some((c) => c?.ok && c.needsMortgageeConsent);
  // A unit the law bars, or outside the office's area, leads to the written 不予受理告知书 (条例 第十七条); only
  // a status too old to decide on stops here.
  const decision = kind && draft.units.length > 0 ? decideDraft(kind, draft.units, [], [], now(), { mortgagee: draft.mortgageeConsent }) : null;
  const refused = decision?.outcome === 'refuse';
  const ready = decision !== null && decision.outcome !== 'update-first' && (refused || !needsConsent || draft.mortgageeConsent);
  useEffect(() => setCanAdvance(ready), [ready, setCanAdvance]);

  // A selected unit's newer snapshot (a seizure the sync just brought, say) replaces the copy the draft took, so the
  // check below and the written answer rest on what the office last said (条例 第十七条).
  const live = useUnits(draft.units.map((u) => u.id));
  useEffect(() => {
    const newer = (u: Unit) => {
      const fresh = live.get(u.id);
      return fresh && fresh.snapshotAt > u.snapshotAt ? fresh : null;
    };
    if (!draft.units.some(newer)) return;
    update((d) => ({ units: d.units.map((u) => newer(u) ?? u) }));
  }, [live, draft.units, update]);

  // A unit this van already took for the same business on this trip (another case, not withdrawn): a second
  // intake would be a second case and a second charge for the same thing, so the clerk is told which case has it.
  const [taken, setTaken] = useState<ReadonlyMap<string, string>>(new Map());
  const unitKey = draft.units.map((u) => u.id).join(',');
  useEffect(() => {
    if (!trip || !kind || unitKey === '') return setTaken(new Map());
    let current = true;
    void unitsTakenOnTrip(db, trip.id, kind, draft.caseId).then((m) => current && setTaken(m));
    return () => {
      current = false;
    };
  }, [db, trip, kind, unitKey, draft.caseId]);

  // The appointment names its unit: start from it, once, so the clerk checks it rather than searches for it.
  const prefilled = useRef(false);
  const [prefillDone, setPrefillDone] = useState(draft.units.length > 0 || !draft.appointmentId);
  useEffect(() => {
    if (prefilled.current || draft.units.length > 0 || !draft.appointmentId) return;
    prefilled.current = true;
    void appointmentUnits(db, draft.appointmentId).then((units) => {
      const first = units[0];
      if (first) update((d) => (d.units.length > 0 ? {} : { units, use: first.use }));
      setPrefillDone(true);
    });
  }, [db, draft.appointmentId, draft.units.length, update]);

  async function find(e: React.FormEvent) {
    e.preventDefault();
    if (!query.trim()) return;
    const found = await searchUnits(db, query, 20);
    setQueryError(found.ok ? null : found.message);
    setResults(found.ok ? found.units : null);
  }

  const card = (u: Unit, selected: boolean) => {
    const check = kind ? checkUnitForKind(kind, u, now(), { mortgagee: draft.mortgageeConsent }) : null;
    const flags = FLAG_KEYS.filter((f) => u.flags[f]);
    return (
      <div className="card" key={u.id} data-testid={selected ? 'selected-unit' : 'unit-result'}>
        <div className="row">
          <div className="grow">
            <div><b>{u.address}</b></div>
            <div className="muted">{u.unitNumber} · {u.certificateNumber} · {PROPERTY_USE_TEXT[u.use]}</div>
            <div>{T.unit.owners}：{u.owners.map((o) => `${o.name}（${o.share}）`).join('、')}</div>
            <div>
              {flags.length === 0 ? <span className="tag ok">{T.unit.clear}</span> : flags.map((f) => <span key={f} className={`tag ${f === 'mortgaged' ? 'warn' : 'bad'}`}>{T.unit.flags[f]}</span>)}
              <span className="muted">{T.unit.snapshot(ageText(u.snapshotAt, now()))}</span>
            </div>
            {u.register && <UnitRegisterSummary register={u.register} />}
            {check && !check.ok && <div className="alert bad" role="alert">{check.message}</div>}
            {selected && trip && taken.has(u.id) && <div className="alert warn" role="alert" data-testid="unit-taken">{T.unit.taken(caseNumberOf(trip, taken.get(u.id) ?? ''))}</div>}
            {check?.ok && check.notes.map((n) => <div key={n} className="muted">{n}</div>)}
          </div>
          {selected ? (
            <button onClick={() => update({ units: draft.units.filter((x) => x.id !== u.id) })}>{T.applicants.remove}</button>
          ) : (
            <button className="primary" onClick={() => { update({ units: [...draft.units.filter((x) => x.id !== u.id), u], use: u.use }); setResults(null); }}>{T.unit.select}</button>
          )}
        </div>
      </div>
    );
  };

  return (
    <div className="card" data-testid="unit-step" data-ready={prefillDone ? 'true' : 'false'}>
      <h2>{T.unit.title}</h2>
      <form className="row" onSubmit={(e) => void find(e)}>
        <input className="grow" style={{ width: 'auto' }} aria-label={T.unit.search} placeholder={T.unit.search} value={query} onChange={(e) => setQuery(e.target.value)} />
        <button className="primary" type="submit">{T.unit.find}</button>
      </form>
      {queryError && <div className="alert bad" role="alert" data-testid="unit-query-error">{queryError}</div>}
      {results && results.length === 0 && <div className="alert warn">{T.unit.notFound}</div>}
      {results?.map((u) => card(u, false))}
      {draft.units.length > 0 && <h3>{T.unit.selected}</h3>}
      {draft.units.map((u) => card(u, true))}
      {decision?.outcome === 'update-first' && <div className="alert bad" role="alert" data-testid="unit-update-first">{T.blocked}{decision.reasons.join('；')}</div>}
      {refused && <div className="alert warn" role="status" data-testid="unit-refusal">{T.unit.willRefuse(decision.reasons.join('；'))}</div>}
      {needsConsent && !refused && (
        <label className="row"><input type="checkbox" style={{ width: 32 }} checked={draft.mortgageeConsent} onChange={(e) => update({ mortgageeConsent: e.target.checked })} />{T.unit.mortgageeConsent}</label>
      )}
    </div>
  );
}
