import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { SELLER_CREDIT_CODE, describeBatch, startAppointment } from './intake-driver.ts';
import { FAILURE_CODE, refuseWrites } from './refuse-writes.ts';

const UNITS = ['230804003012GB00100F00020202', '230805003012GB00100F00040401'];

describe('the van\'s store refusing its writes, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    // No printer port: a batch's slips fail to print after their charges are recorded.
    page = await startTripDay(world, 'zhangwei');
  }, 240_000);
  afterAll(async () => world?.cleanup());

  it('the intake says in Chinese that its draft was not kept, with one code while it keeps failing, and keeps it again once it can', async () => {
    await startAppointment(page, '刘建国');
    await refuseWrites(page, true);
    await page.getByLabel('证书本数').fill('2');
    const note = page.getByTestId('draft-kept');
    await note.and(page.getByRole('alert')).waitFor();
    const said = (await note.textContent()) ?? '';
    expect(said).toMatch(new RegExp(`^草稿未能保存到本机：屏幕上已录入的内容仍在，可继续办理，下一次修改时会再次保存。如果一直保存不了，请不要刷新或关闭本窗口，并联系办公室技术支持，告知错误代码 ${FAILURE_CODE}$`));
    // A second change that fails too is the same failure: the same code, not one more in the log per keystroke.
    await page.getByLabel('证书本数').fill('3');
    await page.waitForTimeout(500);
    expect(await note.textContent()).toBe(said);
    await refuseWrites(page, false);
    await page.getByLabel('证书本数').fill('1');
    await page.locator('[data-testid="draft-kept"][data-current="true"]').waitFor();
    expect(await note.textContent()).toMatch(/^草稿已自动保存/);
  }, 60_000);

  it('a draft the store refuses to drop stays as it was, and the banner and the choice say so in Chinese with a code', async () => {
    // The intake of 刘建国 from the test above is kept; on another screen its banner offers to discard it.
    await page.getByRole('button', { name: '案件' }).click();
    const banner = page.getByTestId('draft-banner');
    await refuseWrites(page, true);
    await banner.getByRole('button', { name: '放弃此受理' }).click();
    await banner.getByRole('button', { name: '确认放弃' }).click();
    const notDiscarded = new RegExp(`^放弃没有完成，这份受理的草稿仍在本机。请再点一次放弃；仍不成功请联系办公室技术支持，告知错误代码 ${FAILURE_CODE}。$`);
    await banner.getByRole('alert').waitFor({ timeout: 10_000 });
    expect(await banner.getByRole('alert').textContent()).toMatch(notDiscarded);
    expect(await banner.textContent()).toContain('刘建国');

    // 开始受理 on another appointment: 放弃并开始新的 fails the same way and starts nothing.
    await startAppointment(page, '孙长海');
    const choice = page.getByRole('dialog', { name: '当前还有未完成的受理' });
    await choice.getByRole('button', { name: '放弃并开始新的' }).click();
    await choice.getByRole('alert').waitFor({ timeout: 10_000 });
    expect(await choice.getByRole('alert').textContent()).toMatch(notDiscarded);
    await refuseWrites(page, false);
    await choice.getByRole('button', { name: '继续当前受理' }).click();
    await page.getByRole('heading', { name: /预约：刘建国/ }).waitFor();
    expect(await page.getByLabel('证书本数').inputValue()).toBe('1');
  }, 60_000);

  it('the enterprise batch says of each row that it was not saved and what to do, with a code, and a run again takes the rows', async () => {
    const csv = join(world.root, 'units.csv');
    writeFileSync(csv, `不动产单元号\n${UNITS.join('\n')}\n`);
    await page.getByRole('button', { name: '企业批量' }).click();
    await page.getByLabel('企业名称').fill('佳木斯造纸有限公司');
    await page.getByLabel('统一社会信用代码').fill(SELLER_CREDIT_CODE);
    await describeBatch(page);
    await page.getByLabel(/导入.*清单/).setInputFiles(csv);
    await page.getByTestId('batch-row').nth(1).waitFor();
    const runAll = async () => {
      await page.getByRole('button', { name: '全部受理并逐个打印票据' }).click();
      await page.getByText(/正在处理第/).waitFor({ state: 'detached', timeout: 60_000 });
      return page.getByTestId('batch-row').locator('.tag').allTextContents();
    };

    await refuseWrites(page, true);
    const refused = await runAll();
    await refuseWrites(page, false);
    const notSaved = new RegExp(`^失败：未能存入本机，之前保存的记录都在。再点“全部受理并逐个打印票据”会接着办理，不会重复收费；仍不成功请联系办公室技术支持，告知错误代码 ${FAILURE_CODE}$`);
    expect(refused).toEqual([expect.stringMatching(notSaved), expect.stringMatching(notSaved)]);

    const notPrinted = (n: string) => `已受理并收费，票据 ${n} 未打印：尚未选择打印机端口，请到“设备”页面设置。排除故障后再点“全部受理并逐个打印票据”，只重新打印同一票据号，不会重复收费`;
    expect(await runAll()).toEqual([notPrinted('JMS2026-001001'), notPrinted('JMS2026-001002')]);
  }, 120_000);
});
