/**
 * Steps of the van's intake flow as a person takes them, for the end-to-end tests: start from an
 * appointment, applicants typed, the unit found, materials received, the notice made, the signature.
 */
import { type Page } from 'playwright-core';
import { residentId } from './sample-files.ts';

/** Presses 开始受理 on the appointment of `applicant` (from 今日行程). */
export async function startAppointment(page: Page, applicant: string): Promise<void> {
  await page.getByRole('button', { name: '今日行程' }).click();
  await page.getByTestId('appointment').filter({ hasText: applicant }).getByRole('button', { name: '开始受理' }).click();
}

/** Step 2: the appointment's applicant gets a valid ID number; a joint application gets a second person. */
export async function typeApplicants(page: Page, opts: { second?: string } = {}): Promise<void> {
  await page.getByLabel('公民身份号码').first().fill(residentId('230804', '19480202', '111'));
  if (opts.second) {
    await page.getByRole('button', { name: '添加申请人' }).click();
    await page.getByLabel('姓名').nth(1).fill(opts.second);
    await page.getByLabel('公民身份号码').nth(1).fill(residentId('230804', '19700707', '222'));
    await page.getByLabel('身份', { exact: true }).nth(1).selectOption('obligor');
  }
  await page.getByRole('button', { name: '下一步' }).click();
}

/**
 * Step 3: the unit by its number (unless it is already chosen), with the mortgagee's consent when asked. The
 * appointment's own unit comes chosen; a test that takes another unit removes it first, as a clerk would.
 */
export async function chooseUnit(page: Page, unitNumber: string): Promise<void> {
  await page.locator('[data-testid="unit-step"][data-ready="true"]').waitFor();
  const others = page.getByTestId('selected-unit').filter({ hasNotText: unitNumber });
  while ((await others.count()) > 0) await others.first().getByRole('button', { name: '删除' }).click();
  if ((await page.getByTestId('selected-unit').filter({ hasText: unitNumber }).count()) === 0) {
    await page.getByLabel('单元号、证书号或地址').fill(unitNumber);
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('unit-result').filter({ hasText: unitNumber }).getByRole('button', { name: '选择' }).click();
  }
  const consent = page.getByLabel('已取得抵押权人书面同意');
  if ((await consent.count()) > 0) await consent.check();
  await page.getByRole('button', { name: '下一步' }).click();
}

/** Step 4: every material received on paper (its pages counted) except the keys in `missing`. */
export async function receiveMaterials(page: Page, missing: readonly string[] = []): Promise<void> {
  await page.getByTestId('materials-summary').waitFor();
  for (const row of await page.locator('[data-testid^="material-"]').all()) {
    const key = ((await row.getAttribute('data-testid')) ?? '').replace('material-', '');
    if (missing.includes(key)) continue;
    const button = row.getByRole('button', { name: '已收（无扫描件）' });
    if ((await button.count()) > 0) {
      await button.click();
      await row.getByLabel(/^页数：/).fill('2');
    }
  }
  await page.getByRole('button', { name: '下一步' }).click();
}

/**
 * The enterprise batch's other party (a joint application: 条例 第十四条) and the page count of each material the
 * enterprise handed over.
 */
export async function describeBatch(page: Page): Promise<void> {
  if ((await page.getByTestId('batch-other-party').count()) > 0) {
    await page.getByLabel('对方当事人名称或姓名').fill('佳木斯市城市建设投资有限公司');
    await page.getByLabel('对方证件号码（企业代码或身份证号）').fill(BUYER_CREDIT_CODE);
  }
  for (const input of await page.getByTestId('batch-materials').getByLabel(/^页数：/).all()) await input.fill('3');
}

/** Valid 统一社会信用代码 (GB 32100 check characters) for the demo enterprises. */
export const SELLER_CREDIT_CODE = '91230800MA1B2C3D4D';
export const OTHER_SELLER_CREDIT_CODE = '91230800MA5F6G7H8K';
export const BUYER_CREDIT_CODE = '91230800MA0000001W';

/** The notice step: makes the notice (acceptance or correction) and waits for the PDF. */
export async function makeNotice(page: Page): Promise<void> {
  await page.getByRole('button', { name: /生成告知书/ }).click();
  await page.getByText(/已生成（\d+ 页）/).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: '下一步' }).click();
}

