import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { api, loginAs, pushAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van, type VanCase } from './scenario.ts';
import { csrfIn, getPage, pageLogin, postForm } from '../security/attacker-kit.ts';

let office: Office;
let van: Van;
let first: VanCase;
let second: VanCase;
const tokens: Record<string, string> = {};

async function passes(who: string, caseId: string, body: Record<string, string>): Promise<void> {
  const res = await act(who, caseId, body);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
}
const act = (who: string, caseId: string, body: Record<string, string>) => api(office, tokens[who] ?? null, 'POST', `/office/cases/${caseId}/actions`, body);

beforeAll(async () => {
  office = await startOfficeWithPages();
  van = await Van.enroll(office);
  first = await van.acceptCase(1, await freeUnit(office, 0));
  second = await van.acceptCase(2, await freeUnit(office, 1));
  for (const login of ['wangfang', 'liuyang', 'chenjing', 'zhaolei', 'admin']) tokens[login] = await loginAs(office, login);
});
afterAll(async () => {
  await office.close();
});

describe('review queues', () => {
  it('lists the 初审 queue oldest first with both deadlines in working days', async () => {
    const res = await api(office, tokens['wangfang']!, 'GET', '/office/queues/1');
    expect(res.status).toBe(200);
    const cases = res.json['cases'] as { caseId: string; position: number; legalDue: string; promisedDue: string; legalDaysLeft: number }[];
    expect(cases.map((c) => c.caseId)).toEqual([first.caseId, second.caseId]);
    expect(cases[0]!.legalDue > cases[0]!.promisedDue).toBe(true);
    expect(typeof cases[0]!.legalDaysLeft).toBe('number');
  });

  it('refuses the queues to a caller without a session and to a van clerk', async () => {
    expect((await api(office, null, 'GET', '/office/queues/1')).status).toBe(401);
    const clerk = await loginAs(office, 'zhangwei');
    expect((await api(office, clerk, 'GET', '/office/queues/1')).status).toBe(403);
  });
});

