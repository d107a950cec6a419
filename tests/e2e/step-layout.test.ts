import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Locator, type Page } from 'playwright-core';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { chooseUnit, collectPayment, receiveMaterials, startAppointment, typeApplicants } from './intake-driver.ts';

/** 刘建国's unit (non-residential): a joint transfer, the longest 收件 list of the demo. */
const UNIT = '230803003012GB00100F00010101';
const VIEWPORT = { width: 1366, height: 768 };

/** Wholly inside the 1366×768 window as it stands (no scrolling) and the topmost thing at its centre: a finger can hit it. */
async function onScreen(target: Locator): Promise<void> {
  const box = await target.boundingBox();
  expect(box).not.toBeNull();
  const { x, y, width, height } = box!;
  expect(x).toBeGreaterThanOrEqual(0);
  expect(y).toBeGreaterThanOrEqual(0);
  expect(x + width).toBeLessThanOrEqual(VIEWPORT.width);
  expect(y + height).toBeLessThanOrEqual(VIEWPORT.height);
  expect(await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  })).toBe(true);
}

describe('the intake\'s steps on the van\'s 1366×768 touch screen, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  const next = () => page.getByRole('button', { name: '下一步' });
  const tab = (n: number, name: string) => page.getByRole('group', { name: /^步骤/ }).getByRole('button', { name: `${n}. ${name}`, exact: true });
  const current = async () => page.getByRole('group', { name: /^步骤/ }).locator('[aria-current="step"]').textContent();

  it('keeps 下一步 on screen at every step, however long the step', async () => {
    expect(page.viewportSize()).toEqual(VIEWPORT);
    await startAppointment(page, '刘建国');
    await onScreen(next());
    await next().click();
    await onScreen(next());
    await typeApplicants(page, { second: '张国强' });
    await page.locator('[data-testid="unit-step"][data-ready="true"]').waitFor();
    await onScreen(next());
    await chooseUnit(page, UNIT);
    await page.getByTestId('materials-summary').waitFor();
    await onScreen(next());
    await receiveMaterials(page);
    await page.getByTestId('fee-total').waitFor();
    await onScreen(next());
  }, 120_000);

  it('goes back to each step passed when its tab is tapped, and not ahead', async () => {
    expect(await current()).toBe('5. 收费');
    expect(await tab(6, '付款与票据').isDisabled()).toBe(true);
    for (const [n, name, shown] of [[4, '材料与扫描', 'materials-summary'], [3, '不动产单元', 'unit-step'], [2, '申请人', 'applicant'], [1, '业务类型', '']] as const) {
      await onScreen(tab(n, name));
      await tab(n, name).click();
      expect(await current()).toBe(`${n}. ${name}`);
      if (shown) await page.getByTestId(shown).first().waitFor();
      else await page.getByRole('radiogroup', { name: '选择业务类型' }).waitFor();
      await onScreen(next());
    }
    // Forward again, and everything recorded is still there.
    await next().click();
    await next().click();
    await page.locator('[data-testid="unit-step"][data-ready="true"]').waitFor();
    await next().click();
    await page.getByTestId('materials-summary').waitFor();
    expect(await page.getByTestId('materials-summary').textContent()).toContain('材料齐全');
    await next().click();
    await page.getByTestId('fee-total').waitFor();
    expect(await page.getByTestId('fee-total').textContent()).toBe('￥550.00');
    await next().click();
    await onScreen(next());
    await onScreen(page.getByRole('button', { name: '收款并打印票据' }));
    await collectPayment(page);
    await onScreen(page.getByRole('button', { name: /生成告知书/ }));
    await onScreen(next());
    // The notice's 查看 PDF is a finger's target too, not a 21 px line of link text.
    await page.getByRole('button', { name: /生成告知书/ }).click();
    await page.getByText(/已生成（\d+ 页）/).waitFor({ timeout: 60_000 });
    const open = page.getByRole('link', { name: '查看 PDF' });
    expect((await open.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    // Once the case is saved the tabs no longer go back: corrections are new events.
    expect(await tab(4, '材料与扫描').isDisabled()).toBe(true);
  }, 120_000);
});
