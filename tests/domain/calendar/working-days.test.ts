import { getSolarDateFromLunar, getSolarTermsInRange, isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { chain, intake } from '../case/events-fixture.ts';
import { caseDeadlines, deadlineState, projectionDeadlines } from '#domain/calendar/deadlines.ts';
import { projectCase } from '#domain/case/lifecycle.ts';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { CN_CALENDAR, addWorkingDays, isProvisionalDate, isWorkingDay, lastOfficialYear, workingDaysBetween } from '#domain/calendar/working-days.ts';

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

describe('case deadlines (条例 第二十条: 30 working days from 受理)', () => {
  it('gives a transfer 30 working days by law and the office’s 5 by promise, from the acceptance date', () => {
    const d = caseDeadlines('transfer', '2026-09-21T10:00:00+08:00');
    expect(d.startDate).toBe('2026-09-21');
    // 22, 23, 24; 25–27 中秋 off; 28, 29.
    expect(d.promised).toEqual({ date: '2026-09-29', provisional: false, workingDays: 5 });
    expect(d.legal.workingDays).toBe(30);
    expect(workingDaysBetween('2026-09-21', d.legal.date)).toBe(30);
    expect(isWorkingDay(d.legal.date)).toBe(true);
  });

  it('gives a mortgage, a correction and an objection the same 30 days (the 10 and 1 of the repealed 房屋登记办法 are gone)', () => {
    for (const kind of ['mortgage-first', 'correction', 'objection', 'advance-notice', 'seizure'] as const) {
      expect(caseDeadlines(kind, '2026-11-02T09:00:00+08:00').legal).toEqual({ date: '2026-12-14', provisional: false, workingDays: 30 });
    }
  });

  it('holds the case to the promise the office set, never beyond the legal limit', () => {
    expect(caseDeadlines('transfer', '2026-11-02T09:00:00+08:00', { promisedDays: 3 }).promised).toEqual({ date: '2026-11-05', provisional: false, workingDays: 3 });
    expect(caseDeadlines('transfer', '2026-11-02T09:00:00+08:00', { promisedDays: 45 }).promised.workingDays).toBe(30);
  });

  it('does not count working days spent paused', () => {
    expect(caseDeadlines('mortgage-first', '2026-11-02T09:00:00+08:00', { pausedWorkingDays: 3 }).legal.date).toBe('2026-12-17');
  });

  it('says whether a deadline is met, due today or overdue, in working days', () => {
    expect(deadlineState('2026-11-30', '2026-11-27')).toEqual({ state: 'on-time', workingDaysLeft: 1 });
    expect(deadlineState('2026-11-30', '2026-11-30')).toEqual({ state: 'due-today', workingDaysLeft: 0 });
    expect(deadlineState('2026-11-27', '2026-12-01')).toEqual({ state: 'overdue', workingDaysLeft: -2 });
  });
});

describe('dates past the last official holiday year are provisional (放假办法 第六条 补假 included)', () => {
  it('adds the weekday 补假 the 放假办法 requires for 2027’s holidays on a weekend', () => {
    // 2027-02-06/07 (初一, 初二) and 05-01/02 and 10-02/03 fall on a weekend: 补假 on the next working days.
    for (const d of ['2027-02-09', '2027-02-10', '2027-05-03', '2027-05-04', '2027-10-04', '2027-10-05']) expect(isWorkingDay(d)).toBe(false);
    expect(isWorkingDay('2027-02-11')).toBe(true);
    expect(isWorkingDay('2027-05-05')).toBe(true);
  });

  it('prints a 2027 deadline as provisional whether the case was accepted in December, January or later', () => {
    expect(lastOfficialYear()).toBe(2026);
    for (const [start, provisional] of [['2026-10-12T09:00:00+08:00', false], ['2026-12-01T09:00:00+08:00', true], ['2027-01-04T09:00:00+08:00', true], ['2027-06-01T09:00:00+08:00', true]] as const) {
      const d = caseDeadlines('transfer', start);
      expect(d.legal.provisional).toBe(provisional);
      expect(isProvisionalDate(d.legal.date)).toBe(d.legal.date >= '2027-01-01');
    }
  });

  it('counts the provisional 补假 as days off: 30 working days from 2027-04-26 end on 2027-06-10', () => {
    // 27–30 Apr (4), 5–7 May (3) after 1–4 May off, 10–14, 17–21, 24–28, 31 May–4 Jun (20), 7, 8, 10 Jun (9 Jun 端午).
    expect(caseDeadlines('transfer', '2027-04-26T09:00:00+08:00').legal).toEqual({ date: '2027-06-10', provisional: true, workingDays: 30 });
  });
});

describe('deadlines of a projected case', () => {
  const mortgage = { ...intake, businessKind: 'mortgage-first' as const };
  const start = Date.parse('2026-11-02T01:00:00Z'); // 09:00 China time, Monday
  const returned = { kind: 'returned-for-correction' as const, payload: { level: 1 as const, missing: [{ key: 'main-contract', name: '主债权合同' }], opinion: '缺主债权合同' } };

  it('has none before 受理', () => {
    expect(projectionDeadlines(projectCase('c1', []), '2026-11-02')).toBeNull();
  });

  it('runs from 受理, holding the case to the promise printed on its notice', () => {
    const accepted = chain('van-1', 'c1', [{ body: { kind: 'accepted', payload: { ...mortgage, promisedDays: 2 } }, actor: 'clerk' }], start);
    expect(projectionDeadlines(projectCase('c1', accepted), '2026-11-05')).toMatchObject({
      startDate: '2026-11-02', legal: { date: '2026-12-14', workingDays: 30 }, promised: { date: '2026-11-04', workingDays: 2 },
      clock: 'running', promisedState: { state: 'overdue', workingDaysLeft: -1 },
    });
  });

  it('does not count the days spent waiting for corrections asked for in review (the date moves while it lasts)', () => {
    const events = chain('van-1', 'c1', [{ body: { kind: 'accepted', payload: mortgage }, actor: 'clerk' }, { body: returned, actor: 'rev' }], start);
    // Returned on Mon 2 Nov; on Fri 6 Nov four working days have passed paused.
    expect(projectionDeadlines(projectCase('c1', events), '2026-11-06')).toMatchObject({ clock: 'paused', pausedWorkingDays: 4, legal: { date: '2026-12-18' } });
    const supplied = chain('van-2', 'c1', [{ body: { kind: 'materials-received', payload: { materials: [], complete: true } }, actor: 'clerk' }], Date.parse('2026-11-09T01:00:00Z'));
    const resumed = projectionDeadlines(projectCase('c1', [...events, ...supplied]), '2026-11-20');
    expect(resumed).toMatchObject({ startDate: '2026-11-02', clock: 'running', pausedWorkingDays: 5, legal: { date: '2026-12-21' } });
  });

  it('does not count 公告 (实施细则 第十七条) or 暂停, and stops at 登簿 (条例 第二十一条)', () => {
    const events = chain('van-1', 'c1', [
      { body: { kind: 'accepted', payload: mortgage }, actor: 'clerk' },
      { body: { kind: 'review-passed', payload: { level: 1, opinion: '同意' } }, actor: 'a' },
      { body: { kind: 'review-passed', payload: { level: 2, opinion: '同意' } }, actor: 'b' },
      { body: { kind: 'review-passed', payload: { level: 3, opinion: '同意' } }, actor: 'c' },
    ], start);
    const publication = chain('office', 'c1', [{ body: { kind: 'publication-started', payload: { reason: '首次登记公告', workingDays: 15 } }, actor: 'c' }], Date.parse('2026-11-03T01:00:00Z'));
    const during = projectCase('c1', [...events, ...publication]);
    expect(during.stage).toBe('publication');
    expect(projectionDeadlines(during, '2026-11-10')).toMatchObject({ clock: 'paused', pausedWorkingDays: 5 });
    const ended = chain('office2', 'c1', [
      { body: { kind: 'publication-ended', payload: { objections: false } }, actor: 'c' },
      { body: { kind: 'registered', payload: { unitStatusCheckedAt: '2026-11-24T01:00:00Z' } }, actor: 'c' },
    ], Date.parse('2026-11-24T01:00:00Z'));
    const done = projectCase('c1', [...events, ...publication, ...ended]);
    expect(done.stage).toBe('registered');
    // Stopped on 24 Nov with 15 paused days: however late the office looks, the state is as of 登簿.
    const d = projectionDeadlines(done, '2027-03-01');
    expect(d).toMatchObject({ clock: 'done', endDate: '2026-11-24', pausedWorkingDays: 15, legalState: { state: 'on-time' } });
  });

  it('starts the clock of an application refused for missing materials when they are all supplied (条例 第十七条第一款第（一）项)', () => {
    const notified = chain('van-1', 'c1', [{ body: { kind: 'correction-notified', payload: { missing: [{ key: 'tax-proof', name: '完税凭证', problem: 'missing' }], intake: mortgage } }, actor: 'clerk' }], start);
    expect(projectionDeadlines(projectCase('c1', notified), '2026-11-04')).toBeNull();
    const supplied = chain('van-2', 'c1', [{ body: { kind: 'materials-received', payload: { materials: [], complete: true } }, actor: 'clerk' }], Date.parse('2026-11-09T01:00:00Z'));
    expect(projectionDeadlines(projectCase('c1', [...notified, ...supplied]), '2026-11-09')).toMatchObject({ startDate: '2026-11-09', pausedWorkingDays: 0, clock: 'running' });
  });
});
