import { describe, expect, it } from 'vitest';
import { type CaseEventBody, caseEventLabel } from '#domain/case/events.ts';
import { type Actor, decide, projectCase, REFUSAL_TEXT } from '#domain/case/lifecycle.ts';
import { chain, intake } from './events-fixture.ts';

/** Someone who works on the van and reviews at the office (both roles on one account). */
const both: Actor = { staffId: 'li-both', roles: ['van-clerk', 'reviewer'] };
const reviewer: Actor = { staffId: 'rev-a', roles: ['reviewer'] };
const accepted: CaseEventBody = { kind: 'accepted', payload: intake };
const fee: CaseEventBody = {
  kind: 'fee-charged',
  payload: { receiptCode: 'JMS2026-', receiptNumber: 'JMS2026-001001', payer: '王淑兰', items: [{ name: '登记费（住宅）', amountFen: 8000 }], totalFen: 8000, method: 'cash', rules: 'gb-2016-2559@1' },
};
const pass = (level: 1 | 2 | 3, opinion = '材料齐全，同意'): CaseEventBody => ({ kind: 'review-passed', payload: { level, opinion } });
const returned: Extract<CaseEventBody, { kind: 'returned-for-correction' }> = { kind: 'returned-for-correction', payload: { level: 1, missing: [{ key: 'tax-proof', name: '完税凭证' }], opinion: '缺完税凭证' } };
const refused: CaseEventBody = { kind: 'registration-refused', payload: { reason: '权属不清' } };

describe('nobody reviews a case they accepted', () => {
  it('refuses every review decision to the clerk who took the intake', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: both.staffId }]));
    expect(p.intakeBy).toEqual(['li-both']);
    for (const body of [pass(1), returned, refused]) expect(decide(p, body, both)).toEqual({ ok: false, error: 'own-intake' });
    for (const body of [pass(1), returned, refused]) expect(decide(p, body, reviewer).ok).toBe(true);
  });

  it('refuses them to whoever collected the fee, even when another clerk took the intake', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: fee, actor: both.staffId }]));
    expect(p.intakeBy).toEqual(['clerk-1', 'li-both']);
    expect(decide(p, pass(1), both)).toEqual({ ok: false, error: 'own-intake' });
  });

  it('refuses them to whoever gave the one-time 补正 notice, once the case is in review', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [
      { body: { kind: 'correction-notified', payload: { missing: [{ key: 'tax-proof', name: '完税凭证', problem: 'missing' }], intake } }, actor: both.staffId },
      { body: { kind: 'materials-received', payload: { materials: [], complete: true } }, actor: 'clerk-1' },
    ]));
    expect(p.stage).toBe('accepted');
    expect(decide(p, pass(1), both)).toEqual({ ok: false, error: 'own-intake' });
  });

  it('still lets the intake clerk withdraw the case at the applicant\'s request', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: both.staffId }]));
    expect(decide(p, { kind: 'withdrawn', payload: { reason: '申请人书面申请撤回' } }, both).ok).toBe(true);
  });
});

describe('a return or a refusal is the level\'s own decision', () => {
  const passedOnce = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: pass(1), actor: 'rev-a' }]));
  const returnedAt2: CaseEventBody = { kind: 'returned-for-correction', payload: { level: 2, missing: [{ key: 'tax-proof', name: '完税凭证' }], opinion: '复审发现缺完税凭证' } };

  it('refuses them at 复审 to whoever passed 初审, as it refuses their 复审通过', () => {
    for (const body of [pass(2), returnedAt2, refused]) expect(decide(passedOnce, body, reviewer)).toEqual({ ok: false, error: 'same-reviewer' });
    for (const body of [pass(2), returnedAt2, refused]) expect(decide(passedOnce, body, { staffId: 'rev-b', roles: ['reviewer'] }).ok).toBe(true);
  });

  it('refuses them at 审批 to a reviewer: 审批 is the approver\'s', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: pass(1), actor: 'rev-a' }, { body: pass(2), actor: 'rev-b' }]));
    const returnedAt3: CaseEventBody = { kind: 'returned-for-correction', payload: { level: 3, missing: [{ key: 'ownership-proof', name: '权属来源证明' }], opinion: '审批发现权属证明不清' } };
    const third: Actor = { staffId: 'rev-c', roles: ['reviewer'] };
    for (const body of [pass(3), returnedAt3, refused]) expect(decide(p, body, third)).toEqual({ ok: false, error: 'wrong-role' });
    for (const body of [pass(3), returnedAt3, refused]) expect(decide(p, body, { staffId: 'appr-a', roles: ['approver'] }).ok).toBe(true);
  });
});

describe('a decision against the applicant says why', () => {
  it('refuses 不予登记 or 退回补正 whose reason is a stroke or a full stop, and takes one that says something', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }]));
    for (const reason of ['', '。', '无', ' 不行 ']) {
      expect(decide(p, { kind: 'registration-refused', payload: { reason } }, reviewer)).toEqual({ ok: false, error: 'decision-reason-required' });
      expect(decide(p, { ...returned, payload: { ...returned.payload, opinion: reason } }, reviewer)).toEqual({ ok: false, error: 'decision-reason-required' });
    }
    expect(decide(p, refused, reviewer).ok).toBe(true);
    expect(decide(p, returned, reviewer).ok).toBe(true);
  });

  it('refuses a 退回补正 that names no material: its written notice would ask the applicant for nothing', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }]));
    for (const missing of [[], [{ key: 'tax-proof', name: ' ' }]]) {
      expect(decide(p, { ...returned, payload: { ...returned.payload, missing } }, reviewer)).toEqual({ ok: false, error: 'correction-items-required' });
    }
    expect(REFUSAL_TEXT['correction-items-required']).toContain('至少一项');
  });
});

describe('初审 records its opinion', () => {
  it('refuses a 初审 without an opinion, and takes one with', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }]));
    expect(decide(p, pass(1, ''), reviewer)).toEqual({ ok: false, error: 'opinion-required' });
    expect(decide(p, pass(1, '   '), reviewer)).toEqual({ ok: false, error: 'opinion-required' });
    expect(decide(p, pass(1), reviewer).ok).toBe(true);
  });

  it('lets 复审 and 审批 agree without writing more', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: pass(1), actor: 'rev-a' }]));
    expect(decide(p, pass(2, ''), { staffId: 'rev-b', roles: ['reviewer'] }).ok).toBe(true);
  });
});

describe('review events as staff read them', () => {
  it('names the level: 初审通过, 复审通过, 审批通过, 初审退回补正', () => {
    expect([1, 2, 3].map((level) => caseEventLabel({ kind: 'review-passed', payload: { level } }))).toEqual(['初审通过', '复审通过', '审批通过']);
    expect(caseEventLabel({ kind: 'returned-for-correction', payload: returned.payload })).toBe('初审退回补正');
    expect(caseEventLabel({ kind: 'accepted', payload: intake })).toBe('受理');
    expect(caseEventLabel({ kind: 'something-new' })).toBe('something-new');
  });
});
