import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { type E2eWorld, createWorld, startOffice, startTripDay, stopOffice, vanDeviceId } from './harness.ts';
import { takeShortIntake } from './intake-driver.ts';

const UNIT = '230803003012GB00105F00050303';

describe('a lost van the office orders wiped, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let deviceId: string;
  const vanDir = () => join(world.vanDataDir, 'van');
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
    deviceId = vanDeviceId(world);
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('pushes the intake taken offline, erases its store and data folder, says so, and the office page shows when', async () => {
    const officeUrl = world.office!.url.replace(/\/+$/, '');
    await stopOffice(world);
    // An intake with no link: materials missing, so the one-time correction notice (no fee).
    await takeShortIntake(page, UNIT);
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(async () => Number(await page.getByTestId('pending-documents').textContent()), { timeout: 30_000 }).toBeGreaterThan(0);

    // The office comes back; its administrator orders the wipe on the devices page (the tick box confirms).
    await startOffice(world, Number(new URL(officeUrl).port));
    const office = await world.browser!.newPage();
    await office.goto(`${officeUrl}/office/login?next=/office/devices`);
    await office.fill('#login', 'admin');
    await office.fill('#password', DEMO_PASSWORD);
    await Promise.all([office.waitForURL((u) => u.pathname === '/office/devices'), office.click('button[type=submit]')]);
    const row = office.locator(`tr[data-device="${deviceId}"]`);
    await row.getByRole('checkbox').first().check();
    await Promise.all([office.waitForURL(/msg=/), row.getByRole('button', { name: '擦除' }).click()]);
    await office.getByText('已下令擦除：设备下次联系办公室时').waitFor();

    // The van pushes what it holds, then erases; its screen says so and takes no more work.
    const wipe = page.locator('[data-testid="wipe"][data-phase="erased"]');
    await wipe.waitFor({ timeout: 90_000 }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await page.locator('body').innerText()}`);
    });
    expect(await wipe.textContent()).toContain('本机数据已全部删除');
    expect(await page.getByTestId('wipe-erased-at').textContent()).toMatch(/^擦除时间：/);
    expect(await page.getByRole('navigation', { name: '主菜单' }).count()).toBe(0);

    // The office holds the intake, and its page shows when the van erased itself.
    const cases = (await (await fetch(`${officeUrl}/api/v1/admin/devices`, { headers: { authorization: `Bearer ${await apiToken(officeUrl)}` } })).json()) as { deviceId: string; storedEvents: number; wipe: { erasedAt: string | null } | null }[];
    const mine = cases.find((d) => d.deviceId === deviceId);
    expect(mine?.storedEvents).toBeGreaterThan(0);
    expect(mine?.wipe?.erasedAt).not.toBeNull();
    await office.reload();
    expect(await row.locator('[data-wipe="erased"]').textContent()).toMatch(/^已擦除（设备报告 /);

    // The data folder holds nothing of the van any more, and a fresh start finds an empty, unenrolled van.
    expect(existsSync(join(vanDir(), 'van-config.json'))).toBe(false);
    expect(readdirSync(vanDir()).filter((n) => n !== 'browser-profile')).toEqual([]);
    await page.reload();
    await page.getByLabel('工号').waitFor();
    expect(await page.getByText(/本机已有 \d+ 名员工/).count()).toBe(0);
  }, 240_000);
});

async function apiToken(office: string): Promise<string> {
  const res = await fetch(`${office}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}