/** A stroke on one applicant's signature pad; `hand` varies it, as two people's signatures differ. */
export async function signPad(page: Page, applicant: string, hand = 0): Promise<void> {
  const canvas = page.getByLabel(`申请人签名：${applicant}`, { exact: true });
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 30);
  await page.mouse.down();
  await page.mouse.move(box.x + 200 + 40 * hand, box.y + 90 - 20 * hand);
  await page.mouse.move(box.x + 300 + 60 * hand, box.y + 40);
  await page.mouse.up();
}

/** The last step: a stroke on every applicant's pad, then 确认签名并完成 (the app shows 案件). */
export async function sign(page: Page): Promise<void> {
  await page.getByTestId('signature-pad').first().waitFor();
  const labels = await page.getByTestId('signature-pad').locator('canvas').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  for (const [i, label] of labels.entries()) await signPad(page, label.replace('申请人签名：', ''), i);
  await page.getByRole('button', { name: '确认签名并完成' }).click();
  await page.getByRole('region', { name: '案件' }).waitFor();
}

/** 收款并打印票据 on the payment step; returns the receipt number shown. */
export async function collectPayment(page: Page): Promise<string> {
  await page.getByRole('button', { name: '收款并打印票据' }).click();
  await page.getByTestId('receipt-number').waitFor();
  const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
  await page.getByRole('button', { name: '下一步' }).click();
  return number;
}

/**
 * An intake from its appointment up to the notice step, as a clerk takes it: 开始受理, the kind as booked, the
 * applicants (a second one for a joint application), the unit, every material but `missing`, then the fee and
 * its payment. A 补正 (something `missing`) goes from the materials straight to its notice, and a business the
 * rules do not charge (`charged: false`) from the fee to the notice. Returns the receipt number, or null when
 * nothing was charged.
 */
export async function walkIntakeToNotice(
  page: Page, o: { applicant: string; unit: string; second?: string; missing?: readonly string[]; charged?: boolean },
): Promise<string | null> {
  await startAppointment(page, o.applicant);
  await page.getByRole('button', { name: '下一步' }).click();
  await typeApplicants(page, o.second ? { second: o.second } : {});
  await chooseUnit(page, o.unit);
  await receiveMaterials(page, o.missing);
  if ((o.missing ?? []).length > 0) return null;
  await page.getByRole('button', { name: '下一步' }).click();
  return o.charged === false ? null : collectPayment(page);
}

/** Waits until 同步 shows the van in step with the office. */
export async function waitInSync(page: Page): Promise<void> {
  await page.getByRole('button', { name: '同步' }).click();
  await page.locator('[data-testid="sync-status"][data-status="in-sync"]').waitFor({ timeout: 90_000 });
}

/**
 * Waits on 同步 until it counts exactly these records and scans as waiting. An intake's last writes land
 * shortly after its notice is signed, and the count follows them at most once a second: reading it at the
 * first scan would catch it short.
 */
export async function waitForPending(page: Page, want: { documents: number; scans: number }): Promise<void> {
  const read = () => page.evaluate(() => ({
    documents: Number(document.querySelector('[data-testid="pending-documents"]')?.textContent),
    scans: Number(document.querySelector('[data-testid="pending-scans"]')?.textContent),
  }));
  const deadline = Date.now() + 30_000;
  for (let now = await read(); now.documents !== want.documents || now.scans !== want.scans; now = await read()) {
    if (Date.now() > deadline) throw new Error(`同步 shows ${now.documents} records and ${now.scans} scans waiting, not ${want.documents} and ${want.scans}`);
    await page.waitForTimeout(100);
  }
}

/**
 * 黄玉兰 and 赵大勇's intake with its materials short (only the first one received, on paper): the one-time
 * 补正 notice, no fee, signed by both. The app shows 案件 afterwards.
 */
export async function takeShortIntake(page: Page, unit: string): Promise<void> {
  await startAppointment(page, '黄玉兰');
  await page.getByRole('button', { name: '下一步' }).click();
  await typeApplicants(page, { second: '赵大勇' });
  await chooseUnit(page, unit);
  await page.getByTestId('materials-summary').waitFor();
  await page.locator('[data-testid^="material-"]').first().getByRole('button', { name: '已收（无扫描件）' }).click();
  await page.getByRole('button', { name: '下一步' }).click();
  await makeNotice(page);
  await sign(page);
}
