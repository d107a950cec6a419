import { describe, expect, it } from 'vitest';
import { type CourtAct, decideCourtAct, seizuresOn } from '#domain/register/seizures.ts';
import { RegisterBuilder, courtDoc } from './register-fixture.ts';

const COURT_A = '佳木斯市向阳区人民法院';
const COURT_B = '佳木斯市中级人民法院';
const COURT_C = '哈尔滨市道里区人民法院';

/** Decides an act against the builder's entries and, when allowed, records it at its delivery time. */
function record(b: RegisterBuilder, act: CourtAct) {
  const decided = decideCourtAct(b.entries, act, act.document.deliveredAt);
  if (!decided.ok) throw new Error(`refused: ${decided.error}`);
  b.add(decided.value.body, act.document.deliveredAt, { kind: 'court', court: act.document.court, noticeNumber: act.document.noticeNumber });
  return decided.value;
}

const seize = (id: string, court: string, at: string, period: { from?: string; to?: string; termMonths?: number }): CourtAct => ({
  act: 'seize', seizureId: id, document: courtDoc(court, at, Number(id.slice(1))), respondent: '张建国',
  from: period.from ?? null, to: period.to ?? null, termMonths: period.termMonths ?? null,
});

function seizedThreeTimes(): RegisterBuilder {
  const b = new RegisterBuilder().established();
  record(b, seize('s1', COURT_A, '2026-03-02T10:00:00+08:00', { from: '2026-03-02', to: '2029-03-01' }));
  record(b, seize('s2', COURT_B, '2026-04-10T15:30:00+08:00', { termMonths: 36 }));
  record(b, seize('s3', COURT_C, '2026-05-20T09:00:00+08:00', { termMonths: 24 }));
  return b;
}

describe('查封 and 轮候查封 in delivery order (实施细则 第九十一条)', () => {
  it('makes the first delivered seizure effective and queues later ones as 轮候 in order', () => {
    const s = seizuresOn(seizedThreeTimes().entries, '2026-06-01');
    expect(s.effective).toMatchObject({ seizureId: 's1', standing: 'effective', rank: 1, from: '2026-03-02', to: '2029-03-01' });
    expect(s.waiting.map((w) => [w.seizureId, w.rank, w.standing, w.from])).toEqual([['s2', 2, 'waiting', null], ['s3', 3, 'waiting', null]]);
  });

  it('tells at recording time whether a seizure is 查封 or the nth 轮候查封', () => {
    const b = new RegisterBuilder().established();
    expect(record(b, seize('s1', COURT_A, '2026-03-02T10:00:00+08:00', { from: '2026-03-02', to: '2027-03-01' }))).toMatchObject({ standing: 'effective', rank: 1 });
    expect(record(b, seize('s2', COURT_B, '2026-03-03T10:00:00+08:00', { termMonths: 12 }))).toMatchObject({ standing: 'waiting', rank: 2 });
  });

  it('asks for the dates of a first seizure and for the term of a 轮候查封', () => {
    const fresh = new RegisterBuilder().established();
    expect(decideCourtAct(fresh.entries, seize('s1', COURT_A, '2026-03-02T10:00:00+08:00', { termMonths: 12 }), '2026-03-02T12:00:00+08:00')).toEqual({ ok: false, error: 'period-missing' });
    const seized = seizedThreeTimes();
    expect(decideCourtAct(seized.entries, seize('s4', COURT_A, '2026-06-01T10:00:00+08:00', { from: '2026-06-01', to: '2027-06-01' }), '2026-06-01T12:00:00+08:00')).toEqual({ ok: false, error: 'term-missing' });
  });

  it('refuses a notice delivered before one already recorded, or in the future', () => {
    const b = seizedThreeTimes();
    expect(decideCourtAct(b.entries, seize('s4', COURT_A, '2026-05-01T10:00:00+08:00', { termMonths: 12 }), '2026-06-01T10:00:00+08:00').ok).toBe(false);
    expect(decideCourtAct(b.entries, seize('s4', COURT_A, '2026-05-01T10:00:00+08:00', { termMonths: 12 }), '2026-06-01T10:00:00+08:00')).toEqual({ ok: false, error: 'delivered-out-of-order' });
    expect(decideCourtAct(b.entries, seize('s4', COURT_A, '2026-07-01T10:00:00+08:00', { termMonths: 12 }), '2026-06-01T10:00:00+08:00')).toEqual({ ok: false, error: 'delivered-in-future' });
  });
});

