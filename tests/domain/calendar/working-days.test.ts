import { getSolarDateFromLunar, getSolarTermsInRange, isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { chain, intake } from '../case/events-fixture.ts';
import { caseDeadlines, deadlineState, projectionDeadlines } from '#domain/calendar/deadlines.ts';
import { projectCase } from '#domain/case/lifecycle.ts';
import { CN_CALENDAR, addWorkingDays, chinaDate, isWorkingDay, workingDaysBetween } from '#domain/calendar/working-days.ts';

function* days(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) yield new Date(t).toISOString().slice(0, 10);
}

describe('the holiday calendar data (State Council notices)', () => {
  it('agrees day by day with the chinese-days package for 2024–2026', () => {
    const disagreements = [...days('2024-01-01', '2026-12-31')].filter((d) => isWorkingDay(d) !== isWorkday(d));
    expect(disagreements).toEqual([]);
  });

  it('puts the 2027 statutory days (provisional until the notice) on the lunar dates', () => {
    expect(getSolarDateFromLunar('2027-01-01').date).toBe('2027-02-06');
    expect(getSolarDateFromLunar('2027-05-05').date).toBe('2027-06-09');
    expect(getSolarDateFromLunar('2027-08-15').date).toBe('2027-09-15');
    expect(getSolarTermsInRange('2027-04-05', '2027-04-05')[0]?.name).toBe('清明');
    for (const d of ['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-01']) expect(isWorkingDay(d)).toBe(false);
    expect(CN_CALENDAR.confirmedYears.has(2027)).toBe(false);
    expect(CN_CALENDAR.knownYears.has(2027)).toBe(true);
  });

  it('counts a make-up Saturday as a working day and a weekday in a break as a day off', () => {
    expect(isWorkingDay('2026-02-14')).toBe(true); // 春节调休上班 (Saturday)
    expect(isWorkingDay('2026-02-16')).toBe(false); // Monday in the Spring Festival break
    expect(isWorkingDay('2026-11-28')).toBe(false); // an ordinary Saturday
  });
});

describe('working-day arithmetic', () => {
  it('does not count the start day, and skips weekends', () => {
    expect(addWorkingDays('2026-11-27', 1)).toEqual({ date: '2026-11-30', provisional: false }); // Friday → Monday
    expect(addWorkingDays('2026-11-27', 0)).toEqual({ date: '2026-11-27', provisional: false });
  });

  it('runs through the National Day break and the make-up Saturday after it', () => {
    // Accepted Monday 2026-09-28: 29, 30 Sep; 1–7 Oct off; Thu 8, Fri 9, Sat 10 (make-up) are working days.
    expect(addWorkingDays('2026-09-28', 5).date).toBe('2026-10-10');
  });

  it('marks a date reached through a year without an entered notice as provisional', () => {
    expect(addWorkingDays('2026-12-15', 30)).toEqual({ date: expect.stringMatching(/^2027-01-/) as string, provisional: true });
  });

  it('counts working days between two dates', () => {
    expect(workingDaysBetween('2026-09-28', '2026-10-10')).toBe(5);
    expect(workingDaysBetween('2026-10-10', '2026-09-28')).toBe(0);
  });

  it('takes the China-time date of an instant', () => {
    expect(chinaDate('2026-11-27T17:30:00Z')).toBe('2026-11-28');
    expect(chinaDate('2026-11-28T09:00:00+08:00')).toBe('2026-11-28');
  });

  it('throws on malformed input: callers validate first', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow();
    expect(() => addWorkingDays('2026-02-01', -1)).toThrow();
  });
});

describe('case deadlines', () => {
  it('gives a transfer 30 working days by law and the office’s 5 by promise, from the acceptance date', () => {
    const d = caseDeadlines('transfer', '2026-09-21T10:00:00+08:00');
    expect(d.startDate).toBe('2026-09-21');
    // 22, 23, 24; 25–27 中秋 off; 28, 29.
    expect(d.promised).toEqual({ date: '2026-09-29', provisional: false, workingDays: 5 });
    expect(d.legal.workingDays).toBe(30);
    expect(workingDaysBetween('2026-09-21', d.legal.date)).toBe(30);
    expect(isWorkingDay(d.legal.date)).toBe(true);
  });

  it('gives a mortgage 10 working days (办法 第23条)', () => {
    expect(caseDeadlines('mortgage-first', '2026-11-02T09:00:00+08:00').legal).toEqual({ date: '2026-11-16', provisional: false, workingDays: 10 });
  });

  it('restarts the clock when corrections are supplied: a later start gives a later deadline', () => {
    const first = caseDeadlines('transfer', '2026-06-01T09:00:00+08:00');
    const afterCorrection = caseDeadlines('transfer', '2026-06-15T09:00:00+08:00');
    expect(workingDaysBetween('2026-06-15', afterCorrection.legal.date)).toBe(30);
    expect(afterCorrection.legal.date > first.legal.date).toBe(true);
  });

  it('does not count working days spent suspended', () => {
    const d = caseDeadlines('mortgage-first', '2026-11-02T09:00:00+08:00', { pausedWorkingDays: 3 });
    expect(d.legal.date).toBe('2026-11-19');
  });

  it('says whether a deadline is met, due today or overdue, in working days', () => {
    expect(deadlineState('2026-11-30', '2026-11-27')).toEqual({ state: 'on-time', workingDaysLeft: 1 });
    expect(deadlineState('2026-11-30', '2026-11-30')).toEqual({ state: 'due-today', workingDaysLeft: 0 });
    expect(deadlineState('2026-11-27', '2026-12-01')).toEqual({ state: 'overdue', workingDaysLeft: -2 });
  });
});

describe('deadlines of a projected case', () => {
  const mortgage = { ...intake, businessKind: 'mortgage-first' as const };
  const start = Date.parse('2026-11-02T01:00:00Z'); // 09:00 China time, Monday

  it('has none before 受理', () => {
    expect(projectionDeadlines(projectCase('c1', []))).toBeNull();
  });

  it('runs from 受理 while under review and stops while waiting for corrections', () => {
    const accepted = chain('van-1', 'c1', [{ body: { kind: 'accepted', payload: mortgage }, actor: 'clerk' }], start);
    expect(projectionDeadlines(projectCase('c1', accepted))).toMatchObject({ startDate: '2026-11-02', legal: { date: '2026-11-16', workingDays: 10 }, isRunning: true });
    const returned = chain('van-1', 'c1', [
      { body: { kind: 'accepted', payload: mortgage }, actor: 'clerk' },
      { body: { kind: 'returned-for-correction', payload: { level: 1, missing: [{ key: 'main-contract', name: '主债权合同' }], opinion: '缺主债权合同' } }, actor: 'rev' },
    ], start);
    expect(projectionDeadlines(projectCase('c1', returned))?.isRunning).toBe(false);
  });

  it('restarts from the day corrections are supplied (补正后重新起算)', () => {
    const events = chain('van-1', 'c1', [
      { body: { kind: 'accepted', payload: mortgage }, actor: 'clerk' },
      { body: { kind: 'returned-for-correction', payload: { level: 1, missing: [{ key: 'main-contract', name: '主债权合同' }], opinion: '缺主债权合同' } }, actor: 'rev' },
    ], start);
    const supplied = chain('van-2', 'c1', [{ body: { kind: 'materials-received', payload: { materials: [], complete: true } }, actor: 'clerk' }], Date.parse('2026-11-09T01:00:00Z'));
    expect(projectionDeadlines(projectCase('c1', [...events, ...supplied]))).toMatchObject({ startDate: '2026-11-09', legal: { date: '2026-11-23' }, isRunning: true });
  });
});
