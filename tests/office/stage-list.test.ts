import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van, type VanCase } from './scenario.ts';

/**
 * The dashboard's 按阶段 cards open the list of the cases in that stage (待登簿, 公告, 补正, 暂停 …): number, applicant,
 * business, since when, a link to the case; oldest acceptance first, paged by key.
 */
let office: Office;
let van: Van;
const cases: VanCase[] = [];
const tokens: Record<string, string> = {};

const pageOf = async (path: string, who = 'wangfang'): Promise<{ status: number; html: string }> => {
  const res = await fetch(`${office.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` }, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
};
const act = async (who: string, caseId: string, body: Record<string, unknown>) => {
  const res = await api(office, tokens[who]!, 'POST', `/office/cases/${caseId}/actions`, body);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
};
const caseIdsIn = (html: string): string[] => [...html.matchAll(/<tr data-case="([^"]+)">/g)].map((m) => m[1] ?? '');

beforeAll(async () => {
  office = await startOfficeWithPages();
  van = await Van.enroll(office);
  const unit = await freeUnit(office, 0);
  // One more than a page in 已受理，待初审, taken on two laptops (each holds a run of 50 receipt numbers).
  const other = await Van.enroll(office, 'van-test-2');
  for (let n = 1; n <= 52; n++) cases.push(await (n <= 26 ? van : other).acceptCase(n, unit));
  for (const login of ['wangfang', 'liuyang', 'chenjing']) tokens[login] = await loginAs(office, login);
  // The oldest case through 审批: 待登簿.
  const first = cases[0]!.caseId;
  await act('wangfang', first, { action: 'pass', reason: '材料齐全，符合登记条件', outOfOrderReason: '测试：先办最早受理的案件' });
  await act('liuyang', first, { action: 'pass', reason: '同意', outOfOrderReason: '测试：先办最早受理的案件' });
  await act('chenjing', first, { action: 'pass', reason: '同意', outOfOrderReason: '测试：先办最早受理的案件' });
}, 120_000);
afterAll(async () => {
  await office.close();
});

describe('the dashboard\'s stage cards', () => {
  it('link each stage to its list', async () => {
    const { html } = await pageOf('/office/dashboard');
    expect(html).toContain('<a class="card" href="/office/stages/approved" data-stage="approved"');
    expect(html).toContain('<a class="card" href="/office/stages/accepted" data-stage="accepted"');
  });
});

describe('a stage\'s list', () => {
  it('shows the cases waiting for 登簿 with their number, applicant, business, since when and a link to the case', async () => {
    const { status, html } = await pageOf('/office/stages/approved');
    expect(status).toBe(200);
    expect(html).toContain('按阶段：审批通过，待登簿（1）');
    expect(caseIdsIn(html)).toEqual([cases[0]!.caseId]);
    const row = /<tr data-case="[^"]+">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect(row).toContain(`<td>${cases[0]!.caseNumber}</td><td>申请人1</td><td>`);
    expect(row).toContain(`href="/office/cases/${encodeURIComponent(cases[0]!.caseId)}"`);
    // Since 审批, not since acceptance: the two times differ.
    const times = [...row.matchAll(/<td>(\d{4}-\d{2}-\d{2} \d{2}:\d{2})<\/td>/g)].map((m) => m[1]);
    expect(times).toHaveLength(2);
    expect(times[0]! > times[1]!).toBe(true);
  });

  it('pages by key, oldest acceptance first: every case once, the next link only while more remain', async () => {
    const firstPage = await pageOf('/office/stages/accepted');
    expect(firstPage.html).toContain('按阶段：已受理，待初审（51）');
    expect(firstPage.html).toContain('本页 50 件，共 51 件');
    const shown = caseIdsIn(firstPage.html);
    expect(shown).toEqual(cases.slice(1, 51).map((c) => c.caseId));
    const next = /data-testid="next-page" href="([^"]+)"/.exec(firstPage.html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(next).toMatch(/^\/office\/stages\/accepted\?after=/);
    const secondPage = await pageOf(next);
    expect(caseIdsIn(secondPage.html)).toEqual([cases[51]!.caseId]);
    expect(secondPage.html).not.toContain('data-testid="next-page"');
    expect(secondPage.html).toContain('回到第一页');
  });

  it('answers the same list as JSON, with the cursor of the next page', async () => {
    const res = await api(office, tokens['wangfang']!, 'GET', '/office/stages/accepted');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ stage: 'accepted', label: '已受理，待初审', total: 51 });
    const listed = res.json['cases'] as { caseId: string; caseNumber: string; firstApplicant: string; business: string; since: string }[];
    expect(listed).toHaveLength(50);
    expect(listed[0]).toMatchObject({ caseId: cases[1]!.caseId, caseNumber: cases[1]!.caseNumber, firstApplicant: '申请人2' });
    const after = res.json['next'] as string;
    const rest = await api(office, tokens['wangfang']!, 'GET', `/office/stages/accepted?after=${encodeURIComponent(after)}`);
    expect((rest.json['cases'] as { caseId: string }[]).map((c) => c.caseId)).toEqual([cases[51]!.caseId]);
    expect(rest.json['next']).toBeNull();
  });

  it('says in Chinese when the stage is unknown or the page cursor is not one it wrote', async () => {
    const unknown = await pageOf('/office/stages/nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('没有这个阶段');
    const bad = await pageOf('/office/stages/accepted?after=2026~');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('翻页参数不合格');
    const badApi = await api(office, tokens['wangfang']!, 'GET', '/office/stages/accepted?after=no-tilde');
    expect(badApi.status).toBe(400);
    expect(badApi.json).toMatchObject({ code: 'malformed', message: '翻页参数不合格，请从第一页重新翻阅。' });
  });

  it('is for office staff only', async () => {
    expect((await fetch(`${office.url}${API_BASE}/office/stages/accepted`)).status).toBe(401);
    const clerk = await loginAs(office, 'zhangwei');
    expect((await api(office, clerk, 'GET', '/office/stages/accepted')).status).toBe(403);
  });
});