describe('review actions', () => {
  it('refuses to pass a newer case ahead of an older one without a recorded reason', async () => {
    const res = await act('wangfang', second.caseId, { action: 'pass', reason: '材料齐全' });
    expect(res.status).toBe(409);
    expect(res.json['code']).toBe('out-of-order-reason-required');
    expect(res.json['olderCaseIds']).toEqual([first.caseId]);
  });

  it('shows a refused review form again as typed, with the reason, instead of sending the reviewer back to an empty form', async () => {
    const cookie = (await pageLogin(office.url, 'wangfang')).cookie ?? '';
    const casePath = `/office/cases/${encodeURIComponent(second.caseId)}`;
    const csrf = csrfIn((await getPage(office.url, casePath, cookie)).html) ?? '';
    expect(csrf).not.toBe('');
    const post = (fields: Record<string, string>) => postForm(office.url, `${casePath}/actions`, cookie, { _csrf: csrf, ...fields }, { origin: office.url });
    // Too short a reason for going ahead of the older case: the opinion and that reason are both still there.
    const early = await post({ action: 'pass', reason: '材料齐全，符合登记条件', outOfOrderReason: '急' });
    expect(early.status).toBe(400);
    expect(early.html).toContain('<p class="flag">该案件前面还有更早受理的案件');
    expect(early.html).toContain('name="reason" rows="2" required>材料齐全，符合登记条件</textarea>');
    expect(early.html).toContain('name="outOfOrderReason" rows="2" required>急</textarea>');
    // 补正 without its reason: the materials ticked stay ticked.
    const body = new URLSearchParams({ _csrf: csrf, action: 'return-for-correction', reason: '' });
    body.append('missing', 'application-form');
    const res = await fetch(`${office.url}${casePath}/actions`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: office.url }, body: body.toString() });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toMatch(/name="missing" value="application-form" style="min-width:0" checked>/);
    // 补正 with its reason but no material ticked: said on the page in Chinese, the reason still typed.
    const none = await post({ action: 'return-for-correction', reason: '缺少契税完税凭证' });
    expect(none.status).toBe(400);
    expect(none.html).toContain('<p class="flag">退回补正须勾选至少一项缺少或不合格的材料');
    expect(none.html).toContain('required>缺少契税完税凭证</textarea>');
    // Nothing was recorded.
    expect((await api(office, tokens['wangfang']!, 'GET', `/office/cases/${second.caseId}`)).json['queueSkips']).toEqual([]);
    expect((await api(office, tokens['wangfang']!, 'GET', `/office/cases/${second.caseId}`)).json['status']).toMatchObject({ stage: 'accepted' });
  });

  it('passes a case out of order when the reason is given, and keeps the reason with the event', async () => {
    const res = await act('wangfang', second.caseId, { action: 'pass', reason: '材料齐全', outOfOrderReason: '申请人病重，医院开具证明' });
    expect(res.status).toBe(201);
    const event = res.json['event'] as { kind: string; deviceId: string; payload: { level: number; outOfOrderReason: string } };
    expect(event).toMatchObject({ kind: 'review-passed', deviceId: 'office', payload: { level: 1, outOfOrderReason: '申请人病重，医院开具证明' } });
    const detail = await api(office, tokens['wangfang']!, 'GET', `/office/cases/${second.caseId}`);
    expect((detail.json['queueSkips'] as { reason: string }[])[0]?.reason).toBe('申请人病重，医院开具证明');
  });

  it('refuses the same person at a second level and an approver at a reviewer level', async () => {
    await passes('wangfang', first.caseId, { action: 'pass', reason: '材料齐全，同意' });
    const same = await act('wangfang', first.caseId, { action: 'pass' });
    expect(same.status).toBe(403);
    expect(String(same.json['message'])).toContain('三名不同人员');
    // Nor may they decide 复审 the other way: a return or a refusal at 复审 is 复审's decision too.
    for (const body of [{ action: 'return-for-correction', reason: '复审发现缺完税凭证' }, { action: 'refuse', reason: '权属来源不清' }]) {
      const other = await act('wangfang', first.caseId, body);
      expect(other.status, body.action).toBe(403);
      expect(String(other.json['message'])).toContain('三名不同人员');
    }
    const approverAtLevel2 = await act('chenjing', first.caseId, { action: 'pass' });
    expect(approverAtLevel2.status).toBe(403);
    expect(String(approverAtLevel2.json['message'])).toContain('岗位');
  });

  it('refuses a finance officer any review action, on the server', async () => {
    const res = await act('zhaolei', first.caseId, { action: 'pass' });
    expect(res.status).toBe(403);
  });

  it('needs a reason to refuse registration, one that says something', async () => {
    for (const reason of ['', '。', '无']) {
      const res = await act('liuyang', first.caseId, { action: 'refuse', reason });
      expect(res.status, reason).toBe(409);
      expect(res.json).toMatchObject({ code: 'reason-required', message: '不予登记或退回补正须写明理由（至少 4 个字），理由将书面告知申请人' });
    }
  });

  it('takes a case through three different people to 登簿, and the events replicate to the van', async () => {
    await passes('liuyang', first.caseId, { action: 'pass' });
    // 审批 is the approver's: a reviewer neither passes it nor refuses the registration in its place.
    const reviewerAtLevel3 = await act('liuyang', first.caseId, { action: 'refuse', reason: '权属来源不清' });
    expect(reviewerAtLevel3.status).toBe(403);
    expect(String(reviewerAtLevel3.json['message'])).toContain('岗位');
    await passes('chenjing', first.caseId, { action: 'pass' });
    const registered = await act('chenjing', first.caseId, { action: 'register' });
    expect(registered.status).toBe(201);
    const detail = await api(office, tokens['chenjing']!, 'GET', `/office/cases/${first.caseId}`);
    expect((detail.json['status'] as { stage: string }).stage).toBe('registered');
    expect(detail.json['chainIntact']).toBe(true);
    const officeEvents = (await office.storage.listDocuments('caseEvents')).filter((d) => d.author === 'office' && d.body['caseId'] === first.caseId);
    expect(officeEvents.map((d) => d.body['kind'])).toEqual(['review-passed', 'review-passed', 'review-passed', 'registered']);
    const pulled = await office.storage.pull('caseEvents', undefined, 1000, { kind: 'device', deviceId: van.deviceId, vanId: 'van-1' });
    expect(pulled.documents.filter((d) => d['caseId'] === first.caseId && d['deviceId'] === 'office')).toHaveLength(4);
  });

  it('stops 登簿 with a flag when a seizure arrived after the offline acceptance', async () => {
    await passes('liuyang', second.caseId, { action: 'pass' });
    await passes('chenjing', second.caseId, { action: 'pass' });
    const stored = await office.storage.getDocument('units', second.unitId);
    const unit = stored!.body as unknown as UnitDoc;
    await office.storage.writeOfficeDocuments('units', [{ body: { ...unit, flags: { ...unit.flags, seized: true }, snapshotAt: new Date().toISOString() }, audienceVans: null, ownerDevice: null }]);
    const res = await act('chenjing', second.caseId, { action: 'register' });
    expect(res.status).toBe(409);
    expect(res.json['code']).toBe('unit-stopped');
    expect(String(res.json['message'])).toContain('查封');
    const detail = await api(office, tokens['chenjing']!, 'GET', `/office/cases/${second.caseId}`);
    expect((detail.json['status'] as { stage: string }).stage).toBe('approved');
    const kinds = (detail.json['events'] as { kind: string }[]).map((e) => e.kind);
    expect(kinds).toContain('flagged');
  });

  it('stops the 登簿 of a 抵押权首次登记 on a home whose sale is filed (网签备案), naming the contract', async () => {
    const unit = await freeUnit(office, 8);
    const mortgage = await van.acceptCase(10, unit, { businessKind: 'mortgage-first' });
    await passes('wangfang', mortgage.caseId, { action: 'pass', reason: '材料齐全，同意' });
    await passes('liuyang', mortgage.caseId, { action: 'pass' });
    await passes('chenjing', mortgage.caseId, { action: 'pass' });
    const stored = (await office.storage.getDocument('units', mortgage.unitId))!.body as unknown as UnitDoc;
    const register = { asOf: stored.snapshotAt.slice(0, 10), status: 'filed' as const, holders: [], mortgages: [], seizures: [], advanceNotice: false, objection: false, contractFiling: { contractNumber: 'XS20260000007', filedOn: stored.snapshotAt.slice(0, 10), buyers: ['张国强'] }, courtActAt: null };
    await office.storage.writeOfficeDocuments('units', [{ body: { ...stored, register, snapshotAt: new Date().toISOString() }, audienceVans: null, ownerDevice: null }]);
    const res = await act('chenjing', mortgage.caseId, { action: 'register' });
    expect(res.status).toBe(409);
    expect(res.json['code']).toBe('unit-stopped');
    expect(String(res.json['message'])).toBe('该房屋已网签备案（合同 XS20260000007），尚未办理转移登记，不能办理抵押权首次登记。买受人的购房贷款由贷款银行在合同备案系统办理预抵押（预购商品房抵押预告登记）；转移登记后方可办理抵押权首次登记。');
    const detail = await api(office, tokens['chenjing']!, 'GET', `/office/cases/${mortgage.caseId}`);
    expect((detail.json['status'] as { stage: string }).stage).toBe('approved');
    expect((detail.json['events'] as { kind: string }[]).map((e) => e.kind)).not.toContain('flagged');
    // The buyers' transfer registered, the filing closed: the same case goes through.
    await office.storage.writeOfficeDocuments('units', [{ body: { ...stored, register: { ...register, status: 'registered' as const, contractFiling: null }, snapshotAt: new Date().toISOString() }, audienceVans: null, ownerDevice: null }]);
    expect((await act('chenjing', mortgage.caseId, { action: 'register' })).status).toBe(201);
  });

  it('records a withdrawal with its reason, and refuses one of a single character in Chinese on the API and the page', async () => {
    const third = await van.acceptCase(3, await freeUnit(office, 2));
    const short = await act('wangfang', third.caseId, { action: 'withdraw', reason: ' 撤 ' });
    expect(short.status).toBe(409);
    expect(short.json).toMatchObject({ code: 'reason-required', message: '撤回须写明申请人撤回的原因（至少 2 个字）' });
    const cookie = (await pageLogin(office.url, 'wangfang')).cookie ?? '';
    const casePath = `/office/cases/${encodeURIComponent(third.caseId)}`;
    const csrf = csrfIn((await getPage(office.url, casePath, cookie)).html) ?? '';
    const onPage = await postForm(office.url, `${casePath}/actions`, cookie, { _csrf: csrf, action: 'withdraw', reason: '撤' }, { origin: office.url });
    expect(onPage.status).toBe(400);
    expect(onPage.html).toContain('<p class="flag">撤回须写明申请人撤回的原因（至少 2 个字）</p>');
    expect(onPage.html).toContain('id="reason-withdraw" name="reason" rows="2" required>撤</textarea>');
    expect((await api(office, tokens['wangfang']!, 'GET', `/office/cases/${third.caseId}`)).json['status']).toMatchObject({ isClosed: false });
    const res = await act('wangfang', third.caseId, { action: 'withdraw', reason: '申请人书面申请撤回' });
    expect(res.status).toBe(201);
    const detail = await api(office, tokens['wangfang']!, 'GET', `/office/cases/${third.caseId}`);
    expect((detail.json['status'] as { stage: string; isClosed: boolean }).isClosed).toBe(true);
  });

  it('still takes a withdrawal a van recorded offline with a one-character reason: the minimum is asked at the input, a record made is not refused on sync', async () => {
    const fifth = await van.acceptCase(5, await freeUnit(office, 4));
    const withdrawn = van.event(fifth.caseId, new Date().toISOString(), { kind: 'withdrawn', payload: { reason: '撤' } });
    await pushAs(office, van.token, 'caseEvents', [{ ...withdrawn, _deleted: false }]);
    const detail = await api(office, tokens['wangfang']!, 'GET', `/office/cases/${fifth.caseId}`);
    expect(detail.json['status']).toMatchObject({ stage: 'withdrawn', isClosed: true });
  });

  it('returns a case for correction (补正) only with a reason, and stops its clock', async () => {
    const fourth = await van.acceptCase(4, await freeUnit(office, 3));
    const noReason = await act('wangfang', fourth.caseId, { action: 'return-for-correction', reason: '' });
    expect(noReason.status).toBe(409);
    expect(noReason.json['code']).toBe('reason-required');
    const required = (await api(office, tokens['wangfang']!, 'GET', `/office/cases/${fourth.caseId}`)).json['requiredMaterials'] as { key: string; name: string }[];
    const missing = required.at(-1)!;
    // A reason but no material ticked (or only keys the kind does not require): the notice would list nothing to bring.
    for (const keys of [[], ['not-a-material']]) {
      const nothing = await api(office, tokens['wangfang']!, 'POST', `/office/cases/${fourth.caseId}/actions`, { action: 'return-for-correction', reason: '缺少契税完税凭证', missing: keys });
      expect(nothing.status).toBe(409);
      expect(nothing.json).toMatchObject({ code: 'correction-items-required', message: expect.stringContaining('至少一项') as unknown });
    }
    expect((await api(office, tokens['wangfang']!, 'GET', `/office/cases/${fourth.caseId}`)).json['status']).toMatchObject({ stage: 'accepted' });
    const res = await api(office, tokens['wangfang']!, 'POST', `/office/cases/${fourth.caseId}/actions`, { action: 'return-for-correction', reason: '缺少契税完税凭证', missing: [missing.key, 'not-a-material'] });
    expect(res.status).toBe(201);
    expect((res.json['event'] as { payload: { missing: unknown[] } }).payload.missing).toEqual([{ key: missing.key, name: missing.name }]);
    const detail = await api(office, tokens['wangfang']!, 'GET', `/office/cases/${fourth.caseId}`);
    // Paused, not reset: the days waiting for 补正 are added on when it resumes (time-limits-api.test.ts).
    expect(detail.json['status']).toMatchObject({ stage: 'correction', awaitingLevel: null, clock: 'paused', pausedWorkingDays: 0 });
    // The case's history keeps what was asked for, for whoever takes the case up again when the materials come.
    const page = await (await fetch(`${office.url}/office/cases/${encodeURIComponent(fourth.caseId)}`, { headers: { authorization: `Bearer ${tokens['liuyang']}` } })).text();
    expect(page).toContain(`意见：缺少契税完税凭证；需补正的材料：${missing.name}`);
  });
});

describe('a van whose clock runs ahead', () => {
  it('still sees the office review after its acceptance: the office event never sorts before the case', async () => {
    const ahead = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const late = await van.acceptCase(9, await freeUnit(office, 7), { at: ahead });
    const res = await act('liuyang', late.caseId, { action: 'pass', reason: '材料齐全', outOfOrderReason: '测试：时钟超前的车载终端' });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(Date.parse((res.json['event'] as { at: string }).at)).toBeGreaterThan(Date.parse(ahead));
    const detail = await api(office, tokens['liuyang']!, 'GET', `/office/cases/${late.caseId}`);
    expect(JSON.stringify(detail.json)).toContain('review-1');
  });
});
