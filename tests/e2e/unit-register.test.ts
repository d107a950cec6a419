import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { filedUnitStop } from '#domain/market/filed-unit.ts';
import { UnitDoc } from '#protocol/documents/office.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { ArchiveRegister } from '#server/office/market/archive-register.ts';
import { type E2eWorld, createWorld, officeLogin, startTripDay } from './harness.ts';
import { makeNotice, sign, startAppointment, typeApplicants, waitInSync } from './intake-driver.ts';
import { pdfText } from '../documents/pdf-tools.ts';
import { residentId } from './sample-files.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
/** 马桂兰's flat (注销抵押): mortgaged in the register. */
const MORTGAGED = '230811003012GB00102F00030101';
/** 黄玉兰's flat (转移): registered, no burden, until a contract is filed on it below. */
const FILED = '230803003012GB00105F00050303';

describe('the van carries the register summary of its trip units, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;

  /** The office's snapshot of a unit, once it satisfies `ready` (the archive rebuilds snapshots on its own tick). */
  async function officeSnapshot(unit: string, ready: (u: UnitDoc) => boolean): Promise<UnitDoc> {
    const storage = world.office?.app.office.storage;
    if (!storage) throw new Error('no office');
    for (let i = 0; i < 300; i++) {
      const stored = await storage.getDocument('units', unit);
      const parsed = stored ? UnitDoc.safeParse(stored.body) : null;
      if (parsed?.success && ready(parsed.data)) return parsed.data;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the office never rebuilt the snapshot of ${unit}`);
  }

  const today = () => chinaDate(world.clock.now().toISOString());

  /** 拉取行程 again (on the trip screen): the van fetches its trip units' snapshots as they stand now. */
  async function pullTrip() {
    await page.getByRole('button', { name: '拉取行程' }).click();
    await page.getByText('行程已拉取').last().waitFor({ timeout: 60_000 });
  }

  /** From 今日行程 to the unit step of `name`'s appointment, whose unit the step selects by itself. */
  async function unitStepOf(name: string) {
    await page.getByRole('button', { name: '今日行程' }).click();
    await page.getByTestId('appointment').filter({ hasText: name }).getByRole('button', { name: '开始受理' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('公民身份号码').first().fill(residentId('230804', '19480202', '111'));
    await page.getByRole('button', { name: '下一步' }).click();
    return page.getByTestId('selected-unit');
  }

  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'lina');
    // A contract filed on 黄玉兰's flat, the filing system's own way into the register (the market's RegisterPort
    // over the archive's store).
    const storage = world.office?.app.office.storage;
    if (!storage) throw new Error('no office');
    await new ArchiveRegister(dbRegisterStore(storage.db)).writeFiling(
      { kind: 'filed', unitNumber: FILED, filingId: 'e2e-filing-1', contractNumber: 'JMS-YS-2026-0503', buyers: ['王建华', '赵丽'], filedOn: today() },
      world.clock.now().toISOString(),
    );
    // The archive rebuilds the trip units' snapshots from their registers on its own tick; the van takes them with its
    // next pull.
    await officeSnapshot(MORTGAGED, (u) => u.register !== undefined);
    await officeSnapshot(FILED, (u) => (u.register?.contractFiling ?? null) !== null);
    await pullTrip();
  }, 240_000);
  afterAll(async () => world?.cleanup());

  it('shows a mortgaged unit\'s mortgage from the register, without the holders\' ID numbers', async () => {
    const office = await officeSnapshot(MORTGAGED, (u) => u.register !== undefined);
    const m = office.register?.mortgages[0];
    if (!m?.amountFen) throw new Error('the demo flat has no mortgage');
    const card = await unitStepOf('马桂兰');
    const summary = card.getByTestId('unit-register');
    expect(await summary.getAttribute('data-status')).toBe('mortgaged');
    expect(await summary.locator('div').first().textContent()).toBe(`登记簿（截至 ${office.register?.asOf}）：抵押`);
    expect(await summary.getByTestId('unit-register-mortgage').textContent()).toBe(`抵押：${m.mortgagee}，债权数额 ${(m.amountFen / 100).toFixed(2)} 元，至 2042-03-01`);
    expect(await card.getByTestId('unit-filing').count()).toBe(0);
    expect(JSON.stringify(office.register)).not.toMatch(/\d{17}[\dX]/);
  });

  it('shows the contract filing (网签备案) of a unit the filing system wrote into the register', async () => {
    // The same unit step, the filed flat found by its number.
    await page.getByLabel('单元号、证书号或地址').fill(FILED);
    await page.getByRole('button', { name: '查找' }).click();
    const card = page.getByTestId('unit-result');
    expect(await card.getByTestId('unit-filing').textContent()).toBe(`商品房合同已网签备案：合同编号 JMS-YS-2026-0503，${today()} 备案，买受人 王建华、赵丽`);
    expect(await card.getByTestId('unit-register').getAttribute('data-status')).toBe('filed');
    await page.screenshot({ path: `${SHOTS}intake-unit-register.png`, fullPage: true });
  });

  it('refuses a 抵押权首次登记 on the filed flat at intake, in writing, with the reason the office gives at 登簿', async () => {
    // A 抵押权首次登记 taken on 黄玉兰's appointment, whose flat is the filed one.
    await startAppointment(page, '黄玉兰');
    // The intake left open on 马桂兰's unit step above is given up, as the clerk is asked.
    await page.getByTestId('draft-choice').getByRole('button', { name: '放弃并开始新的' }).click();
    await page.getByRole('radio', { name: '抵押权首次登记' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await typeApplicants(page, { second: '李明' });
    await page.locator('[data-testid="unit-step"][data-ready="true"]').waitFor();
    const card = page.getByTestId('selected-unit');
    const reason = filedUnitStop('mortgage-first', { contractNumber: 'JMS-YS-2026-0503' });
    expect(reason).toContain('JMS-YS-2026-0503');
    expect(await card.getByRole('alert').textContent()).toBe(reason);
    expect(await card.getByTestId('unit-filing').textContent()).toContain('JMS-YS-2026-0503');
    expect(await page.getByTestId('unit-refusal').textContent()).toContain('不予受理告知书');
    await page.screenshot({ path: `${SHOTS}intake-filed-unit.png`, fullPage: true });
    // The written answer is a refusal naming the contract and the article; it reaches the office with its ground.
    await page.getByRole('button', { name: '下一步' }).click();
    expect(await page.getByTestId('notice').getAttribute('data-outcome')).toBe('refused');
    await makeNotice(page);
    await sign(page);
    const caseCard = page.locator('[data-testid="case"][data-stage="intake-refused"]').filter({ hasText: '黄玉兰' }).first();
    await caseCard.waitFor();
    const caseId = (await caseCard.getAttribute('data-case-id')) ?? '';
    const dir = join(world.vanDataDir, 'van', 'documents', caseId);
    const pdf = readdirSync(dir).find((f) => f.startsWith('refusal-'));
    const text = pdfText(readFileSync(join(dir, pdf ?? 'missing'))).replace(/\s+/g, '');
    for (const expected of ['不动产登记不予受理告知书', '合同JMS-YS-2026-0503', '《不动产登记暂行条例实施细则》第八十五条第一款第（三）项', FILED]) expect(text).toContain(expected);
    await waitInSync(page);
    const office = world.office!.url.replace(/\/$/, '');
    const res = await fetch(`${office}/api/v1/office/cases/${caseId}`, { headers: { authorization: `Bearer ${await officeLogin(office, 'zhaolei')}` } });
    const atOffice = (await res.json()) as { status: { stage: string }; events: { kind: string; payload: Record<string, unknown> }[] };
    expect(atOffice.status.stage).toBe('intake-refused');
    expect(atOffice.events.find((e) => e.kind === 'intake-refused')?.payload).toMatchObject({ ground: 'filed-contract', basis: '《不动产登记暂行条例实施细则》第八十五条第一款第（三）项' });
  }, 240_000);
});
