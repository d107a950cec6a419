import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { protocolHeaders } from '../sync/helpers.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van, type VanCase } from './scenario.ts';

let office: Office;
let van: Van;
let own: VanCase;
const tokens: Record<string, string> = {};

const act = (who: string, caseId: string, body: Record<string, string>) => api(office, tokens[who] ?? null, 'POST', `/office/cases/${caseId}/actions`, body);
const casePage = async (who: string, caseId: string) => (await fetch(`${office.url}/office/cases/${caseId}`, { headers: { authorization: `Bearer ${tokens[who]}` } })).text();

beforeAll(async () => {
  office = await startOfficeWithPages();
  tokens['admin'] = await loginAs(office, 'admin');
  // 李娜 also reviews at the office: one account, both roles.
  const reset = await api(office, tokens['admin'], 'POST', '/admin/staff', { login: 'lina', name: '李娜', roles: ['van-clerk', 'reviewer'], password: 'jms-demo-2026' });
  expect(reset.status).toBe(200);
  van = await Van.enroll(office);
  own = await van.acceptCase(1, await freeUnit(office, 0), { actor: String(reset.json['id']) });
  for (const login of ['lina', 'wangfang', 'liuyang', 'chenjing', 'zhaolei']) tokens[login] = await loginAs(office, login);
});
afterAll(async () => office.close());

/** The staff accounts the van holds for offline login, as it pulls them from the office. */
async function vanStaffLogins(): Promise<string[]> {
  const res = await fetch(`${office.url}${API_BASE}/sync/staff/pull?limit=1000`, { headers: protocolHeaders(van.token) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { documents: { login: string }[] }).documents.map((d) => d.login).sort();
}

describe('who logs in on the van', () => {
  it('gives the van only the van clerks of its trip: no reviewer, approver, finance or admin, nor a clerk of no trip', async () => {
    expect(await vanStaffLogins()).toEqual(['lina', 'zhangwei']);
    for (const [login, roles] of [['sunli', ['van-clerk']], ['zhouqiang', ['reviewer']]] as const) {
      expect((await api(office, tokens['admin'] ?? null, 'POST', '/admin/staff', { login, name: login, roles, password: 'jms-demo-2026' })).status).toBe(200);
    }
    expect(await vanStaffLogins()).toEqual(['lina', 'zhangwei']);
  });

  it('lets only the administration add staff, naming the role that may as staff know it', async () => {
    const res = await api(office, tokens['wangfang'] ?? null, 'POST', '/admin/staff', { login: 'qianwei', name: '钱伟', roles: ['van-clerk'], password: 'jms-demo-2026' });
    expect(res.status).toBe(403);
    expect(res.json['message']).toBe('您的岗位无权执行此操作，需要以下岗位之一：系统管理员（预约/出车/设备）');
    expect(await vanStaffLogins()).toEqual(['lina', 'zhangwei']);
  });
});

describe('review at the office', () => {
  it('refuses a reviewer any decision on a case they took on the van, saying why', async () => {
    for (const body of [{ action: 'pass', reason: '材料齐全' }, { action: 'return-for-correction', reason: '缺完税凭证' }, { action: 'refuse', reason: '权属不清' }]) {
      const res = await act('lina', own.caseId, body);
      expect(res.status).toBe(403);
      expect(res.json['message']).toBe('您受理或收费的案件不能由您审查：受理与审查须由不同人员办理，请交其他审查人员');
    }
  });

  it('does not offer them the review on the case page, but does to another reviewer', async () => {
    const hers = await casePage('lina', own.caseId);
    expect(hers).toContain('id="not-yours"');
    expect(hers).not.toContain('data-action="pass"');
    expect(hers).not.toContain('data-action="refuse"');
    const other = await casePage('wangfang', own.caseId);
    expect(other).not.toContain('id="not-yours"');
    expect(other).toContain('data-action="pass"');
    // 初审's opinion is a required field on the page, and the server holds to it.
    expect(other).toMatch(/<textarea id="reason-pass" name="reason" rows="2" required>/);
  });

  it('shows when the unit\'s status was read in Beijing time, in Chinese, not as an ISO string', async () => {
    const unit = { snapshotAt: String((await office.storage.getDocument('units', own.unitId))?.body['snapshotAt']) };
    const b = new Date(Date.parse(unit.snapshotAt) + 8 * 3_600_000);
    const two = (n: number) => String(n).padStart(2, '0');
    const expected = `状态截至 ${b.getUTCFullYear()}年${two(b.getUTCMonth() + 1)}月${two(b.getUTCDate())}日 ${two(b.getUTCHours())}:${two(b.getUTCMinutes())}（北京时间）`;
    const html = await casePage('wangfang', own.caseId);
    expect(html).toContain(expected);
    expect(html).not.toContain(unit.snapshotAt);
    // The fee event's method reads 现金, not the stored code.
    expect(html).toContain('支付方式：现金');
    expect(html).not.toContain('支付方式：cash');
  });

  it('refuses a 初审 without an opinion', async () => {
    const res = await act('wangfang', own.caseId, { action: 'pass', reason: '' });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: 'reason-required', message: '初审须写明审查意见（至少 2 个字），如“同意”' });
  });

  it('shows a finance officer no review form at all', async () => {
    const html = await casePage('zhaolei', own.caseId);
    expect(html).not.toMatch(/data-action="/);
    expect(html).toContain('您的岗位无权办理此操作');
  });

  it('logs the three levels as 初审通过, 复审通过 and 审批通过, with their opinions', async () => {
    expect((await act('wangfang', own.caseId, { action: 'pass', reason: '材料齐全，同意' })).status).toBe(201);
    expect((await act('liuyang', own.caseId, { action: 'pass', reason: '' })).status).toBe(201);
    expect((await act('chenjing', own.caseId, { action: 'pass', reason: '同意登记' })).status).toBe(201);
    const html = await casePage('chenjing', own.caseId);
    const history = html.slice(html.indexOf('<h2>事件记录'));
    expect([...history.matchAll(/<td>(初审通过|复审通过|审批通过|审核通过)<\/td>/g)].map((m) => m[1])).toEqual(['初审通过', '复审通过', '审批通过']);
    expect(history).not.toContain('审查级别：');
    expect(history).toContain('意见：材料齐全，同意');
  });
});
