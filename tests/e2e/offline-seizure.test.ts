import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDate, chinaDateTime } from '#domain/calendar/china-time.ts';
import { UnitDoc } from '#protocol/documents/office.ts';
import { startLocalOffice, type LocalOffice } from '#scripts/local-office.ts';
import { type E2eWorld, createWorld, officeLogin, startOffice, startTripDay, stopOffice } from './harness.ts';
import { residentId } from './sample-files.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

/** 马桂兰's flat (注销抵押): in the register, not seized, until a court seizes it below while the van is offline. */
const UNIT = '230811003012GB00102F00030101';
const COURT = '佳木斯市前进区人民法院';
const NOTICE = '(2026)黑0804执协31号';

/** The office's snapshot of the unit, once it satisfies `ready` (the archive rebuilds snapshots on its own tick). */
async function officeSnapshot(office: LocalOffice, ready: (u: UnitDoc) => boolean): Promise<UnitDoc> {
  const storage = office.app.office.storage;
  for (let i = 0; i < 300; i++) {
    const stored = await storage.getDocument('units', UNIT);
    const parsed = stored ? UnitDoc.safeParse(stored.body) : null;
    if (parsed?.success && ready(parsed.data)) return parsed.data;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the office never rebuilt the snapshot of ${UNIT}`);
}

describe('a seizure recorded while the van is offline, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let officePort = 0;
  let deliveredAt = '';

  const appointment = () => page.getByTestId('appointment').filter({ hasText: '马桂兰' });

  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'lina');
    const office = world.office;
    if (!office) throw new Error('no office');
    officePort = office.port;
    // The unit's register is built by the archive's own tick; seize it only once it is there.
    await officeSnapshot(office, (u) => u.register !== undefined);
  }, 240_000);
  afterAll(async () => world?.cleanup());

  it('is shown on the open intake and on the trip the moment the van syncs, with no pull asked for', async () => {
    // The clerk is at 马桂兰's unit step: the unit is free.
    await appointment().getByRole('button', { name: '开始受理' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('公民身份号码').first().fill(residentId('230804', '19480202', '111'));
    await page.getByRole('button', { name: '下一步' }).click();
    const card = page.getByTestId('selected-unit');
    await card.getByTestId('unit-register').waitFor();
    expect(await card.getByTestId('unit-register-seizure').count()).toBe(0);

    // The van loses the office; meanwhile the office (the same data, at another address the van does not know)
    // records a court's 查封 on the unit.
    await stopOffice(world);
    await page.locator('[data-testid="online-badge"]', { hasText: '离线' }).waitFor({ timeout: 30_000 });
    const meanwhile = await startLocalOffice({ dataDir: world.officeDir, port: 0, clock: world.clock, passwordIterations: TEST_PASSWORD_ITERATIONS });
    try {
      const base = meanwhile.url.replace(/\/$/, '');
      const token = await officeLogin(base, 'chenjing');
      const today = chinaDate(world.clock.now().toISOString());
      deliveredAt = new Date(world.clock.now().getTime() - 60_000).toISOString();
      const res = await fetch(`${base}/api/v1/office/archive/units/${UNIT}/court-acts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ act: 'seize', court: COURT, noticeNumber: NOTICE, rulingNumber: '(2026)黑0804执31号', deliveredAt, respondent: '马桂兰', from: today, to: addDays(today, 364) }),
      });
      expect(res.status).toBe(201);
      await officeSnapshot(meanwhile, (u) => u.flags.seized);
    } finally {
      await meanwhile.close();
    }
    // Still offline: the van knows nothing of it yet.
    await page.waitForTimeout(1000);
    expect(await card.getByTestId('unit-register-seizure').count()).toBe(0);

    // The office is back where the van looks for it: its live pull brings the unit, and the open unit step shows
    // the seizure without the clerk doing anything.
    await startOffice(world, officePort);
    const seizure = card.getByTestId('unit-register-seizure');
    await seizure.waitFor({ timeout: 90_000 });
    expect(await seizure.textContent()).toBe(`查封：${COURT} ${NOTICE}，至 ${addDays(chinaDate(world.clock.now().toISOString()), 364)}`);
    expect(await card.getByTestId('unit-register').getAttribute('data-status')).toBe('seized');
    expect(await card.locator('.tag.bad', { hasText: '查封' }).count()).toBe(1);

    // The trip says so on the appointment, with when the court's notice reached the office.
    await page.getByRole('button', { name: '今日行程' }).click();
    const onTrip = appointment().getByTestId('appointment-seizure');
    expect(await onTrip.textContent()).toContain(`（${UNIT}）已被查封：查封 ${COURT} ${NOTICE}`);
    expect(await onTrip.textContent()).toContain(`（法院文书 ${chinaDateTime(deliveredAt)} 送达办公室）`);
    expect(await page.getByTestId('appointment').filter({ hasText: '黄玉兰' }).getByTestId('appointment-seizure').count()).toBe(0);
  }, 240_000);
});
