import { describe, expect, it } from 'vitest';
import { type CaseEventBody } from '#domain/case/events.ts';
import { type Actor, decide, projectCase } from '#domain/case/lifecycle.ts';
import { chain, intake } from './events-fixture.ts';

const clerk: Actor = { staffId: 'clerk-1', roles: ['van-clerk'] };
const reviewerA: Actor = { staffId: 'rev-a', roles: ['reviewer'] };
const reviewerB: Actor = { staffId: 'rev-b', roles: ['reviewer'] };
const approver: Actor = { staffId: 'app-c', roles: ['approver'] };
const accepted: CaseEventBody = { kind: 'accepted', payload: intake };
const pass = (level: 1 | 2 | 3): CaseEventBody => ({ kind: 'review-passed', payload: { level, opinion: '材料齐全，同意' } });

describe('the case life cycle', () => {
  it('moves an accepted case through 初审, 复审 and 审批 by three different people', () => {
    const events = chain('van-1', 'c1', [{ body: accepted, actor: clerk.staffId }, { body: pass(1), actor: 'rev-a' }, { body: pass(2), actor: 'rev-b' }, { body: pass(3), actor: 'app-c' }]);
    const p = projectCase('c1', events);
    expect(p.stage).toBe('approved');
    expect(p.reviewers.map((r) => r.staffId)).toEqual(['rev-a', 'rev-b', 'app-c']);
  });

  it('refuses the same person at two review levels of one case', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: pass(1), actor: 'rev-a' }]));
    expect(decide(p, pass(2), reviewerA)).toEqual({ ok: false, error: 'same-reviewer' });
    expect(decide(p, pass(2), reviewerB).ok).toBe(true);
  });

  it('refuses a van clerk recording a review and a reviewer recording 审批', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }]));
    expect(decide(p, pass(1), clerk)).toEqual({ ok: false, error: 'wrong-role' });
    expect(decide(p, pass(3), approver)).toEqual({ ok: false, error: 'wrong-stage' });
  });

  it('allows withdrawal before 登簿 and refuses it after', () => {
    const withdraw: CaseEventBody = { kind: 'withdrawn', payload: { reason: '申请人书面申请撤回' } };
    const before = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }]));
    expect(decide(before, withdraw, clerk).ok).toBe(true);
    const after = projectCase('c1', chain('van-1', 'c1', [
      { body: accepted, actor: 'clerk-1' }, { body: pass(1), actor: 'rev-a' }, { body: pass(2), actor: 'rev-b' }, { body: pass(3), actor: 'app-c' },
      { body: { kind: 'registered', payload: { unitStatusCheckedAt: '2026-11-24T00:00:00Z' } }, actor: 'app-c' },
    ]));
    expect(decide(after, withdraw, approver)).toEqual({ ok: false, error: 'after-registration' });
  });

  it('restarts the clock when the materials of a correction are supplied', () => {
    const events = chain('van-1', 'c1', [
      { body: accepted, actor: 'clerk-1' },
      { body: { kind: 'returned-for-correction', payload: { level: 1, missing: [{ key: 'tax-receipt', name: '完税凭证' }], opinion: '缺完税凭证' } }, actor: 'rev-a' },
      { body: { kind: 'materials-received', payload: { materials: [], complete: true } }, actor: 'clerk-1' },
    ]);
    const p = projectCase('c1', events);
    expect(p.stage).toBe('accepted');
    expect(p.clockStartedAt).toBe(events[2]!.at);
    expect(p.acceptedAt).toBe(events[0]!.at);
  });

  it('refuses 登簿 while a flag such as a seizure found after acceptance is open', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [
      { body: accepted, actor: 'clerk-1' }, { body: pass(1), actor: 'rev-a' }, { body: pass(2), actor: 'rev-b' }, { body: pass(3), actor: 'app-c' },
      { body: { kind: 'flagged', payload: { code: 'seized-after-acceptance', message: '受理后该单元被法院查封' } }, actor: 'app-c' },
    ]));
    expect(decide(p, { kind: 'registered', payload: { unitStatusCheckedAt: '2026-11-24T00:00:00Z' } }, approver)).toEqual({ ok: false, error: 'flagged' });
  });

  it('requires a reason to void a receipt and never voids one twice', () => {
    const charged: CaseEventBody = { kind: 'fee-charged', payload: { receiptCode: '23010126', receiptNumber: '0000000001', payer: '王淑兰', items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }], totalFen: 8000, method: 'cash', rules: 'gb-2016-2559@1' } };
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: charged, actor: 'clerk-1' }]));
    expect(decide(p, { kind: 'receipt-voided', payload: { receiptNumber: '0000000001', reason: ' ' } }, clerk)).toEqual({ ok: false, error: 'reason-required' });
    const voided = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: charged, actor: 'clerk-1' }, { body: { kind: 'receipt-voided', payload: { receiptNumber: '0000000001', reason: '金额有误' } }, actor: 'clerk-1' }]));
    expect(voided.receipts[0]?.voided).toBe(true);
    expect(decide(voided, { kind: 'receipt-voided', payload: { receiptNumber: '0000000001', reason: '再次作废' } }, clerk)).toEqual({ ok: false, error: 'receipt-voided' });
  });
});
