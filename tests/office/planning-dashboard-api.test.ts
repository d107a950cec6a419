import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van, type VanCase } from './scenario.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { csrfIn, getPage, pageLogin, postForm } from '../security/attacker-kit.ts';

let office: Office;
let admin: string;
let reviewer: string;
let late: VanCase;

beforeAll(async () => {
  office = await startOfficeWithPages();
  admin = await loginAs(office, 'admin');
  reviewer = await loginAs(office, 'wangfang');
  const van = await Van.enroll(office);
  // Accepted two calendar months ago: past both the 5-day promise and the 30-working-day legal limit.
  late = await van.acceptCase(1, await freeUnit(office, 0), { at: new Date(Date.now() - 61 * 24 * 3600_000).toISOString() });
  await van.acceptCase(2, await freeUnit(office, 1));
});
afterAll(async () => {
  await office.close();
});

const appointment = {
  applicantName: '赵桂兰',
  phone: '13945400000',
  address: '佳木斯市向阳区长安路8号3单元502室',
  businessKind: 'transfer',
  category: 'elderly',
  preferredDate: '2026-12-03',
  notes: '行动不便，需上门',
};

describe('appointments and trips', () => {
  it('takes an appointment from the service phone and refuses one with a bad phone number', async () => {
    const ok = await api(office, admin, 'POST', '/office/appointments', appointment);
    expect(ok.status).toBe(201);
    const bad = await api(office, admin, 'POST', '/office/appointments', { ...appointment, phone: 'call me' });
    expect(bad.status).toBe(400);
    expect(String(bad.json['message'])).toContain('电话');
    const list = await api(office, admin, 'GET', '/office/appointments');
    expect((list.json['requests'] as { applicantName: string }[]).map((r) => r.applicantName)).toEqual(['赵桂兰']);
  });

  it('names a field left empty or of the wrong form by its label, in Chinese (zod said `applicantName Too small`)', async () => {
    const blank = await api(office, admin, 'POST', '/office/appointments', { ...appointment, applicantName: '', preferredDate: '' });
    expect(blank.status).toBe(400);
    expect(blank.json['message']).toBe('预约信息不完整或格式不对：申请人：请填写；希望上门日期：请按“年-月-日”填写日期');
    const trip = await api(office, admin, 'POST', '/office/trips', { date: '', vanId: 'van-1' });
    expect(trip.status).toBe(400);
    expect(trip.json['message']).toBe('出车信息不合格：出车日期：请按“年-月-日”填写日期；任务说明：请填写');
    // A value of the wrong kind is not said to be missing.
    const typed = await api(office, admin, 'POST', '/office/appointments', { ...appointment, notes: 5 });
    expect(typed.json['message']).toBe('预约信息不完整或格式不对：备注：格式不对');
  });

  it('keeps what the service phone operator typed when the page’s form is refused, with the reason', async () => {
    const cookie = (await pageLogin(office.url, 'admin')).cookie ?? '';
    const csrf = csrfIn((await getPage(office.url, '/office/appointments', cookie)).html) ?? '';
    expect(csrf).not.toBe('');
    const res = await postForm(office.url, '/office/appointments', cookie, { _csrf: csrf, ...appointment, category: 'disabled', preferredDate: '' }, { origin: office.url });
    expect(res.status).toBe(400);
    expect(res.html).toContain('<p class="flag">预约信息不完整或格式不对：希望上门日期：请按“年-月-日”填写日期</p>');
    expect(res.html).toContain(`name="applicantName" required value="${appointment.applicantName}"`);
    expect(res.html).toContain(`name="phone" required value="${appointment.phone}"`);
    expect(res.html).toContain(`name="address" required value="${appointment.address}"`);
    expect(res.html).toContain(`name="notes" value="${appointment.notes}"`);
    expect(res.html).toMatch(/<option value="disabled" selected>/);
    expect(res.html).toMatch(/<option value="transfer" selected>/);
  });

  it('keeps the trip form as typed when the page’s trip is refused, with the reason beside it, and stores nothing', async () => {
    const cookie = (await pageLogin(office.url, 'admin')).cookie ?? '';
    const csrf = csrfIn((await getPage(office.url, '/office/trips', cookie)).html) ?? '';
    const requestId = ((await api(office, admin, 'GET', '/office/appointments')).json['requests'] as { id: string }[])[0]!.id;
    const tripsBefore = (await office.storage.listDocuments('trips')).length;
    const post = async (fields: [string, string][]) => {
      const res = await fetch(`${office.url}/office/trips`, {
        method: 'POST', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: office.url },
        body: new URLSearchParams([['_csrf', csrf], ...fields]).toString(),
      });
      return { status: res.status, html: await res.text() };
    };
    const filled: [string, string][] = [
      ['date', '2026-12-09'], ['vanId', 'van-2'], ['title', '前进区上门登记'], ['staffIds', 'staff-zhangwei'], ['appointmentRequestIds', requestId],
      ['blockPrefix', 'JMS2026-'], ['blockFirst', '3100'], ['blockLast', '3001'], ['blockWidth', '7'],
    ];
    // The block's last number before its first: refused by the service, the form as typed.
    const backwards = await post(filled);
    expect(backwards.status).toBe(400);
    const form = backwards.html.slice(backwards.html.indexOf('<h2 id="new-trip">'));
    expect(form).toContain('<p class="flag" id="trip-refused">出车信息不合格：终止号小于起始号</p>');
    expect(form).toContain('name="date" type="date" required value="2026-12-09"');
    expect(form).toContain('name="vanId" value="van-2"');
    expect(form).toContain('name="title" required value="前进区上门登记"');
    expect(form).toMatch(/name="staffIds" value="staff-zhangwei" style="min-width:0" checked>/);
    expect(form).toContain(`name="appointmentRequestIds" value="${requestId}" style="min-width:0" checked>`);
    expect(form).toContain('name="blockPrefix" value="JMS2026-"');
    expect(form).toContain('name="blockFirst" type="number" min="1" value="3100"');
    expect(form).toContain('name="blockLast" type="number" min="1" value="3001"');
    expect(form).toContain('max="12" value="7"');
    // A field left empty: named by its label, the rest kept.
    const noTitle = await post(filled.map(([k, v]) => [k, k === 'title' ? '' : k === 'blockLast' ? '3199' : v]));
    expect(noTitle.status).toBe(400);
    expect(noTitle.html).toContain('<p class="flag" id="trip-refused">出车信息不合格：任务说明：请填写</p>');
    expect(noTitle.html).toContain('name="date" type="date" required value="2026-12-09"');
    expect((await office.storage.listDocuments('trips')).length).toBe(tripsBefore);
    expect(((await api(office, admin, 'GET', '/office/appointments')).json['requests'] as { id: string }[]).map((r) => r.id)).toContain(requestId);
  });

  it('lets only the administration plan, on the server', async () => {
    expect((await api(office, reviewer, 'POST', '/office/appointments', appointment)).status).toBe(403);
    expect((await api(office, reviewer, 'POST', '/office/trips', { date: '2026-12-03', vanId: 'van-1', title: 'x' })).status).toBe(403);
  });

  it('plans a trip with the appointment and a receipt block, visible to that van only', async () => {
    const list = await api(office, admin, 'GET', '/office/appointments');
    const id = (list.json['requests'] as { id: string }[])[0]!.id;
    const res = await api(office, admin, 'POST', '/office/trips', {
      date: '2026-12-03',
      vanId: 'van-1',
      title: '向阳区上门登记',
      staffIds: ['staff-zhangwei'],
      appointmentRequestIds: [id],
      receiptBlock: { prefix: 'JMS2026-', first: 2001, last: 2100, width: 6 },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json['note']).toBeNull();
    const trip = await office.storage.getDocument('trips', String(res.json['id']));
    expect(trip?.body).toMatchObject({ appointmentIds: [id], receiptBlock: { first: 2001, last: 2100 } });
    const forVan1 = await office.storage.pull('appointments', undefined, 100, { kind: 'device', deviceId: 'd-x', vanId: 'van-1' });
    const forVan2 = await office.storage.pull('appointments', undefined, 100, { kind: 'device', deviceId: 'd-y', vanId: 'van-2' });
    expect(forVan1.documents.map((d) => d.id)).toContain(id);
    expect(forVan2.documents.map((d) => d.id)).not.toContain(id);
    // Planned once: the same request cannot go on a second trip.
    const again = await api(office, admin, 'POST', '/office/trips', { date: '2026-12-04', vanId: 'van-1', title: 'y', appointmentRequestIds: [id] });
    const second = await office.storage.getDocument('trips', String(again.json['id']));
    expect(second?.body['appointmentIds']).toEqual([]);
  });

  it('creates the trip but reports a receipt block that overlaps another trip', async () => {
    const res = await api(office, admin, 'POST', '/office/trips', { date: '2026-12-05', vanId: 'van-1', title: 'z', receiptBlock: { prefix: 'JMS2026-', first: 2050, last: 2150, width: 6 } });
    expect(res.status).toBe(201);
    expect(String(res.json['note'])).toContain('重叠');
  });

  it('makes a trip whose van or van clerk is already on a trip that day, and says so as a warning', async () => {
    const first = await api(office, admin, 'POST', '/office/trips', { date: '2026-12-10', vanId: 'van-1', title: '上午', staffIds: ['staff-zhangwei'] });
    expect(first.status).toBe(201);
    expect(first.json['note']).toBeNull();
    // Another van, another day: nothing to say.
    expect((await api(office, admin, 'POST', '/office/trips', { date: '2026-12-10', vanId: 'van-2', title: '另一辆车' })).json['note']).toBeNull();
    const again = await api(office, admin, 'POST', '/office/trips', { date: '2026-12-10', vanId: 'van-1', title: '下午', staffIds: ['staff-zhangwei'] });
    expect(again.status).toBe(201);
    expect(again.json['note']).toBe('出车任务已创建，但 2026-12-10 已有出车任务安排了服务车 van-1和随车人员 张伟，请核对是否重复安排。');
    expect(await office.storage.getDocument('trips', String(again.json['id']))).toBeDefined();
    // On the page: a warning, not an error.
    const cookie = (await pageLogin(office.url, 'admin')).cookie ?? '';
    const csrf = csrfIn((await getPage(office.url, '/office/trips', cookie)).html) ?? '';
    const res = await postForm(office.url, '/office/trips', cookie, { _csrf: csrf, date: '2026-12-10', vanId: 'van-3', title: '晚上', staffIds: 'staff-zhangwei' }, { origin: office.url });
    expect(res.location).toMatch(/^\/office\/trips\?warn=/);
    expect((await getPage(office.url, res.location, cookie)).html).toContain('<p class="note" role="status"><strong>请注意：</strong>出车任务已创建，但 2026-12-10 已有出车任务安排了随车人员 张伟，请核对是否重复安排。</p>');
  });

  it('shows a trip made with its receipt block refused as a warning on the page, not as an error: the trip was made', async () => {
    const cookie = (await pageLogin(office.url, 'admin')).cookie ?? '';
    const csrf = csrfIn((await getPage(office.url, '/office/trips', cookie)).html) ?? '';
    const fields = { _csrf: csrf, date: '2026-12-06', vanId: 'van-1', title: '号段重叠的任务', blockPrefix: 'JMS2026-', blockFirst: '2090', blockLast: '2110', blockWidth: '6' };
    const res = await postForm(office.url, '/office/trips', cookie, fields, { origin: office.url });
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/office\/trips\?warn=/);
    const shown = (await getPage(office.url, res.location, cookie)).html;
    expect(shown).toMatch(/<p class="note" role="status"><strong>请注意：<\/strong>出车任务已创建，但号段未分配：[^<]*重叠[^<]*<\/p>/);
    expect(shown).not.toContain('<p class="flag">');
    expect((await office.storage.listDocuments('trips')).map((d) => d.body['title'])).toContain('号段重叠的任务');
  });
});

