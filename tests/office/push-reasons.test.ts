import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseEventBody } from '#domain/case/events.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { protocolHeaders } from '../sync/helpers.ts';
import { startOfficeWithPages, type Office } from './harness.ts';
import { Van } from './scenario.ts';

/**
 * The reason the office gives for a pushed record it refuses is shown to van staff as it is (同步, the case's card):
 * Chinese, the record or event by its name and each field by its label, never zod's English or a field's code.
 * The refusal's code, which the van's logic reads, is the protocol's; nothing refused is stored.
 */
let office: Office;
let van: Van;

beforeAll(async () => {
  office = await startOfficeWithPages();
  van = await Van.enroll(office, 'van-reasons');
});
afterAll(async () => office.close());

/** zod's English (`Too small: expected string to have >=1 characters`) or a field's code (`applicants.0.name`). */
const LATIN = /[A-Za-z]{3,}/;
type Result = { id: string; status: string; code?: string; reason?: string };

const when = () => new Date(Date.now() - 30 * 60_000).toISOString();
const caseDoc = (id: string, extra: Record<string, unknown> = {}) => ({
  id, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: van.deviceId, businessKind: 'transfer', unitIds: ['unit-0101'],
  applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803195001011234', side: 'holder' }], createdAt: when(), createdBy: 'staff-zhangwei', _deleted: false, ...extra,
});

async function outbox(rows: readonly { collection: string; doc: object }[]): Promise<Result[]> {
  const res = await fetch(`${office.url}${API_BASE}/sync/outbox`, { method: 'POST', headers: protocolHeaders(van.token), body: JSON.stringify({ rows }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Result[] }).results;
}
const stored = async (collection: 'cases' | 'caseEvents', prefix: string) => (await office.storage.listDocuments(collection)).map((d) => d.id).filter((id) => id.startsWith(prefix));

describe('a pushed record the office refuses as not fitting its schema', () => {
  it('is refused with the record and each field by its Chinese name', async () => {
    const [empty, wrong, extra] = await outbox([
      { collection: 'cases', doc: caseDoc('case-zh-1', { applicants: [{ name: '', idType: 'resident-id', idNumber: '230803195001011234', side: 'holder' }] }) },
      { collection: 'cases', doc: caseDoc('case-zh-2', { createdAt: '昨天' }) },
      { collection: 'cases', doc: caseDoc('case-zh-3', { colour: 'red' }) },
    ]);
    expect(empty).toMatchObject({ id: 'case-zh-1', status: 'refused', code: 'invalid-document', reason: '案件内容不合格：申请人姓名：请填写' });
    expect(wrong).toMatchObject({ id: 'case-zh-2', status: 'refused', code: 'invalid-document', reason: '案件内容不合格：创建时间：格式不对' });
    expect(extra).toMatchObject({ id: 'case-zh-3', status: 'refused', code: 'invalid-document', reason: '案件内容不合格：记录：有多余的项' });
    for (const r of [empty, wrong, extra]) expect(r?.reason).not.toMatch(LATIN);
    expect(await stored('cases', 'case-zh-')).toEqual([]);
  });

  it('names the fields of a case event that does not fit the event envelope', async () => {
    const [refused] = await outbox([{ collection: 'caseEvents', doc: { id: 'ev-zh-1', caseId: 'case-zh-9', deviceId: van.deviceId, seq: 0, kind: 'withdrawn', at: when(), actor: 'staff-zhangwei', payload: { reason: '撤回' }, prevHash: null, hash: 'x', _deleted: false } }]);
    expect(refused).toMatchObject({ id: 'ev-zh-1', status: 'refused', code: 'invalid-document', reason: '案件记录内容不合格：记录序号：超出允许的范围' });
    expect(await stored('caseEvents', 'ev-zh-')).toEqual([]);
  });
});

describe('a pushed case event whose payload does not fit its kind', () => {
  it('is refused with the event by its Chinese name and each payload field by its label', async () => {
    // Each of its own case (a case's later events wait behind a refused one), sealed into the device's chain so the
    // office gets as far as the payload: hashed as sent, whatever it holds.
    const caseId = `${van.deviceId}-case-zh`;
    const accepted = van.event(`${caseId}-1`, when(), { kind: 'accepted', payload: { caseNumber: 'JMS-ZH-1', queryCode: 'Q1', businessKind: 'transfer', use: 'residential', applicants: [{ name: '', idType: 'resident-id', idNumber: '1', side: 'holder' }], units: [], materials: [], certificates: 1 } });
    const refund = van.event(`${caseId}-2`, when(), { kind: 'fee-refunded', payload: { receiptNumber: 'JMS2026-000001', refundNumber: 'TF1', amountFen: -5, method: 'cash', reason: '撤回', ground: 'withdrawn' } });
    const withdrawn = van.event(`${caseId}-3`, when(), { kind: 'withdrawn', payload: { reason: 7 } } as unknown as CaseEventBody);
    const results = await outbox([accepted, refund, withdrawn].map((e) => ({ collection: 'caseEvents', doc: { ...e, _deleted: false } })));
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get(accepted.id)).toMatchObject({ status: 'refused', code: 'invalid-payload', reason: '案件记录“受理”的内容不合格：申请人姓名：请填写' });
    expect(byId.get(refund.id)).toMatchObject({ status: 'refused', code: 'invalid-payload', reason: '案件记录“退费”的内容不合格：金额：超出允许的范围' });
    expect(byId.get(withdrawn.id)).toMatchObject({ status: 'refused', code: 'invalid-payload', reason: '案件记录“申请人撤回”的内容不合格：撤回原因：格式不对' });
    for (const r of results) expect(r.reason).not.toMatch(LATIN);
    expect(await stored('caseEvents', caseId)).toEqual([]);
  });

  it('names an event kind only the office writes by its Chinese name', async () => {
    const registered = van.event(`${van.deviceId}-case-zh-4`, when(), { kind: 'registered', payload: { unitStatusCheckedAt: when() } });
    const [refused] = await outbox([{ collection: 'caseEvents', doc: { ...registered, _deleted: false } }]);
    expect(refused).toMatchObject({ id: registered.id, status: 'refused', code: 'office-authored', reason: '案件记录“登簿”只能由办公室写入' });
  });
});
