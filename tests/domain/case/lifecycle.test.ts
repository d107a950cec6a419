import { describe, expect, it } from 'vitest';
import { type CaseEventBody } from '#domain/case/events.ts';
import { type Actor, decide, projectCase, REFUSAL_TEXT, stageEnteredAt } from '#domain/case/lifecycle.ts';
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

  it('takes a withdrawal only with a reason of at least two characters, from the van or the office alike', () => {
    const open = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }]));
    for (const reason of ['', ' ', '撤', ' 撤 ']) {
      expect(decide(open, { kind: 'withdrawn', payload: { reason } }, clerk)).toEqual({ ok: false, error: 'withdrawal-reason-required' });
      expect(decide(open, { kind: 'withdrawn', payload: { reason } }, approver)).toEqual({ ok: false, error: 'withdrawal-reason-required' });
    }
    expect(decide(open, { kind: 'withdrawn', payload: { reason: '不卖' } }, clerk).ok).toBe(true);
    expect(REFUSAL_TEXT['withdrawal-reason-required']).toBe('撤回须写明申请人撤回的原因（至少 2 个字）');
  });

  it('pauses the clock while corrections asked for in review are awaited, and resumes it when they come', () => {
    const events = chain('van-1', 'c1', [
      { body: accepted, actor: 'clerk-1' },
      { body: { kind: 'returned-for-correction', payload: { level: 1, missing: [{ key: 'tax-receipt', name: '完税凭证' }], opinion: '缺完税凭证' } }, actor: 'rev-a' },
      { body: { kind: 'materials-received', payload: { materials: [], complete: true } }, actor: 'clerk-1' },
    ]);
    const p = projectCase('c1', events);
    expect(p.stage).toBe('accepted');
    expect(p.clockStartedAt).toBe(events[0]!.at);
    expect(p.pauses).toEqual([{ cause: 'correction', from: events[1]!.at, to: events[2]!.at }]);
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

  it('clears a flag once its cause is gone (解封), with a reason, so the case can be registered', () => {
    const events = chain('van-1', 'c1', [
      { body: accepted, actor: 'clerk-1' }, { body: pass(1), actor: 'rev-a' }, { body: pass(2), actor: 'rev-b' }, { body: pass(3), actor: 'app-c' },
      { body: { kind: 'flagged', payload: { code: 'seized-after-acceptance', message: '受理后该单元被法院查封' } }, actor: 'app-c' },
    ]);
    const flagged = projectCase('c1', events);
    const clear: CaseEventBody = { kind: 'flag-cleared', payload: { code: 'seized-after-acceptance', reason: '人民法院已解除查封（协助执行通知书）' } };
    expect(decide(flagged, { ...clear, payload: { ...clear.payload, reason: '' } }, approver)).toEqual({ ok: false, error: 'reason-required' });
    expect(decide(flagged, clear, reviewerA)).toEqual({ ok: false, error: 'wrong-role' });
    expect(decide(flagged, { kind: 'flag-cleared', payload: { code: 'other', reason: '误标' } }, approver)).toEqual({ ok: false, error: 'not-flagged' });
    expect(decide(flagged, clear, approver).ok).toBe(true);
    const cleared = projectCase('c1', [...events, ...chain('office', 'c1', [{ body: clear, actor: 'app-c' }], Date.parse('2026-11-24T01:00:00Z'))]);
    expect(cleared.flags).toEqual([]);
    expect(decide(cleared, { kind: 'registered', payload: { unitStatusCheckedAt: '2026-11-24T02:00:00Z' } }, approver).ok).toBe(true);
  });
});

