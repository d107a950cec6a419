import { useEffect, useMemo, useState } from 'react';
import { type AppointmentDoc, type TripDoc } from '#protocol/documents/office.ts';
import { useObservable } from '#renderer/app/use-observable.ts';
import { useServices } from '#renderer/app/services.ts';
import { useUnits } from '#renderer/app/use-units.ts';
import { businessLabel } from '#renderer/app/labels.ts';
import { officeErrorText } from '#renderer/app/error-text.ts';
import { chinaTime } from '#domain/calendar/china-time.ts';
import { type NumberBlock, formatNumber } from '#domain/receipts/number-block.ts';
import { remainingGranted } from '#domain/receipts/grants.ts';
import { type LedgerRow } from '#renderer/db/schemas/trip-ledger.ts';
import { numbersChargedOnTrip } from '#renderer/db/charges.ts';
import { appointmentStates } from '#domain/visits/visit-outcome.ts';
import { APPOINTMENT_STATE_TEXT, visitSummary } from '#domain/visits/visit-text.ts';
import { T } from './trip-text.ts';
import { DayOverview, STATE_TONE } from './DayOverview.tsx';
import { VisitOutcomeForm } from './VisitOutcomeForm.tsx';
import { UnitSeizures } from './UnitSeizures.tsx';
import { visitsOf } from './visit-outcomes.ts';

type Appointment = Omit<AppointmentDoc, '_deleted'>;
type Trip = Omit<TripDoc, '_deleted'>;

const VULNERABLE = new Set(['elderly', 'sick', 'disabled', 'widowed', 'orphaned']);

/** This device's own runs of the trip's receipt numbers (the office grants each device its own), with what is left. */
function ReceiptNumbers({ trip }: { trip: Trip }) {
  const { db, sync, config } = useServices();
  const ledger$ = useMemo(() => db.tripLedger.find({ selector: { tripId: trip.id, kind: 'receipt-grant' } }).$, [db, trip.id]);
  const grants = useObservable(ledger$, [])
    .map((d) => d.toJSON() as LedgerRow)
    .flatMap((r) => (r.kind === 'receipt-grant' && r.deviceId === config.deviceId ? [{ first: r.first, last: r.last }] : []))
    .sort((a, b) => a.first - b.first);
  // The numbers used: the trip's receipts and this device's 收费 events of it, read again as events are written.
  const [used, setUsed] = useState<string[]>([]);
  useEffect(() => {
    const load = () => void numbersChargedOnTrip(db, config.deviceId, trip).then(setUsed);
    load();
    const written = db.caseEvents.insert$.subscribe(load);
    return () => written.unsubscribe();
  }, [db, config.deviceId, trip]);
  const [asking, setAsking] = useState<{ busy: boolean; message: string | null }>({ busy: false, message: null });
  const block: NumberBlock | null = trip.receiptBlock;
  if (!block) return <p className="muted" data-testid="receipt-numbers">{T.noReceiptBlock}</p>;
  const left = remainingGranted(block, grants, used);

  async function askForMore() {
    if (!sync) return setAsking({ busy: false, message: T.noSync });
    setAsking({ busy: true, message: null });
    const error = await sync.requestReceiptNumbers(trip.id);
    setAsking({ busy: false, message: error ? T.moreRefused(error.officeMessage ?? T.moreOffline) : T.moreGranted });
  }

  return (
    <div className="card" data-testid="receipt-numbers" data-left={left}>
      <div className="row">
        <span className="grow">
          {grants.length === 0
            ? T.noGrant
            : T.grants(grants.map((g) => `${formatNumber(block, g.first)} – ${formatNumber(block, g.last)}`).join('，'), left)}
        </span>
        <button onClick={() => void askForMore()} disabled={asking.busy}>{T.askMore}</button>
      </div>
      {asking.message && <div className="alert warn" role="status">{asking.message}</div>}
    </div>
  );
}

