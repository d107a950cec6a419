import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { chooseUnit, startAppointment, typeApplicants } from './intake-driver.ts';
import { type E2eWorld, TRIP_DAYS, createWorld, logIn, restartVan, startTripDay } from './harness.ts';
import { residentId, writeSamplePng } from './sample-files.ts';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';

const UNIT = '230803003012GB00100F00010101';
const HOLDER_ID = residentId('230804', '19480202', '111');

/** The intake as kept on the van: wait until what the screen shows is stored. */
const kept = (page: Page) => page.locator('[data-testid="draft-kept"][data-current="true"]').waitFor();
const currentStep = (page: Page) => page.locator('.steps .current').textContent();
/** The scan index's entries (`<sha256> <caseId>`, the draft's scans held on the van: none is uploaded before the case is saved). */
const scanIndex = (world: E2eWorld) => {
  const file = join(world.vanDataDir, 'van', 'scan-index.json');
  if (!existsSync(file)) return [];
  const index = JSON.parse(readFileSync(file, 'utf8')) as { entries: { sha256: string; caseId: string; saved: boolean }[] };
  return index.entries.map((e) => `${e.sha256} ${e.caseId} ${e.saved ? 'saved' : 'held'}`);
};

// The draft itself does not depend on the date; it runs on a day other than the seed's, as every e2e does.
describe.each([TRIP_DAYS[1]])('an intake in progress is kept on the van ($label), in Chromium against start:browser', ({ daysAhead }) => {
  let world: E2eWorld;
  let page: Page;
  let scanFile = '';

  beforeAll(async () => {
    world = await createWorld({ daysAhead });
    page = await startTripDay(world, 'zhangwei');
    writeSamplePng(join(world.root, 'contract.png'), 64, 48, 7);
  }, 240_000);
  afterAll(async () => world?.cleanup());

  it('survives a reload: after the login it is offered, and resumes at its step with its scan', async () => {
    await startAppointment(page, '刘建国');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '张国强' });
    await chooseUnit(page, UNIT);
    await page.getByLabel(/导入扫描件：不动产权属转移的材料/).setInputFiles(join(world.root, 'contract.png'));
    await page.getByTestId('scan-thumb').waitFor();
    await kept(page);
    const [entry] = scanIndex(world);
    expect(scanIndex(world)).toHaveLength(1);
    expect(entry).toMatch(/ held$/);
    scanFile = entry!.slice(0, 64);

    await page.reload();
    await logIn(page, 'zhangwei');
    const banner = page.getByTestId('draft-banner');
    expect(await banner.textContent()).toContain('有一份未完成的受理：刘建国 · 转移登记 · 停在“材料与扫描”（张伟 开始）');
    await banner.getByRole('button', { name: '继续受理' }).click();
    expect(await currentStep(page)).toBe('4. 材料与扫描');
    expect(await page.getByTestId('scan-thumb').count()).toBe(1);
    await page.getByRole('button', { name: '上一步' }).click();
    await page.getByRole('button', { name: '上一步' }).click();
    expect(await page.getByLabel('公民身份号码').first().inputValue()).toBe(HOLDER_ID);
    expect(await page.getByLabel('姓名').nth(1).inputValue()).toBe('张国强');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await kept(page);
  }, 180_000);

  it('survives a crash of the page and a restart of the main side', async () => {
    await page.goto('chrome://crash').catch(() => undefined);
    page = await restartVan(world, world.office!.url);
    await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
    await logIn(page, 'zhangwei');
    await page.getByTestId('draft-banner').getByRole('button', { name: '继续受理' }).click();
    expect(await currentStep(page)).toBe('4. 材料与扫描');
    expect(await page.getByTestId('scan-thumb').count()).toBe(1);
    expect(existsSync(join(world.vanDataDir, 'van', 'scans', scanFile.slice(0, 2), scanFile))).toBe(true);
  }, 180_000);

  it('survives the screen lock', async () => {
    await page.getByRole('button', { name: '锁屏' }).click();
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '解锁' }).click();
    expect(await currentStep(page)).toBe('4. 材料与扫描');
    expect(await page.getByTestId('scan-thumb').count()).toBe(1);
  }, 120_000);

  it('removes a wrongly imported scan after a confirmation, from the draft and from the van, and the draft stays so after a reload', async () => {
    writeSamplePng(join(world.root, 'wrong.png'), 80, 40, 9);
    await page.getByLabel(/导入扫描件：不动产权属转移的材料/).setInputFiles(join(world.root, 'wrong.png'));
    await page.getByTestId('scan-thumb').nth(1).waitFor();
    await kept(page);
    const wrong = scanIndex(world).find((e) => !e.startsWith(scanFile))!.slice(0, 64);
    expect(scanIndex(world)).toHaveLength(2);
    const thumb = page.getByTestId('scan-thumb').filter({ hasText: 'wrong.png' });

    // Cancelled first: nothing changes.
    await thumb.getByRole('button', { name: '删除扫描件：wrong.png' }).click();
    const confirm = page.getByTestId('scan-remove-confirm');
    expect(await confirm.textContent()).toContain('删除扫描件「wrong.png」？它将从本次受理中去掉，本机保存的文件也一并删除。');
    await confirm.getByRole('button', { name: '取消' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.getByTestId('scan-thumb').count()).toBe(2);
    expect(scanIndex(world)).toHaveLength(2);

    await thumb.getByRole('button', { name: '删除扫描件：wrong.png' }).click();
    await confirm.getByRole('button', { name: '确认删除' }).click();
    expect(await page.getByTestId('scan-removed').textContent()).toBe('已删除扫描件「wrong.png」');
    expect(await page.getByTestId('scan-thumb').count()).toBe(1);
    expect(await page.getByTestId('scan-thumb').textContent()).toContain('contract.png');
    await kept(page);
    expect(scanIndex(world)).toHaveLength(1);
    expect(scanIndex(world)[0]).toMatch(new RegExp(`^${scanFile} \\S+ held$`));
    expect(existsSync(join(world.vanDataDir, 'van', 'scans', wrong.slice(0, 2), wrong))).toBe(false);
    expect(existsSync(join(world.vanDataDir, 'van', 'scans', scanFile.slice(0, 2), scanFile))).toBe(true);

    await page.reload();
    await logIn(page, 'zhangwei');
    await page.getByTestId('draft-banner').getByRole('button', { name: '继续受理' }).click();
    expect(await currentStep(page)).toBe('4. 材料与扫描');
    expect(await page.getByTestId('scan-thumb').count()).toBe(1);
    expect(await page.getByTestId('scan-thumb').getAttribute('data-sha256')).toBe(scanFile);
  }, 180_000);

  it('asks before 开始受理 on another appointment, and keeps the draft when told to', async () => {
    await startAppointment(page, '孙长海');
    const choice = page.getByRole('dialog', { name: '当前还有未完成的受理' });
    expect(await choice.textContent()).toContain('刘建国');
    expect(await choice.textContent()).toContain('要开始受理的是：孙长海');
    await choice.getByRole('button', { name: '继续当前受理' }).click();
    expect(await currentStep(page)).toBe('4. 材料与扫描');
    expect(await page.getByRole('heading', { name: /预约：刘建国/ }).count()).toBe(1);
    expect(scanIndex(world)).toHaveLength(1);
  }, 120_000);

  it('discards it only on purpose, removing the scans imported for it', async () => {
    await startAppointment(page, '孙长海');
    await page.getByRole('dialog', { name: '当前还有未完成的受理' }).getByRole('button', { name: '放弃并开始新的' }).click();
    await page.getByRole('heading', { name: /预约：孙长海/ }).waitFor();
    expect(await currentStep(page)).toBe('1. 业务类型');
    expect(scanIndex(world)).toEqual([]);
    expect(existsSync(join(world.vanDataDir, 'van', 'scans', scanFile.slice(0, 2), scanFile))).toBe(false);
  }, 120_000);

  it('a fresh intake is kept once touched, and the banner discards it after a confirmation', async () => {
    await page.getByRole('button', { name: '下一步' }).click();
    await kept(page);
    await page.getByRole('button', { name: '案件' }).click();
    const banner = page.getByTestId('draft-banner');
    expect(await banner.textContent()).toContain('孙长海');
    await banner.getByRole('button', { name: '放弃此受理' }).click();
    expect(await banner.getByTestId('draft-discard-confirm').textContent()).toContain('已录入的内容和已导入的扫描件将从本机删除');
    await banner.getByRole('button', { name: '确认放弃' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.reload();
    await logIn(page, 'zhangwei');
    await page.getByRole('heading', { name: '今日行程' }).waitFor();
    expect(await page.getByTestId('draft-banner').count()).toBe(0);
    // 受理 in the menu now starts afresh.
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '受理', exact: true }).click();
    expect(await currentStep(page)).toBe('1. 业务类型');
    expect(await page.getByRole('heading', { name: /预约：/ }).count()).toBe(0);
  }, 120_000);
});