describe('the reasons the office and the van write, at their length (domain/reasons.ts): a keystroke is no reason', () => {
  const charged: CaseEventBody = { kind: 'fee-charged', payload: { receiptCode: '23010126', receiptNumber: '0000000001', payer: '王淑兰', items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }], totalFen: 8000, method: 'cash', rules: 'gb-2016-2559@2' } };
  const at = (bodies: { body: CaseEventBody; actor: string }[]) => projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, ...bodies]));

  it('暂停 in at least four characters, said as its own refusal', () => {
    const open = at([]);
    for (const reason of ['', '等', '等文书', '等文书 ']) expect(decide(open, { kind: 'suspended', payload: { reason } }, approver)).toEqual({ ok: false, error: 'suspension-reason-required' });
    expect(decide(open, { kind: 'suspended', payload: { reason: '等待法院文书' } }, approver).ok).toBe(true);
    expect(REFUSAL_TEXT['suspension-reason-required']).toContain('至少 4 个字');
  });

  it('作废, 退费 and 解除异常标记 in at least two, 初审’s opinion too (同意 says it)', () => {
    const paid = at([{ body: charged, actor: 'clerk-1' }]);
    expect(decide(paid, { kind: 'receipt-voided', payload: { receiptNumber: '0000000001', reason: '错' } }, clerk)).toEqual({ ok: false, error: 'reason-required' });
    expect(decide(paid, { kind: 'receipt-voided', payload: { receiptNumber: '0000000001', reason: '打错' } }, clerk).ok).toBe(true);
    const withdrawn = at([{ body: charged, actor: 'clerk-1' }, { body: { kind: 'withdrawn', payload: { reason: '不卖' } }, actor: 'clerk-1' }]);
    const refund = (reason: string): CaseEventBody => ({ kind: 'fee-refunded', payload: { receiptNumber: '0000000001', refundNumber: 'TF0000000001', amountFen: 8000, method: 'cash', reason, ground: 'withdrawn' } });
    expect(decide(withdrawn, refund('退'), clerk)).toEqual({ ok: false, error: 'reason-required' });
    expect(decide(withdrawn, refund('撤回'), clerk).ok).toBe(true);
    const flagged = at([{ body: { kind: 'flagged', payload: { code: 'other', message: '待核实' } }, actor: 'app-c' }]);
    expect(decide(flagged, { kind: 'flag-cleared', payload: { code: 'other', reason: '无' } }, approver)).toEqual({ ok: false, error: 'reason-required' });
    expect(decide(flagged, { kind: 'flag-cleared', payload: { code: 'other', reason: '已核' } }, approver).ok).toBe(true);
    const opinion = (text: string): CaseEventBody => ({ kind: 'review-passed', payload: { level: 1, opinion: text } });
    expect(decide(at([]), opinion('同'), reviewerA)).toEqual({ ok: false, error: 'opinion-required' });
    expect(decide(at([]), opinion('同意'), reviewerA).ok).toBe(true);
    expect(REFUSAL_TEXT['reason-required']).toContain('至少 2 个字');
  });
});

describe('refunds after 撤回 (条例 第十五条) or 不予登记 (条例 第二十二条)', () => {
  const charged: CaseEventBody = { kind: 'fee-charged', payload: { receiptCode: '23010126', receiptNumber: '0000000001', payer: '王淑兰', items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }], totalFen: 8000, method: 'cash', rules: 'gb-2016-2559@2' } };
  const refund = (over: Partial<Extract<CaseEventBody, { kind: 'fee-refunded' }>['payload']> = {}): CaseEventBody => ({
    kind: 'fee-refunded', payload: { receiptNumber: '0000000001', refundNumber: 'TF0000000001', amountFen: 8000, method: 'cash', reason: '申请人撤回申请', ground: 'withdrawn', ...over },
  });
  const base = [{ body: accepted, actor: 'clerk-1' }, { body: charged, actor: 'clerk-1' }];

  it('refuses a refund while the case is still going to be registered', () => {
    expect(decide(projectCase('c1', chain('van-1', 'c1', base)), refund(), clerk)).toEqual({ ok: false, error: 'refund-not-due' });
  });

  it('refunds the whole receipt once after a withdrawal, and records it on the receipt', () => {
    const withdrawn = chain('van-1', 'c1', [...base, { body: { kind: 'withdrawn', payload: { reason: '申请人书面申请撤回' } }, actor: 'clerk-1' }]);
    const p = projectCase('c1', withdrawn);
    expect(decide(p, refund({ amountFen: 4000 }), clerk)).toEqual({ ok: false, error: 'refund-amount' });
    expect(decide(p, refund({ ground: 'registration-refused' }), clerk)).toEqual({ ok: false, error: 'refund-not-due' });
    expect(decide(p, refund({ receiptNumber: '0000000009' }), clerk)).toEqual({ ok: false, error: 'unknown-receipt' });
    expect(decide(p, refund(), reviewerA)).toEqual({ ok: false, error: 'wrong-role' });
    expect(decide(p, refund(), clerk).ok).toBe(true);
    const refunded = projectCase('c1', chain('van-1', 'c1', [...base, { body: { kind: 'withdrawn', payload: { reason: '申请人书面申请撤回' } }, actor: 'clerk-1' }, { body: refund(), actor: 'clerk-1' }]));
    expect(refunded.receipts[0]?.refund).toMatchObject({ refundNumber: 'TF0000000001', amountFen: 8000, method: 'cash' });
    expect(decide(refunded, refund(), clerk)).toEqual({ ok: false, error: 'already-refunded' });
  });

  it('lets finance refund after 不予登记, never a voided receipt', () => {
    const refused = chain('van-1', 'c1', [...base, { body: { kind: 'registration-refused', payload: { reason: '存在尚未解决的权属争议' } }, actor: 'rev-a' }]);
    const finance: Actor = { staffId: 'fin', roles: ['finance'] };
    expect(decide(projectCase('c1', refused), refund({ ground: 'registration-refused' }), finance).ok).toBe(true);
    const voided = chain('van-1', 'c1', [...base, { body: { kind: 'receipt-voided', payload: { receiptNumber: '0000000001', reason: '打错' } }, actor: 'clerk-1' }, { body: { kind: 'registration-refused', payload: { reason: '权属争议' } }, actor: 'rev-a' }]);
    expect(decide(projectCase('c1', voided), refund({ ground: 'registration-refused' }), finance)).toEqual({ ok: false, error: 'receipt-voided' });
  });
});

