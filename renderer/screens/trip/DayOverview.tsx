import { APPOINTMENT_STATES, type AppointmentLine, countStates } from '#domain/visits/visit-outcome.ts';
import { APPOINTMENT_STATE_TEXT, visitSummary } from '#domain/visits/visit-text.ts';
import { chinaTime } from '#domain/calendar/china-time.ts';
import { type AppointmentDoc } from '#protocol/documents/office.ts';
import { T } from './trip-text.ts';

type Appointment = Omit<AppointmentDoc, '_deleted'>;

export const STATE_TONE: Record<AppointmentLine['state'], string> = { pending: 'warn', accepted: 'ok', 'not-home': 'bad', rescheduled: 'warn', cancelled: 'bad' };

/** The day at a glance: how many appointments are in each state, and each one's state in visiting order. */
export function DayOverview({ appointments, lines }: { appointments: readonly Appointment[]; lines: readonly AppointmentLine[] }) {
  const counts = countStates(lines);
  const byId = new Map(lines.map((l) => [l.appointmentId, l]));
  return (
    <div className="card" data-testid="day-overview" aria-label={T.overview.title}>
      <h2>{T.overview.title}</h2>
      <div className="row">
        {APPOINTMENT_STATES.map((s) => (
          <span key={s} className={`tag ${STATE_TONE[s]}`} data-testid="state-count" data-state={s} data-count={counts[s]}>{APPOINTMENT_STATE_TEXT[s]} {counts[s]}</span>
        ))}
        <span className="muted">{T.overview.total(lines.length)}</span>
      </div>
      <table>
        <thead><tr><th>{T.overview.time}</th><th>{T.overview.applicant}</th><th>{T.overview.state}</th></tr></thead>
        <tbody>
          {appointments.map((a) => {
            const line = byId.get(a.id);
            const state = line?.state ?? 'pending';
            return (
              <tr key={a.id} data-testid="overview-row" data-state={state}>
                <td>{chinaTime(a.scheduledAt)}</td>
                <td>{a.applicantName}</td>
                <td><span className={`tag ${STATE_TONE[state]}`}>{APPOINTMENT_STATE_TEXT[state]}</span>{line?.visit && <span className="muted"> {visitSummary(line.visit)}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
