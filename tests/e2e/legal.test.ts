import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, logIn, officeLogin, startTripDay } from './harness.ts';
import { collectPayment, makeNotice, receiveMaterials, sign, startAppointment, typeApplicants, waitInSync } from './intake-driver.ts';
import { residentId } from './sample-files.ts';
import { pdfText } from '../documents/pdf-tools.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
/** A shop (non-residential, ¥550.00) and a separately certificated parking space (¥80.00) in 向阳区. */
const SHOP = '230803003012GB00100F00010101';
const PARKING = '230803003012GB00111F00050303';
const SEIZED = '230804003012GB00109F00060603';
const GUARDED = '230811003012GB00102F00070502';

type OfficeCase = {
  caseDoc: { id: string };
  status: { stage: string };
  events: { kind: string; payload: Record<string, unknown> }[];
  receipts: { number: string; amountFen: number; items: { label: string; amountFen: number }[] }[];
  fee: { expectedFen: number } | null;
};

const squash = (s: string) => s.replace(/\s+/g, '');

describe('legal fidelity at the counter, in Chromium against start:browser and the real office', () => {
  let world: E2eWorld;
  let page: Page;
  let twoUnitCase = '';
  let refusedCase = '';
  let guardedCase = '';

  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  /** The PDF of one kind the van archived with the case, read back as text. */
  const archived = (caseId: string, kind: string): string => {
    const dir = join(world.vanDataDir, 'van', 'documents', caseId);
    const file = readdirSync(dir).find((f) => f.startsWith(`${kind}-`));
    if (!file) throw new Error(`no ${kind} PDF for ${caseId} in ${readdirSync(dir).join(', ')}`);
    return squash(pdfText(readFileSync(join(dir, file))));
  };
  const officeCase = async (caseId: string): Promise<OfficeCase> => {
    const office = world.office!.url.replace(/\/$/, '');
    const token = await officeLogin(office, 'zhaolei');
    const res = await fetch(`${office}/api/v1/office/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as OfficeCase;
  };
  /**
   * The case just signed for `applicant`: a new card shows before its events load (and so before its stage), so the
   * first card of a stage alone may be an older case.
   */
  const newestCase = async (stage: string, applicant: string): Promise<string> => {
    const card = page.locator(`[data-testid="case"][data-stage="${stage}"]`).filter({ hasText: applicant }).first();
    await card.waitFor();
    return (await card.getAttribute('data-case-id')) ?? '';
  };
  async function pick(unitNumber: string) {
    await page.getByLabel('单元号、证书号或地址').fill(unitNumber);
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('unit-result').filter({ hasText: unitNumber }).getByRole('button', { name: '选择' }).click();
  }

  it('charges a case of two units twice (2559号 三), on one receipt, and names both units on the notice', async () => {
    await startAppointment(page, '刘建国');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '张国强' });
    await pick(SHOP);
    await pick(PARKING);
    expect(await page.getByTestId('selected-unit').count()).toBe(2);
    await page.getByRole('button', { name: '下一步' }).click();
    await receiveMaterials(page);
    expect(await page.getByTestId('fee-item').allTextContents()).toEqual([
      `不动产登记费（非住宅）（单元${SHOP}）￥550.00`,
      `不动产登记费（车库、车位、储藏间单独发证）（单元${PARKING}）￥80.00`,
    ]);
    expect(await page.getByTestId('fee-total').textContent()).toBe('￥630.00');
    expect(await page.getByTestId('fee-pieces').textContent()).toContain('本案共 2 件');
    await page.screenshot({ path: `${SHOTS}intake-fees-two-units.png` });
    await page.getByRole('button', { name: '下一步' }).click();
    const number = await collectPayment(page);
    expect(number).toBe('JMS2026-001001');
    await makeNotice(page);
    await sign(page);
    twoUnitCase = await newestCase('accepted', '刘建国');
    const notice = archived(twoUnitCase, 'acceptance');
    for (const expected of ['不动产登记受理通知书', SHOP, PARKING, '西林路1号', '中山街3号', '￥630.00', '（5个工作日', '（30个工作日']) expect(notice).toContain(expected);

    await waitInSync(page);
    const atOffice = await officeCase(twoUnitCase);
    expect(atOffice.receipts).toHaveLength(1);
    expect(atOffice.receipts[0]).toMatchObject({ number: 'JMS2026-001001', amountFen: 63_000 });
    expect(atOffice.receipts[0]!.items.map((i) => i.amountFen)).toEqual([55_000, 8_000]);
    // The office recomputes the fee per 件 too: what was charged is what is due.
    expect(atOffice.fee?.expectedFen).toBe(63_000);
  }, 240_000);

  it('refuses a transfer of a seized unit in writing: a printed 不予受理告知书 that syncs as intake-refused', async () => {
    await startAppointment(page, '王春梅');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '赵大勇' });
    await pick(SEIZED);
    expect(await page.getByTestId('selected-unit').getByRole('alert').textContent()).toBe('该不动产已被依法查封，查封期间不能办理转移、抵押、预告、地役权等登记');
    expect(await page.getByTestId('unit-refusal').textContent()).toContain('不予受理告知书');
    await page.screenshot({ path: `${SHOTS}intake-seized.png` });
    await page.getByRole('button', { name: '下一步' }).click();
    const notice = page.getByTestId('notice');
    expect(await notice.getAttribute('data-outcome')).toBe('refused');
    // The applicant cannot be sent off with a refusal on screen only: signing waits for the written notice.
    expect(await page.getByRole('button', { name: '下一步' }).isDisabled()).toBe(true);
    await makeNotice(page);
    await sign(page);
    refusedCase = await newestCase('intake-refused', '王春梅');
    const text = archived(refusedCase, 'refusal');
    for (const expected of ['不动产登记不予受理告知书', '本机构决定不予受理', '已被依法查封', '《中华人民共和国城市房地产管理法》第三十八条第（二）项', '《中华人民共和国民法典》第三百九十九条第（五）项', SEIZED, '行政复议', '申请编号']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('受理编号');
    await page.screenshot({ path: `${SHOTS}intake-refused.png` });

    await waitInSync(page);
    const atOffice = await officeCase(refusedCase);
    expect(atOffice.status.stage).toBe('intake-refused');
    const refusal = atOffice.events.find((e) => e.kind === 'intake-refused');
    expect(refusal?.payload).toMatchObject({ ground: 'seized', basis: expect.stringContaining('第三十八条') as string });
    expect(atOffice.receipts).toHaveLength(0);
  }, 240_000);

  it('takes an intake for an adult who cannot act alone through the guardian, with the guardianship papers (实施细则 第十一条)', async () => {
    await startAppointment(page, '马秀英');
    expect(await page.getByRole('radio', { name: '变更登记', exact: true }).getAttribute('aria-checked')).toBe('true');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('公民身份号码').first().fill(residentId('230811', '19400303', '222'));
    await page.getByLabel('由他人代为申请').selectOption('guardian');
    expect(await page.getByRole('button', { name: '下一步' }).isDisabled()).toBe(true);
    await page.getByLabel('监护人姓名').fill('马建华');
    await page.getByLabel('监护人或代理人的公民身份号码').fill(residentId('230811', '19680808', '135'));
    await page.getByLabel('监护关系').fill('长子（人民法院指定监护判决书）');
    await page.getByRole('button', { name: '下一步' }).click();
    await pick(GUARDED);
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByTestId('material-guardianship-proof').waitFor();
    expect(await page.getByTestId('material-guardian-identity').count()).toBe(1);
    // A change disposes of nothing: no guarantee for the ward's benefit is asked for.
    expect(await page.getByTestId('material-minor-interest-guarantee').count()).toBe(0);
    await receiveMaterials(page);
    await page.getByRole('button', { name: '下一步' }).click();
    await collectPayment(page);
    await makeNotice(page);
    await sign(page);
    guardedCase = await newestCase('accepted', '马秀英');
    expect(archived(guardedCase, 'acceptance')).toContain('马秀英（监护人马建华代为申请）');

    await waitInSync(page);
    const accepted = (await officeCase(guardedCase)).events.find((e) => e.kind === 'accepted');
    expect((accepted?.payload['applicants'] as { representative?: unknown }[])[0]?.representative).toEqual({
      kind: 'guardian', name: '马建华', idType: 'resident-id', idNumber: residentId('230811', '19680808', '135'), relation: '长子（人民法院指定监护判决书）',
    });
    const materials = (accepted?.payload['materials'] as { key: string; pages: number }[]);
    expect(materials.find((m) => m.key === 'guardianship-proof')?.pages).toBe(2);
  }, 240_000);

  it('refunds the whole fee after the applicant withdraws, with a 退费凭证, recorded at the office', async () => {
    await page.getByRole('button', { name: '案件' }).click();
    const card = page.locator(`[data-testid="case"][data-case-id="${twoUnitCase}"]`);
    await card.getByRole('button', { name: '申请人撤回申请' }).click();
    await card.getByLabel('撤回原因（必填，申请人书面申请）').fill('申请人书面申请撤回，不再转让');
    await card.getByRole('button', { name: '确认撤回' }).click();
    await page.locator(`[data-testid="case"][data-case-id="${twoUnitCase}"][data-stage="withdrawn"]`).waitFor();
    // The withdraw panel is gone with the open case; the case itself says it was withdrawn, when and why, and still
    // does after a reload.
    expect(await card.getByTestId('withdraw').count()).toBe(0);
    const withdrawn = /^申请人已撤回申请：已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 记录撤回（《不动产登记暂行条例》第十五条），原因：申请人书面申请撤回，不再转让$/;
    expect(await card.getByTestId('case-withdrawn').textContent()).toMatch(withdrawn);
    await page.reload();
    await logIn(page, 'zhangwei');
    await page.getByRole('button', { name: '案件' }).click();
    expect(await card.getByTestId('case-withdrawn').textContent()).toMatch(withdrawn);
    const line = card.getByTestId('receipt-line');
    await line.getByRole('button', { name: '退费 ￥630.00' }).click();
    await line.getByLabel('退付方式').selectOption('cash');
    await line.getByLabel('退费说明（必填）').fill('撤回申请，退还已缴登记费');
    await line.getByRole('button', { name: '确认退费并打印退费凭证' }).click();
    await line.getByRole('status').filter({ hasText: '已退费 ￥630.00，退费凭证 TF-JMS2026-001001 已生成' }).waitFor();
    await line.getByText('已退费', { exact: true }).waitFor();
    expect(await line.getByRole('button', { name: /^退费/ }).count()).toBe(0);
    const slip = archived(twoUnitCase, 'refund');
    for (const expected of ['不动产登记费退费凭证', 'TF-JMS2026-001001', 'JMS2026-001001', '￥630.00', '人民币陆佰叁拾元整', '第十五条第二款']) expect(slip).toContain(expected);
    await page.screenshot({ path: `${SHOTS}cases-refund.png` });

    await waitInSync(page);
    const atOffice = await officeCase(twoUnitCase);
    expect(atOffice.status.stage).toBe('withdrawn');
    expect(atOffice.events.find((e) => e.kind === 'fee-refunded')?.payload).toMatchObject({ receiptNumber: 'JMS2026-001001', amountFen: 63_000, method: 'cash', ground: 'withdrawn' });
  }, 240_000);
});
