import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '#fixtures/demo/constants.ts';
import { type E2eWorld, createWorld, restartVan, startOffice, startTripDay, stopOffice, vanDeviceId } from './harness.ts';
import { takeShortIntake } from './intake-driver.ts';

const UNIT = '230803003012GB00105F00050303';

type DeviceRow = { deviceId: string; storedEvents: number; wipe: { erasedAt: string | null; confirmedAt: string | null } | null };

async function deviceRow(office: string, deviceId: string): Promise<DeviceRow | undefined> {
  const login = await fetch(`${office}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const rows = (await (await fetch(`${office}/api/v1/admin/devices`, { headers: { authorization: `Bearer ${token}` } })).json()) as DeviceRow[];
  return rows.find((d) => d.deviceId === deviceId);
}

/** In the page: the records in every IndexedDB database of the origin, per database that holds any. */
async function storedRecords(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error(name));
    });
    const stores = [...db.objectStoreNames];
    let n = 0;
    for (const store of stores) {
      n += await new Promise<number>((resolve, reject) => {
        const req = db.transaction(store, 'readonly').objectStore(store).count();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error(store));
      });
    }
    db.close();
    if (n > 0) out[name] = n;
  }
  return out;
}

describe('a van killed in the middle of a remote wipe, in Chromium against start:browser', () => {
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

  it('finishes the wipe at the next start: the token and scans are gone, nothing of the store is left, and the office hears when', async () => {
    const officeUrl = world.office!.url.replace(/\/+$/, '');
    const port = Number(new URL(officeUrl).port);
    await stopOffice(world);
    await takeShortIntake(page, UNIT);
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(async () => Number(await page.getByTestId('pending-documents').textContent()), { timeout: 30_000 }).toBeGreaterThan(0);

    // The store holds the trip and the intake before the wipe (sealed, but records all the same).
    expect(Object.values(await page.evaluate(storedRecords)).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);

    // The page's call that erases the main side's data is held: the van dies with its store removed and the
    // token, scans and archived notices still on disk, the most exposed moment of a wipe.
    let reachErase: () => void = () => undefined;
    const eraseCalled = new Promise<void>((resolve) => {
      reachErase = resolve;
    });
    // The call is failed here, not left hanging: a request left pending could still be let through to the host when
    // the browser is closed for the restart (seen once at load: the restarted van had lost its token and its data).
    await page.route((url) => decodeURIComponent(url.pathname).endsWith('/ipc/device:wipe'), async (route) => {
      reachErase();
      await route.abort('failed');
    });
    await startOffice(world, port);
    const admin = await fetch(`${officeUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }) });
    const { token } = (await admin.json()) as { token: string };
    const ordered = await fetch(`${officeUrl}/api/v1/admin/devices/${deviceId}/wipe`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(ordered.status).toBe(200);
    await eraseCalled;
    await page.goto('chrome://crash').catch(() => undefined);
    expect(existsSync(join(vanDir(), 'van-config.json'))).toBe(true);
    expect(existsSync(join(vanDir(), 'documents'))).toBe(true);
    const killed = await deviceRow(officeUrl, deviceId);
    expect(killed?.storedEvents).toBeGreaterThan(0);
    expect(killed?.wipe?.erasedAt).toBeNull();

    // Started again (the main side too, on the same data): the wipe goes on from where it stopped.
    page = await restartVan(world, officeUrl);
    const wipe = page.locator('[data-testid="wipe"][data-phase="erased"]');
    await wipe.waitFor({ timeout: 90_000 }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await page.locator('body').innerText()}`);
    });
    expect(await wipe.textContent()).toContain('本机数据已全部删除');
    // Of the store the first run removed before it died, and of all the second opened, the browser holds no record.
    expect(await page.evaluate(storedRecords)).toEqual({});
    expect(existsSync(join(vanDir(), 'van-config.json'))).toBe(false);
    expect(readdirSync(vanDir()).filter((n) => n !== 'browser-profile')).toEqual([]);
    await expect.poll(async () => (await deviceRow(officeUrl, deviceId))?.wipe?.confirmedAt ?? null, { timeout: 30_000 }).not.toBeNull();
    expect((await deviceRow(officeUrl, deviceId))?.wipe?.erasedAt).not.toBeNull();
    await page.reload();
    await page.getByLabel('工号').waitFor();
    expect(await page.getByText(/本机已有 \d+ 名员工/).count()).toBe(0);
  }, 300_000);
});