/** Today's trip: appointments (vulnerable groups marked) and enterprise projects; pull before leaving. */
export function TripScreen({ onStartIntake }: { onStartIntake: (appointment: Appointment) => void }) {
  const { db, sync, now } = useServices();
  const trips$ = useMemo(() => db.trips.find({ sort: [{ date: 'desc' }] }).$, [db]);
  const trips = useObservable(trips$, []);
  const trip = (trips[0]?.toJSON() as Trip | undefined) ?? null;
  const appts$ = useMemo(() => (trip ? db.appointments.find({ selector: { tripId: trip.id }, sort: [{ scheduledAt: 'asc' }] }).$ : null), [db, trip?.id]);
  const appointments = useObservable(appts$, []).map((d) => d.toJSON() as Appointment);
  // An appointment that already has a case on this van is done: it is continued from 案件, never started again.
  const cases$ = useMemo(() => (trip ? db.cases.find({ selector: { tripId: trip.id } }).$ : null), [db, trip?.id]);
  const handled = new Set(useObservable(cases$, []).flatMap((c) => (c.appointmentId ? [c.appointmentId] : [])));
  const visits$ = useMemo(() => (trip ? db.tripLedger.find({ selector: { tripId: trip.id, kind: 'visit-outcome' } }).$ : null), [db, trip?.id]);
  const visits = visitsOf(useObservable(visits$, []).map((d) => d.toJSON() as LedgerRow));
  const lines = appointmentStates(appointments.map((a) => a.id), handled, visits);
  const lineOf = new Map(lines.map((l) => [l.appointmentId, l]));
  const units = useUnits(appointments.flatMap((a) => a.unitIds));
  const [pull, setPull] = useState<{ state: 'idle' | 'pulling' | 'done' | 'failed'; message?: string }>({ state: 'idle' });

  async function pullTrip() {
    if (!sync) return setPull({ state: 'failed', message: T.noSync });
    setPull({ state: 'pulling' });
    try {
      await sync.awaitOfficeData();
      // The trip this van works next (the newest it holds; none yet on a first pull: the office picks today's).
      const latest = await db.trips.findOne({ sort: [{ date: 'desc' }] }).exec();
      const answer = await sync.refreshUnitSnapshots(latest ? [latest.id] : []);
      const snapshotAt = answer.trips[0]?.snapshotAt;
      setPull({ state: 'done', message: T.pulled(chinaTime(now().toISOString()), snapshotAt ? chinaTime(snapshotAt) : null) });
    } catch (error) {
      setPull({ state: 'failed', message: T.pullFailed + officeErrorText(error) });
    }
  }

  const people = appointments.filter((a) => a.category !== 'enterprise');
  const enterprises = appointments.filter((a) => a.category === 'enterprise');

  const row = (a: Appointment) => {
    const line = lineOf.get(a.id);
    const state = line?.state ?? 'pending';
    return (
    <div className="card" key={a.id} data-testid="appointment" data-state={state}>
      <div className="row">
        <div className="grow">
          <div className="big">
            {a.applicantName}{' '}
            {VULNERABLE.has(a.category) && <span className="tag vulnerable">{T.category[a.category]}</span>}
            {a.category === 'enterprise' && <span className="tag">{T.category.enterprise}</span>}
          </div>
          <div>{chinaTime(a.scheduledAt)} · {T.business}：{businessLabel(a.businessKind)} · {T.units(a.unitIds.length)}</div>
          <div className="muted">{T.address}：{a.address} · {T.phone}：{a.phone}</div>
          {a.notes && <div className="muted">{a.notes}</div>}
          <UnitSeizures unitIds={a.unitIds} units={units} />
          {line?.visit && <div data-testid="visit-summary"><span className={`tag ${STATE_TONE[state]}`}>{APPOINTMENT_STATE_TEXT[state]}</span> {visitSummary(line.visit)}</div>}
        </div>
        {handled.has(a.id)
          ? <span className="tag ok" data-testid="appointment-done">{T.done}</span>
          : <button className="primary" onClick={() => onStartIntake(a)}>{T.startIntake}</button>}
      </div>
      {trip && !handled.has(a.id) && <VisitOutcomeForm trip={trip} appointmentId={a.id} />}
    </div>
    );
  };

  return (
    <section aria-label={T.title}>
      <div className="row">
        <h1 className="grow">{T.title}{trip && <span className="muted"> · {trip.date} · {trip.title}</span>}</h1>
        <button className="primary" onClick={() => void pullTrip()} disabled={pull.state === 'pulling'}>{T.pull}</button>
      </div>
      {pull.state === 'pulling' && <div className="alert warn">{T.pulling}</div>}
      {pull.state === 'done' && <div className="alert ok" role="status">{pull.message}</div>}
      {pull.state === 'failed' && <div className="alert bad" role="alert">{pull.message}</div>}
      {!trip && <div className="alert warn">{T.noTrip}</div>}
      {trip && <ReceiptNumbers trip={trip} />}
      {trip && appointments.length > 0 && <DayOverview appointments={appointments} lines={lines} />}
      <h2>{T.appointments}</h2>
      {people.length === 0 ? <p className="muted">{T.none}</p> : people.map(row)}
      <h2>{T.enterprises}</h2>
      {enterprises.length === 0 ? <p className="muted">{T.none}</p> : enterprises.map(row)}
    </section>
  );
}
