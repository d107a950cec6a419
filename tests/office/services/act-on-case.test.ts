import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfficeContext } from '#server/context.ts';
import { parsedReads } from '#server/office/office-data.ts';
import { officeRecords } from '#server/office/records.ts';
import { actOnCase, type ActionOutcome } from '#server/office/review-service.ts';
import { type Staff } from '#server/office/session.ts';
import { todayInOffice } from '#server/office/today.ts';
import { startOfficeWithPages, type Office } from '../harness.ts';
import { freeUnit, Van, type VanCase } from '../scenario.ts';

/**
 * The review action as a service, called directly on the run's backend (SQLite, then PostgreSQL). A second
 * office server is a second context on the same database (what one process held in memory, it does not
 * share): a case is decided on under the database's office chain lock either way.
 */
let office: Office;
let cases: VanCase[];
const wangfang: Staff = { id: 'staff-wangfang', name: '王芳', roles: ['reviewer'], csrf: '' };
const liuyang: Staff = { id: 'staff-liuyang', name: '刘洋', roles: ['reviewer'], csrf: '' };
const REASON = '材料齐全，符合登记条件';
const AHEAD = '申请人急需办理，已核对材料';

const records = () => officeRecords(office.storage.db);
const act = (ctx: OfficeContext, staff: Staff, caseId: string, extra: { action?: 'pass' | 'return-for-correction'; reason?: string; outOfOrderReason?: string } = {}): Promise<ActionOutcome> =>
  actOnCase(ctx, records(), staff, { caseId, action: extra.action ?? 'pass', reason: extra.reason ?? REASON, outOfOrderReason: extra.outOfOrderReason ?? '', today: todayInOffice(ctx.clock) });
const officeChain = async () => (await parsedReads(office.storage.db).officeAuthored('caseEvents')).sort((a, b) => a.seq - b.seq);
const eventsOf = async (caseId: string) => (await parsedReads(office.storage.db).ofCase('caseEvents', caseId)).map((e) => e.kind);

beforeAll(async () => {
  office = await startOfficeWithPages();
  const van = await Van.enroll(office);
  cases = [];
  for (let n = 1; n <= 6; n++) cases.push(await van.acceptCase(n, await freeUnit(office, n - 1)));
});

afterAll(async () => {
  await office.close();
});

describe('actOnCase', () => {
  it('refuses taking a case ahead of older ones without a reason, writing nothing', async () => {
    const before = await officeChain();
    const out = await act(office.app.office, wangfang, cases[1]!.caseId);
    expect(out).toMatchObject({ ok: false, code: 'out-of-order-reason-required', olderCaseIds: [cases[0]!.caseId] });
    expect(await officeChain()).toEqual(before);
    expect(await records().listQueueSkips(cases[1]!.caseId)).toEqual([]);
  });

  it('refuses 退回补正 without its reason, writing nothing', async () => {
    const out = await act(office.app.office, wangfang, cases[0]!.caseId, { action: 'return-for-correction', reason: '' });
    expect(out).toMatchObject({ ok: false, code: 'reason-required' });
    expect(await eventsOf(cases[0]!.caseId)).toEqual(['accepted', 'fee-charged']);
  });

  it('passes the oldest case at 初审 as the first link of the office chain', async () => {
    const out = await act(office.app.office, wangfang, cases[0]!.caseId);
    expect(out).toMatchObject({ ok: true, event: { kind: 'review-passed', caseId: cases[0]!.caseId, deviceId: 'office', seq: 1, prevHash: null, actor: 'staff-wangfang' } });
    expect(await eventsOf(cases[0]!.caseId)).toEqual(['accepted', 'fee-charged', 'review-passed']);
  });

  it('records a case taken ahead with its reason and the cases it passed, in the same transaction as its event', async () => {
    const out = await act(office.app.office, wangfang, cases[2]!.caseId, { outOfOrderReason: AHEAD });
    expect(out.ok).toBe(true);
    expect(await records().listQueueSkips(cases[2]!.caseId)).toMatchObject([{ level: 1, staffId: 'staff-wangfang', reason: AHEAD, skippedIds: [cases[1]!.caseId] }]);
  });

  it('takes one of two clicks of the same person on two servers at once: the other sees the pass and is refused 复审 by the same person', async () => {
    // With a reason to go ahead, so the one that comes second meets only the rule of three different people.
    const click = (ctx: OfficeContext) => act(ctx, liuyang, cases[1]!.caseId, { outOfOrderReason: AHEAD });
    const [a, b] = await Promise.all([click(office.app.office), click({ ...office.app.office })]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((o) => !o.ok)).toMatchObject({ ok: false, code: 'refused' });
    expect(await eventsOf(cases[1]!.caseId)).toEqual(['accepted', 'fee-charged', 'review-passed']);
  });

  it('keeps one unforked office chain when two servers act on different cases at once', async () => {
    const servers = [office.app.office, { ...office.app.office }];
    const outs = await Promise.all(cases.slice(3).map((c, i) => act(servers[i % 2]!, wangfang, c.caseId, { outOfOrderReason: AHEAD })));
    expect(outs.map((o) => o.ok)).toEqual([true, true, true]);
    const chain = await officeChain();
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    chain.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? null : chain[i - 1]!.hash));
  });
});
