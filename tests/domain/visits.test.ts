import { describe, expect, it } from 'vitest';
import { appointmentStates, checkVisit, countStates } from '#domain/visits/visit-outcome.ts';
import { visitSummary } from '#domain/visits/visit-text.ts';

const TRIP = { tripDate: '2026-11-30', hasCase: false };

describe('visit outcomes', () => {
  it('takes 未遇 with or without a note, trimmed', () => {
    expect(checkVisit({ outcome: 'not-home', note: '  ' }, TRIP)).toEqual({ ok: true, value: { outcome: 'not-home', note: '' } });
  });

  it('asks a 改约 for a reason, a later day and a time, and keeps only what it uses', () => {
    expect(checkVisit({ outcome: 'rescheduled', note: '住' }, TRIP)).toEqual({ ok: false, error: 'reason-required' });
    expect(checkVisit({ outcome: 'rescheduled', note: '住院', rescheduledTo: '' }, TRIP)).toEqual({ ok: false, error: 'date-required' });
    expect(checkVisit({ outcome: 'rescheduled', note: '住院', rescheduledTo: '2026-11-30', rescheduledTime: '09:00' }, TRIP)).toEqual({ ok: false, error: 'date-not-after-trip' });
    expect(checkVisit({ outcome: 'rescheduled', note: '住院', rescheduledTo: '2026-12-01', rescheduledTime: '24:00' }, TRIP)).toEqual({ ok: false, error: 'time-invalid' });
    expect(checkVisit({ outcome: 'rescheduled', note: ' 住院 ', rescheduledTo: '2026-12-01', rescheduledTime: '09:30' }, TRIP)).toEqual({
      ok: true, value: { outcome: 'rescheduled', note: '住院', rescheduledTo: '2026-12-01', rescheduledTime: '09:30' },
    });
    expect(checkVisit({ outcome: 'cancelled', note: '不办了', rescheduledTo: '2026-12-01' }, TRIP)).toEqual({ ok: true, value: { outcome: 'cancelled', note: '不办了' } });
  });

  it('refuses an outcome for an appointment that has a case', () => {
    expect(checkVisit({ outcome: 'not-home', note: '' }, { ...TRIP, hasCase: true })).toEqual({ ok: false, error: 'already-accepted' });
  });

  it('gives each appointment its state: a case first, else the latest outcome, else 待办', () => {
    const lines = appointmentStates(['a1', 'a2', 'a3', 'a4'], new Set(['a1']), [
      { appointmentId: 'a1', outcome: 'not-home', note: '', at: '2026-11-30T01:00:00Z' },
      { appointmentId: 'a2', outcome: 'not-home', note: '', at: '2026-11-30T01:00:00Z' },
      { appointmentId: 'a2', outcome: 'cancelled', note: '不办了', at: '2026-11-30T03:00:00Z' },
      { appointmentId: 'a3', outcome: 'rescheduled', note: '住院', rescheduledTo: '2026-12-02', rescheduledTime: '09:30', at: '2026-11-30T02:00:00Z' },
    ]);
    expect(lines.map((l) => l.state)).toEqual(['accepted', 'cancelled', 'rescheduled', 'pending']);
    expect(countStates(lines)).toEqual({ pending: 1, accepted: 1, 'not-home': 0, rescheduled: 1, cancelled: 1 });
    expect(visitSummary(lines[2]!.visit!)).toBe('改约至 2026-12-02 09:30（住院）');
  });
});