describe('tracking dashboard', () => {
  it('counts cases by stage and lists the overdue case with its working days over', async () => {
    const res = await api(office, reviewer, 'GET', '/office/dashboard');
    expect(res.status).toBe(200);
    const byStage = res.json['byStage'] as { stage: string; count: number }[];
    expect(byStage).toContainEqual(expect.objectContaining({ stage: 'accepted', count: 2 }));
    const overdue = res.json['overdue'] as { caseId: string; daysOver: number }[];
    expect(overdue.map((o) => o.caseId)).toEqual([late.caseId]);
    expect(overdue[0]!.daysOver).toBeGreaterThan(0);
    // Staff know a case by the number on its 受理凭证: the page lists that, not the case's internal id.
    const html = await (await fetch(`${office.url}/office/dashboard`, { headers: { authorization: `Bearer ${reviewer}` } })).text();
    const table = html.slice(html.indexOf('<table id="overdue">'));
    expect(table).toContain(`">${late.caseNumber}</a>`);
    expect(table).not.toContain(`>${late.caseId}<`);
    const queue = await api(office, reviewer, 'GET', '/office/queues/1');
    const rows = queue.json['cases'] as { caseId: string; isOverdue: boolean; legalDaysLeft: number }[];
    expect(rows[0]).toMatchObject({ caseId: late.caseId, isOverdue: true });
    expect(rows[0]!.legalDaysLeft).toBeLessThan(0);
    expect(rows[1]!.isOverdue).toBe(false);
  });

  it('counts work per staff member and per trip', async () => {
    await api(office, reviewer, 'POST', `/office/cases/${late.caseId}/actions`, { action: 'pass', reason: '材料齐全，同意' });
    const res = await api(office, reviewer, 'GET', '/office/dashboard');
    const perStaff = res.json['perStaff'] as { name: string; accepted: number; actions: Record<string, number> }[];
    expect(perStaff.find((s) => s.name === '王芳')?.actions).toEqual({ 'review-passed': 1 });
    expect(perStaff.find((s) => s.name === '张伟')?.accepted).toBe(2);
    const perTrip = res.json['perTrip'] as { tripId: string; cases: number; signedOff: boolean }[];
    expect(perTrip.find((t) => t.tripId === DEMO_TRIP_ID)).toMatchObject({ cases: 2, signedOff: false });
  });

  it('opens the audit trail of a case from the number printed on its acceptance notice', async () => {
    const res = await fetch(`${office.url}/office/dashboard?caseId=${encodeURIComponent(late.caseNumber)}`, { headers: { authorization: `Bearer ${reviewer}` }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/office/cases/${encodeURIComponent(late.caseId)}`);
  });

  it('says so on the dashboard when the number names no case, with the number still in the box to correct', async () => {
    const typed = 'JMS-2026-0000l<b>';
    const res = await fetch(`${office.url}/office/dashboard?caseId=${encodeURIComponent(` ${typed} `)}`, { headers: { authorization: `Bearer ${reviewer}` }, redirect: 'manual' });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('没有找到案件号为“JMS-2026-0000l&lt;b&gt;”的案件，请核对受理凭证上的案件号。');
    expect(html).toContain('<input id="caseId" name="caseId" value="JMS-2026-0000l&lt;b&gt;">');
    expect(html).toContain('<h2>按阶段</h2>');
  });
});

describe('the pages link each role only to what it may open', () => {
  const pageAs = async (token: string, path: string) => {
    const res = await fetch(`${office.url}${path}`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
    return { status: res.status, html: await res.text() };
  };

  it('gives the trips’ reconciliation links to finance, not to a reviewer, whom it would refuse', async () => {
    const finance = await loginAs(office, 'zhaolei');
    const link = `href="/office/trips/${DEMO_TRIP_ID}/reconciliation"`;
    for (const path of ['/office/trips', '/office/dashboard']) {
      expect((await pageAs(finance, path)).html, path).toContain(link);
      const seen = await pageAs(reviewer, path);
      expect(seen.status, path).toBe(200);
      expect(seen.html, path).not.toContain('/reconciliation"');
    }
    // The dashboard still says where the trip stands.
    expect((await pageAs(reviewer, '/office/dashboard')).html).toMatch(/<td>待对账<\/td>/);
  });

  it('links the market’s organisations page for the administration only', async () => {
    expect((await pageAs(admin, '/office/market')).html).toContain('href="/office/market/orgs"');
    expect((await pageAs(reviewer, '/office/market')).html).not.toContain('href="/office/market/orgs"');
    expect((await pageAs(reviewer, '/office/market/projects')).html).not.toContain('href="/office/market/orgs"');
  });

  it('answers a page the role may not open in the office’s frame, with its links and a way back', async () => {
    const refused = await pageAs(reviewer, `/office/trips/${DEMO_TRIP_ID}/reconciliation`);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('<html lang="zh-CN">');
    expect(refused.html).toContain('<a href="/office/queues">审查队列</a>');
    expect(refused.html).toContain('<p class="flag" role="alert">您的岗位无权进行此操作。</p>');
    expect(refused.html).toContain('<a href="/office/queues">返回审查队列</a>');
  });

  it('names what was not found on the market’s pages: a project, a listing, not a contract filing', async () => {
    const project = await pageAs(admin, '/office/market/projects/no-such-project');
    expect(project.status).toBe(404);
    expect(project.html).toContain('没有这个楼盘项目。');
    const listing = await pageAs(reviewer, '/office/market/listings/no-such-listing');
    expect(listing.status).toBe(404);
    expect(listing.html).toContain('没有这条挂牌房源。');
    for (const r of [project, listing]) expect(r.html).not.toContain('没有查到该合同或该房屋的备案');
  });
});