describe('公告 before 登簿 (实施细则 第十七条)', () => {
  it('is started by the approver after 审批 and must end before 登簿', () => {
    const approved = chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: pass(1), actor: 'rev-a' }, { body: pass(2), actor: 'rev-b' }, { body: pass(3), actor: 'app-c' }]);
    const start: CaseEventBody = { kind: 'publication-started', payload: { reason: '宅基地使用权及房屋所有权首次登记', workingDays: 15 } };
    expect(decide(projectCase('c1', approved.slice(0, 2)), start, approver)).toEqual({ ok: false, error: 'wrong-stage' });
    expect(decide(projectCase('c1', approved), start, approver).ok).toBe(true);
    const during = projectCase('c1', [...approved, ...chain('office', 'c1', [{ body: start, actor: 'app-c' }], Date.parse('2026-11-24T01:00:00Z'))]);
    expect(decide(during, { kind: 'registered', payload: { unitStatusCheckedAt: '2026-11-25T00:00:00Z' } }, approver)).toEqual({ ok: false, error: 'wrong-stage' });
    expect(decide(during, { kind: 'publication-ended', payload: { objections: false } }, approver).ok).toBe(true);
  });

  it('needs its purpose in at least four characters: a stroke is no 公告事由', () => {
    const approved = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: pass(1), actor: 'rev-a' }, { body: pass(2), actor: 'rev-b' }, { body: pass(3), actor: 'app-c' }]));
    for (const reason of ['', '。', '公告', '首次登 ']) {
      expect(decide(approved, { kind: 'publication-started', payload: { reason, workingDays: 15 } }, approver)).toEqual({ ok: false, error: 'publication-reason-required' });
    }
    expect(decide(approved, { kind: 'publication-started', payload: { reason: '首次登记', workingDays: 15 } }, approver).ok).toBe(true);
    expect(REFUSAL_TEXT['publication-reason-required']).toContain('至少 4 个字');
  });
});

describe('when a case came to its stage', () => {
  it('is the time of the last event that moved it, not of later events that left the stage as it was', () => {
    const events = chain('van-1', 'c1', [
      { body: accepted, actor: 'clerk-1' }, { body: pass(1), actor: 'rev-a' }, { body: pass(2), actor: 'rev-b' }, { body: pass(3), actor: 'app-c' },
      { body: { kind: 'flagged', payload: { code: 'other', message: '待核实' } }, actor: 'app-c' },
    ]);
    expect(projectCase('c1', events).stage).toBe('approved');
    expect(stageEnteredAt('c1', events)).toBe(events[3]!.at);
    expect(stageEnteredAt('c1', [])).toBeNull();
  });
});

describe('records made on site', () => {
  it('takes an interview record and an inspection record from the van clerk while the case is open', () => {
    const p = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }]));
    const interview: CaseEventBody = { kind: 'interview-recorded', payload: { interviewee: '王淑兰', answers: [{ question: '申请登记事项是否为您的真实意思表示？', answer: '是' }], signatureScanId: 'a'.repeat(64) } };
    expect(decide(p, interview, clerk).ok).toBe(true);
    expect(decide(p, interview, reviewerA)).toEqual({ ok: false, error: 'wrong-role' });
    const refused = projectCase('c1', chain('van-1', 'c1', [{ body: { kind: 'intake-refused', payload: { reason: '该不动产已被依法查封', ground: 'seized' } }, actor: 'clerk-1' }]));
    expect(refused.stage).toBe('intake-refused');
    expect(decide(refused, interview, clerk)).toEqual({ ok: false, error: 'case-closed' });
  });
});