describe('解封: the first 轮候 takes effect by itself (查封规定 第二十六条)', () => {
  it('moves every 轮候 up one place and starts the new seizure’s period on the lift’s delivery day', () => {
    const b = seizedThreeTimes();
    record(b, { act: 'lift', seizureId: 's1', document: courtDoc(COURT_A, '2026-08-15T11:00:00+08:00', 9), reason: '债务已经清偿' });
    const s = seizuresOn(b.entries, '2026-08-15');
    expect(s.effective).toMatchObject({ seizureId: 's2', rank: 1, from: '2026-08-15', to: '2029-08-15' });
    expect(s.waiting.map((w) => [w.seizureId, w.rank])).toEqual([['s3', 2]]);
    expect(s.ended.map((e) => [e.seizureId, e.standing, e.endedOn, e.lift?.reason, e.lift?.recordedBy])).toEqual([['s1', 'lifted', '2026-08-15', '债务已经清偿', 'staff-test']]);
  });

  it('takes a lifted 轮候 out of the queue without touching the seizure in effect', () => {
    const b = seizedThreeTimes();
    record(b, { act: 'lift', seizureId: 's2', document: courtDoc(COURT_B, '2026-07-01T11:00:00+08:00', 9), reason: '申请执行人撤回执行申请' });
    const s = seizuresOn(b.entries, '2026-07-02');
    expect(s.effective?.seizureId).toBe('s1');
    expect(s.waiting.map((w) => [w.seizureId, w.rank])).toEqual([['s3', 2]]);
  });

  it('needs a reason, and refuses a seizure already lifted', () => {
    const b = seizedThreeTimes();
    expect(decideCourtAct(b.entries, { act: 'lift', seizureId: 's1', document: courtDoc(COURT_A, '2026-08-15T11:00:00+08:00'), reason: ' ' }, '2026-08-16T00:00:00+08:00')).toEqual({ ok: false, error: 'reason-required' });
    record(b, { act: 'lift', seizureId: 's1', document: courtDoc(COURT_A, '2026-08-15T11:00:00+08:00'), reason: '债务已经清偿' });
    expect(decideCourtAct(b.entries, { act: 'lift', seizureId: 's1', document: courtDoc(COURT_A, '2026-08-16T11:00:00+08:00'), reason: '再次' }, '2026-08-17T00:00:00+08:00')).toEqual({ ok: false, error: 'already-ended' });
    expect(decideCourtAct(b.entries, { act: 'lift', seizureId: 'nope', document: courtDoc(COURT_A, '2026-08-16T11:00:00+08:00'), reason: '再次' }, '2026-08-17T00:00:00+08:00')).toEqual({ ok: false, error: 'unknown-seizure' });
  });
});

