import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { DEMO_TRIP_ID, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { advance, csrfIn, type Device, enroll, getPage, login, pageLogin, postForm, push, sealNext, staffCall } from './attacker-kit.ts';

/**
 * A device whose hash chain breaks (an event linked to a head the office never saw): what it sends after the
 * break is kept as evidence and shown on the case page, but moves no case (queues, case status, public
 * status page) until an approver accepts it there; a rejected one never counts.
 */
let office: Office;
let a1: Device;
let reviewer: string;
let approver: string;
const applicant = { name: '王秀英', idType: 'resident-id' as const, idNumber: '230803195001011234', side: 'holder' as const };
const at = () => new Date(Date.now() - 7200_000).toISOString();
const intake = (n: number): AcceptedPayload => ({
  caseNumber: `JMS-CHAIN-${n}`, queryCode: `Q${200000 + n}`, businessKind: 'transfer', use: 'residential', applicants: [applicant], units: [], materials: [], certificates: 1,
});

async function stored(collection: string, docs: readonly unknown[]): Promise<void> {
  const res = await push(office.url, a1, collection, docs);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function acceptedCase(caseId: string, n: number): Promise<void> {
  await stored('cases', [{ id: caseId, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: a1.deviceId, businessKind: 'transfer', unitIds: [], applicants: [applicant], createdAt: at(), createdBy: 'staff-zhangwei', _deleted: false }]);
  const accepted = sealNext(a1, caseId, { kind: 'accepted', payload: intake(n) });
  await stored('caseEvents', [accepted]);
  advance(a1, accepted);
}

/** A 撤回 sealed onto a head the office never saw: its own hash is right, its link is not. */
async function forgedWithdrawal(caseId: string): Promise<string> {
  const event = sealNext({ ...a1, prev: 'f'.repeat(64) }, caseId, { kind: 'withdrawn', payload: { reason: '申请人撤回' } });
  await stored('caseEvents', [event]);
  advance(a1, event);
  return event.id;
}

const queue1 = async (): Promise<string[]> => ((await staffCall(office.url, reviewer, 'GET', '/office/queues/1')).body['cases'] as { caseId: string }[]).map((c) => c.caseId);
const detail = async (caseId: string) => (await staffCall(office.url, reviewer, 'GET', `/office/cases/${caseId}`)).body as {
  status: { stage: string }; events: { id: string }[]; held: { event: { id: string }; resolution: { decision: string } | null }[];
};
const publicStage = async (n: number): Promise<string> => {
  const res = await fetch(`${office.url}${API_BASE}/public/status?${new URLSearchParams({ caseNo: `JMS-CHAIN-${n}`, code: `Q${200000 + n}` }).toString()}`);
  return String(((await res.json()) as { stage: string }).stage);
};

beforeAll(async () => {
  office = await startOfficeWithPages();
  a1 = await enroll(office.url, await login(office.url, 'admin'), DEMO_VAN_ID, 'A1');
  reviewer = await login(office.url, 'wangfang');
  approver = await login(office.url, 'chenjing');
  await acceptedCase('case-kept', 1);
  await acceptedCase('case-refused', 2);
}, 30_000);
afterAll(async () => {
  await office.close();
});

describe('events on a broken hash chain', () => {
  it('are kept as evidence and flagged, but move no case: queue, case status and public status stay as they were', async () => {
    expect(await queue1()).toEqual(['case-kept', 'case-refused']);
    const withdrawal = await forgedWithdrawal('case-kept');
    await forgedWithdrawal('case-refused');
    expect(await office.storage.chainStatus(a1.deviceId)).toMatchObject({ state: 'broken', verifiedSeq: 2 });

    const d = await detail('case-kept');
    expect(d.events.map((e) => e.id)).toContain(withdrawal);
    expect(d.held.map((h) => [h.event.id, h.resolution])).toEqual([[withdrawal, null]]);
    expect(d.status.stage).toBe('accepted');
    expect(await queue1()).toEqual(['case-kept', 'case-refused']);
    expect(await publicStage(1)).toBe('accepted');

    const cookie = (await pageLogin(office.url, 'wangfang')).cookie;
    const shown = await getPage(office.url, '/office/cases/case-kept', cookie);
    expect(shown.html).toContain('本案有 1 条事件记在哈希链断裂之后');
    expect(shown.html).toContain('只有审批人员可以处理断链事件');
  });

  it('can be resolved only by an approver, with a note', async () => {
    const held = (await detail('case-kept')).held[0]!.event.id;
    expect((await staffCall(office.url, reviewer, 'POST', '/office/cases/case-kept/held', { eventId: held, decision: 'accepted', note: '已与服务车核实' })).status).toBe(403);
    expect((await staffCall(office.url, approver, 'POST', '/office/cases/case-kept/held', { eventId: held, decision: 'accepted', note: '' })).status).toBe(400);
    expect((await staffCall(office.url, approver, 'POST', '/office/cases/case-kept/held', { eventId: 'case-kept-nothing', decision: 'accepted', note: '已与服务车核实' })).status).toBe(409);
    expect((await detail('case-kept')).held[0]!.resolution).toBeNull();
  });

  it('move the case once an approver accepts them on the case page; a rejected one stays evidence and never counts', async () => {
    const cookie = (await pageLogin(office.url, 'chenjing')).cookie;
    const page = await getPage(office.url, '/office/cases/case-kept', cookie);
    const held = (await detail('case-kept')).held[0]!.event.id;
    expect(page.html).toContain(`data-event="${held}"`);
    const posted = await postForm(office.url, '/office/cases/case-kept/held', cookie, { _csrf: csrfIn(page.html) ?? '', eventId: held, decision: 'accepted', note: '已电话与车载终端操作员核实，申请人确已撤回' }, { origin: office.url });
    expect(posted.status).toBe(302);
    expect(decodeURIComponent(posted.location)).toContain('已处理断链事件');
    expect((await detail('case-kept')).status.stage).toBe('withdrawn');
    expect(await publicStage(1)).toBe('withdrawn');

    const refused = (await detail('case-refused')).held[0]!.event.id;
    expect((await staffCall(office.url, approver, 'POST', '/office/cases/case-refused/held', { eventId: refused, decision: 'rejected', note: '服务车未做此操作' })).status).toBe(201);
    // A decision is final.
    expect((await staffCall(office.url, approver, 'POST', '/office/cases/case-refused/held', { eventId: refused, decision: 'accepted', note: '改为采纳' })).status).toBe(409);
    const d = await detail('case-refused');
    expect(d.status.stage).toBe('accepted');
    expect(d.held.map((h) => h.resolution?.decision)).toEqual(['rejected']);
    expect(d.events.map((e) => e.id)).toContain(refused);
    expect(await queue1()).toEqual(['case-refused']);
    expect(await publicStage(2)).toBe('accepted');
  });
});
