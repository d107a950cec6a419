import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { startBrowserHost } from '#scripts/start-browser.ts';
import { type E2eWorld, createWorld, logIn, openApp, restartVan, startOffice } from './harness.ts';

/** A port nothing listens on yet: the office's address before the office is up. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const configFile = (world: E2eWorld) => join(world.vanDataDir, 'van', 'van-config.json');
const storedConfig = (world: E2eWorld) => JSON.parse(readFileSync(configFile(world), 'utf8')) as { deviceId?: string; deviceToken?: string; installationId?: string };

describe('a van first started while the office is unreachable, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let officeUrl = '';
  beforeAll(async () => {
    world = await createWorld();
    officeUrl = `http://127.0.0.1:${await freePort()}/`;
    world.host = await startBrowserHost({ dataDir: world.vanDataDir, officeUrl, rendererDir: world.rendererDir, build: 'never', port: 0, emulateDevices: false, clock: world.clock, enrollRetryMs: 500 });
    page = await openApp(world);
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('starts offline, not enrolled, and says so', async () => {
    await page.getByText('本车还没有在办公室完成登记', { exact: false }).waitFor({ timeout: 30_000 });
    expect(storedConfig(world).deviceToken).toBeUndefined();
    expect(storedConfig(world).installationId).toMatch(/^[A-Za-z0-9_-]{32}$/);
  }, 60_000);

  it('enrolls by itself once the office comes up, and the staff list and the trip follow', async () => {
    await startOffice(world, Number(new URL(officeUrl).port));
    await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
    await logIn(page, 'zhangwei');
    await page.getByRole('button', { name: '拉取行程' }).click();
    await page.getByText('行程已拉取').waitFor({ timeout: 60_000 });
    expect(storedConfig(world).deviceToken).toBeDefined();
  }, 120_000);

  it('restarts on the token it keeps, without spending the used-up demo code again', async () => {
    const before = storedConfig(world);
    page = await restartVan(world, officeUrl);
    await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
    expect(storedConfig(world)).toMatchObject({ deviceId: before.deviceId, deviceToken: before.deviceToken });
  }, 120_000);

  it('gets its own device back with the used code when the token was lost before it was kept', async () => {
    const before = storedConfig(world);
    // As after a crash between the office's answer and the write of the token.
    const { deviceToken: _lost, ...rest } = JSON.parse(readFileSync(configFile(world), 'utf8')) as Record<string, unknown>;
    writeFileSync(configFile(world), JSON.stringify(rest));
    page = await restartVan(world, officeUrl);
    await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
    const after = storedConfig(world);
    expect(after.deviceId).toBe(before.deviceId);
    expect(after.deviceToken).toBeDefined();
    expect(after.deviceToken).not.toBe(before.deviceToken);
    await logIn(page, 'zhangwei');
    await page.getByRole('button', { name: '拉取行程' }).click();
    await page.getByText('行程已拉取').waitFor({ timeout: 60_000 });
  }, 120_000);
});
