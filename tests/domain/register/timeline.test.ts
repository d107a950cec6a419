import { describe, expect, it } from 'vitest';
import { projectRegister } from '#domain/register/project.ts';
import { decideCourtAct, type CourtAct } from '#domain/register/seizures.ts';
import { registerTimeline, type TimelineItem } from '#domain/register/timeline.ts';
import { RegisterBuilder, UNIT, courtDoc } from './register-fixture.ts';

const COURT_A = '佳木斯市向阳区人民法院';
const COURT_B = '佳木斯市中级人民法院';

function record(b: RegisterBuilder, act: CourtAct): void {
  const decided = decideCourtAct(b.entries, act, act.document.deliveredAt);
  if (!decided.ok) throw new Error(`refused: ${decided.error}`);
  b.add(decided.value.body, act.document.deliveredAt, { kind: 'court', court: act.document.court, noticeNumber: act.document.noticeNumber });
}

/** 查封 by A until 2027-03-01, then a 12-month 轮候 by B. */
function seizedTwice(): RegisterBuilder {
  const b = new RegisterBuilder().established();
  record(b, { act: 'seize', seizureId: 's1', document: courtDoc(COURT_A, '2024-03-01T10:00:00+08:00', 1), respondent: '张建国', from: '2024-03-01', to: '2027-03-01', termMonths: null });
  record(b, { act: 'seize', seizureId: 's2', document: courtDoc(COURT_B, '2025-01-10T10:00:00+08:00', 2), respondent: '张建国', from: null, to: null, termMonths: 12 });
  return b;
}

const shape = (items: TimelineItem[]) => items.map((i) => (i.kind === 'entry' ? `${i.entry.seq} ${i.entry.kind}` : `${i.on} ${i.kind} ${i.seizure.seizureId}`));

describe('the register’s timeline: entries and what the law changes without one', () => {
  it('before the period ends shows the entries only, newest first', () => {
    expect(shape(registerTimeline(projectRegister(UNIT, seizedTwice().entries, '2027-03-01')))).toEqual([
      '4 seizure-recorded', '3 seizure-recorded', '2 ownership-registered', '1 unit-established',
    ]);
  });

  it('the day after it ends shows the lapse and the 轮候 taking effect that day (查封规定 第二十六条、第二十七条)', () => {
    expect(shape(registerTimeline(projectRegister(UNIT, seizedTwice().entries, '2027-03-02')))).toEqual([
      '2027-03-02 seizure-took-effect s2', '2027-03-02 seizure-lapsed s1', '4 seizure-recorded', '3 seizure-recorded', '2 ownership-registered', '1 unit-established',
    ]);
  });

  it('after the second period also ends shows both lapses, and a 轮候 moved up by a lift on the lift’s day', () => {
    expect(shape(registerTimeline(projectRegister(UNIT, seizedTwice().entries, '2028-03-03')))).toEqual([
      '2028-03-03 seizure-lapsed s2', '2027-03-02 seizure-took-effect s2', '2027-03-02 seizure-lapsed s1', '4 seizure-recorded', '3 seizure-recorded', '2 ownership-registered', '1 unit-established',
    ]);
    const lifted = seizedTwice();
    record(lifted, { act: 'lift', seizureId: 's1', document: courtDoc(COURT_A, '2026-06-01T09:30:00+08:00', 9), reason: '债务已经清偿' });
    expect(shape(registerTimeline(projectRegister(UNIT, lifted.entries, '2026-06-01'))).slice(0, 3)).toEqual([
      '5 seizure-lifted', '2026-06-01 seizure-took-effect s2', '4 seizure-recorded',
    ]);
  });
});