describe('a seizure lapses when its period ends without 续封 (查封规定 第二十七条; 实施细则 第九十二条)', () => {
  const lapsing = () => {
    const b = new RegisterBuilder().established();
    record(b, seize('s1', COURT_A, '2024-03-01T10:00:00+08:00', { from: '2024-03-01', to: '2027-03-01' }));
    record(b, seize('s2', COURT_B, '2025-01-10T10:00:00+08:00', { termMonths: 12 }));
    return b;
  };

  it.each([
    ['2026-12-31', 's1', '2027-03-01'],
    ['2027-03-01', 's1', '2027-03-01'],
    ['2027-03-02', 's2', '2028-03-02'],
    ['2028-03-02', 's2', '2028-03-02'],
  ])('on %s the seizure in effect is %s until %s', (day, id, to) => {
    expect(seizuresOn(lapsing().entries, day).effective).toMatchObject({ seizureId: id, to });
  });

  it('leaves the unit free the day after the last period ends', () => {
    const s = seizuresOn(lapsing().entries, '2028-03-03');
    expect(s.effective).toBeNull();
    expect(s.ended.map((e) => [e.seizureId, e.standing, e.endedOn])).toEqual([['s1', 'lapsed', '2027-03-02'], ['s2', 'lapsed', '2028-03-03']]);
  });

  it('refuses a 续封 or a 解封 that arrives after the period ended', () => {
    const b = lapsing();
    const late = courtDoc(COURT_A, '2027-03-02T09:00:00+08:00', 5);
    expect(decideCourtAct(b.entries, { act: 'renew', seizureId: 's1', document: late, to: '2030-03-01' }, '2027-03-02T10:00:00+08:00')).toEqual({ ok: false, error: 'lapsed' });
    expect(decideCourtAct(b.entries, { act: 'lift', seizureId: 's1', document: late, reason: '清偿' }, '2027-03-02T10:00:00+08:00')).toEqual({ ok: false, error: 'lapsed' });
  });
});

describe('periods: three years at most, each 续封 too (民诉法解释 第四百八十五条)', () => {
  it('accepts a period ending on the corresponding day three years on and refuses one day more', () => {
    const b = new RegisterBuilder().established();
    const at = '2026-03-02T10:00:00+08:00';
    expect(decideCourtAct(b.entries, seize('s1', COURT_A, at, { from: '2026-03-02', to: '2029-03-02' }), at).ok).toBe(true);
    expect(decideCourtAct(b.entries, seize('s1', COURT_A, at, { from: '2026-03-02', to: '2029-03-03' }), at)).toEqual({ ok: false, error: 'period-too-long' });
    expect(decideCourtAct(b.entries, seize('s1', COURT_A, at, { from: '2026-03-02', to: '2026-03-01' }), at)).toEqual({ ok: false, error: 'period-invalid' });
  });

  it('extends the period by a 续封 delivered in time, up to three more years', () => {
    const b = new RegisterBuilder().established();
    record(b, seize('s1', COURT_A, '2026-03-02T10:00:00+08:00', { from: '2026-03-02', to: '2027-03-01' }));
    const renewal = courtDoc(COURT_A, '2027-02-20T10:00:00+08:00', 2);
    expect(decideCourtAct(b.entries, { act: 'renew', seizureId: 's1', document: renewal, to: '2030-03-02' }, renewal.deliveredAt)).toEqual({ ok: false, error: 'period-too-long' });
    expect(decideCourtAct(b.entries, { act: 'renew', seizureId: 's1', document: renewal, to: '2027-03-01' }, renewal.deliveredAt)).toEqual({ ok: false, error: 'renewal-not-later' });
    record(b, { act: 'renew', seizureId: 's1', document: renewal, to: '2030-03-01' });
    expect(seizuresOn(b.entries, '2029-12-31').effective).toMatchObject({ seizureId: 's1', to: '2030-03-01', renewals: [{ to: '2030-03-01' }] });
  });

  it('refuses to renew a 轮候查封 that has not taken effect', () => {
    const b = seizedThreeTimes();
    const doc = courtDoc(COURT_B, '2026-07-01T10:00:00+08:00', 7);
    expect(decideCourtAct(b.entries, { act: 'renew', seizureId: 's2', document: doc, to: '2030-01-01' }, doc.deliveredAt)).toEqual({ ok: false, error: 'not-effective' });
  });

  it('refuses a 轮候 term over 36 months', () => {
    const b = seizedThreeTimes();
    expect(decideCourtAct(b.entries, seize('s4', COURT_A, '2026-06-01T10:00:00+08:00', { termMonths: 37 }), '2026-06-01T12:00:00+08:00')).toEqual({ ok: false, error: 'period-too-long' });
  });
});
