import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { chineseDateText } from '#domain/calendar/china-time.ts';
import { correctionSupplyBy } from '#domain/calendar/deadlines.ts';
import { pdfText } from '../documents/pdf-tools.ts';
import { API_BASE } from '#protocol/version.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { type E2eWorld, TRIP_DAYS, createWorld, officeLogin, startTripDay } from './harness.ts';
import { collectPayment, makeNotice, sign, waitInSync, walkIntakeToNotice } from './intake-driver.ts';

/** 刘建国's unit (non-residential: ¥550.00). */
const UNIT = '230803003012GB00100F00010101';
/** 黄玉兰's unit: residential, nothing on it. */
const COUNTER_UNIT = '230803003012GB00105F00050303';
const squash = (t: string) => t.replace(/\s+/g, '');

describe.each(TRIP_DAYS)('补正 continued on the van, after a return by review or the counter\'s own notice ($label), in Chromium against start:browser and the real office', ({ daysAhead }) => {
  let world: E2eWorld;
  let page: Page;
  let office = '';
  let caseId = '';
  let caseNumber = '';
  beforeAll(async () => {
    world = await createWorld({ daysAhead });
    page = await startTripDay(world, 'zhangwei');
    office = world.office!.url.replace(/\/$/, '');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('shows what the review asks for once the office returns the case', async () => {
    await walkIntakeToNotice(page, { applicant: '刘建国', second: '张国强', unit: UNIT });
    await makeNotice(page);
    await sign(page);
    // The case as the clerk sees it on 案件 after signing: its card names 刘建国.
    caseId = (await page.getByTestId('case').filter({ hasText: '刘建国' }).getAttribute('data-case-id')) ?? '';
    expect(caseId).not.toBe('');
    await waitInSync(page);
    const reviewer = await officeLogin(office, 'wangfang');
    const res = await fetch(`${office}${API_BASE}/office/cases/${encodeURIComponent(caseId)}/actions`, {
      method: 'POST', headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'return-for-correction', reason: '契税完税凭证不清晰，请补交原件', missing: ['tax-proof'] }),
    });
    expect(res.status).toBe(201);
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '案件' }).click();
    const card = page.locator(`[data-testid="case"][data-case-id="${caseId}"]`);
    await page.locator(`[data-testid="case"][data-case-id="${caseId}"][data-stage="correction"]`).waitFor({ timeout: 60_000 });
    caseNumber = (await card.locator('.big').first().textContent()) ?? '';
    expect(await card.getByTestId('correction').textContent()).toContain('契税完税凭证不清晰，请补交原件');
    expect(await card.getByTestId('correction-tax-proof').count()).toBe(1);
  }, 200_000);

  it('takes the materials with their pages and sends the case back to 初审 under the same number, with no new fee', async () => {
    const card = page.locator(`[data-testid="case"][data-case-id="${caseId}"]`);
    const submit = card.getByRole('button', { name: '补正材料已收齐，退回审查' });
    expect(await submit.isDisabled()).toBe(true);
    await card.getByTestId('correction-tax-proof').getByRole('spinbutton').fill('3');
    await submit.click();
    // The case moves to 初审 on the van once its event is written; a refusal shows on the panel instead. Wait
    // for whichever shows (a loaded machine takes its time over the write), then say which it was.
    const accepted = page.locator(`[data-testid="case"][data-case-id="${caseId}"][data-stage="accepted"]`);
    await accepted.or(card.getByTestId('correction').locator('.alert.bad')).waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${(await card.textContent()) ?? ''}`);
    });
    expect(await accepted.count(), (await card.textContent()) ?? '').toBe(1);
    expect(await card.locator('.big').first().textContent()).toBe(caseNumber);
    expect(await card.getByTestId('receipt-line').count()).toBe(1);
    await waitInSync(page);
    const finance = await officeLogin(office, 'zhaolei');
    const report = (await (await fetch(`${office}${API_BASE}/office/trips/${DEMO_TRIP_ID}/reconciliation`, { headers: { authorization: `Bearer ${finance}` } })).json()) as {
      discrepancies: { code: string }[]; money: { expectedFen: number; chargedFen: number };
    };
    expect(report.money.expectedFen).toBe(55_000);
    expect(report.money.chargedFen).toBe(55_000);
    expect(report.discrepancies.map((d) => d.code)).not.toContain('case-fee-unpaid');
    const reviewer = await officeLogin(office, 'liuyang');
    const queue = (await (await fetch(`${office}${API_BASE}/office/queues/1`, { headers: { authorization: `Bearer ${reviewer}` } })).text());
    expect(queue).toContain(caseId);
  }, 200_000);

  /** The PDF of one kind the van archived with the case, read back as text. */
  const archived = (id: string, kind: string): string[] => {
    const dir = join(world.vanDataDir, 'van', 'documents', id);
    return readdirSync(dir).filter((f) => f.startsWith(`${kind}-`)).map((f) => squash(pdfText(readFileSync(join(dir, f)))));
  };
  let counterCase = '';
  let counterNumber = '';

  it('prints on the counter\'s 补正 notice the last day to supply the materials and where to hand them in', async () => {
    expect(await walkIntakeToNotice(page, { applicant: '黄玉兰', second: '赵大勇', unit: COUNTER_UNIT, missing: ['tax-proof'] })).toBeNull();
    expect(await page.getByTestId('notice').getAttribute('data-outcome')).toBe('correction');
    await makeNotice(page);
    await sign(page);
    const card = page.locator('[data-testid="case"][data-stage="correction"]').filter({ hasText: '黄玉兰' });
    await card.waitFor();
    counterCase = (await card.getAttribute('data-case-id')) ?? '';
    counterNumber = (await card.locator('.big').first().textContent()) ?? '';
    const supplyBy = correctionSupplyBy(world.clock.now().toISOString());
    const due = chineseDateText(supplyBy.date);
    const [notice] = archived(counterCase, 'correction');
    // 暂定 when the 15 working days reach into a year whose holiday notice is not out yet.
    expect(notice).toContain(`请于${due}（15个工作日${supplyBy.provisional ? '，暂定' : ''}）前补齐上述全部材料`);
    expect(notice).toContain('交至佳木斯市不动产登记中心受理窗口');
    expect(notice).toContain('预约便民服务直通车上门时交给工作人员');
    // The van shows the same deadline on the case, with what the notice listed.
    const panel = card.getByTestId('continue-correction');
    expect(await panel.textContent()).toContain(`补正期限：${due}`);
    expect(await panel.textContent()).toContain('契税完税或减免税凭证');
    expect(await panel.getAttribute('data-late')).toBe('false');
    expect(await card.getByTestId('receipt-line').count()).toBe(0);
  }, 200_000);

  it('continues it when the materials come: the same number, the fee and receipt now, then the 受理通知书', async () => {
    const card = page.locator(`[data-testid="case"][data-case-id="${counterCase}"]`);
    await card.getByRole('button', { name: '材料已到，继续受理' }).click();
    await page.getByTestId('continued').waitFor();
    expect(await page.getByTestId('continued').textContent()).toContain(counterNumber);
    // Only the listed material is open; 下一步 waits for it and 上一步 cannot reopen the application.
    expect(await page.getByRole('button', { name: '上一步' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '下一步' }).isDisabled()).toBe(true);
    const row = page.getByTestId('material-tax-proof');
    await row.getByRole('button', { name: '已收（无扫描件）' }).click();
    await row.getByLabel(/^页数：/).fill('1');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    const receipt = await collectPayment(page);
    expect(receipt).toMatch(/^JMS\d{4}-\d{6}$/);
    await makeNotice(page);
    await sign(page);
    await page.locator(`[data-testid="case"][data-case-id="${counterCase}"][data-stage="accepted"]`).waitFor();
    expect(await card.locator('.big').first().textContent()).toBe(counterNumber);
    expect(await card.getByTestId('receipt-line').count()).toBe(1);
    const [acceptance] = archived(counterCase, 'acceptance');
    expect(acceptance).toContain('不动产登记受理通知书');
    expect(acceptance).toContain(`受理编号：${counterNumber}`);
    expect(acceptance).toContain('契税完税或减免税凭证');
    await waitInSync(page);
    const finance = await officeLogin(office, 'zhaolei');
    const report = (await (await fetch(`${office}${API_BASE}/office/trips/${DEMO_TRIP_ID}/reconciliation`, { headers: { authorization: `Bearer ${finance}` } })).json()) as {
      discrepancies: { code: string; caseId: string | null }[]; money: { expectedFen: number; chargedFen: number };
    };
    expect(report.money.chargedFen).toBe(report.money.expectedFen);
    expect(report.discrepancies.filter((d) => d.caseId === counterCase)).toEqual([]);
    const reviewer = await officeLogin(office, 'liuyang');
    expect(await (await fetch(`${office}${API_BASE}/office/queues/1`, { headers: { authorization: `Bearer ${reviewer}` } })).text()).toContain(counterCase);
  }, 200_000);
});
