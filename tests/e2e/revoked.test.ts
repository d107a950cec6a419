import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { type E2eWorld, createWorld, logIn, officeLogin, startTripDay, vanDeviceId } from './harness.ts';
import { takeShortIntake, waitInSync } from './intake-driver.ts';

const UNIT = '230803003012GB00105F00050303';

describe('a van the office revokes, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let deviceId: string;
  const officeUrl = () => world.office!.url.replace(/\/+$/, '');
  const admin = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${officeUrl()}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await officeLogin(officeUrl(), 'admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
    deviceId = vanDeviceId(world);
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('tells its user in Chinese, keeps the intake taken meanwhile, and enrolls again with a new code without losing it', async () => {
    expect(await admin(`/admin/devices/${deviceId}/revoke`)).toMatchObject({ revoked: true });
    // An intake while revoked: materials missing, so the one-time correction notice (no fee).
    await takeShortIntake(page, UNIT);

    await page.getByRole('button', { name: '同步' }).click();
    const status = page.locator('[data-testid="sync-status"][data-status="revoked"]');
    await status.waitFor({ timeout: 60_000 });
    expect(await status.textContent()).toContain('本设备已被办公室停用');
    expect(await status.textContent()).toContain('不会丢失');
    expect(await page.getByTestId('online-badge').textContent()).toBe('设备已停用');
    expect(Number(await page.getByTestId('pending-documents').textContent())).toBeGreaterThan(0);

    // A used code is refused with the office's reason; the van stays as it was.
    const form = page.getByTestId('reenroll');
    await form.getByLabel('新的登记码').fill('AAAAA-BBBBB');
    await form.getByRole('button', { name: '重新登记' }).click();
    await form.getByText(/重新登记未成功：.*登记码无效/).waitFor();

    const code = String((await admin('/admin/enroll-codes', { vanId: DEMO_VAN_ID }))['code']);
    await form.getByLabel('新的登记码').fill(code);
    await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: '重新登记' }).click()]);
    await logIn(page, 'zhangwei');
    await waitInSync(page);
    await expect.poll(() => page.getByTestId('pending-documents').textContent(), { timeout: 60_000 }).toBe('0');
    const devices = (await (await fetch(`${officeUrl()}/api/v1/admin/devices`, { headers: { authorization: `Bearer ${await officeLogin(officeUrl(), 'admin')}` } })).json()) as { deviceId: string; revokedAt: string | null; storedEvents: number }[];
    const mine = devices.find((d) => d.deviceId === deviceId);
    expect(mine).toMatchObject({ revokedAt: null });
    expect(mine?.storedEvents).toBeGreaterThan(0);
  }, 180_000);
});
