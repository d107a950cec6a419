import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, logIn, officeLogin, restartVan, startTripDay, stopOffice, vanDeviceId } from './harness.ts';
import { eventually } from '../sync/helpers.ts';

type Slot = { staffId: string; kind?: string; keyVersion?: number };

/** The van's key slots as the page stores them (RxDB's local documents in IndexedDB; wrapped keys only, in the clear by design). */
const slots = (page: Page, deviceId: string): Promise<Slot[]> =>
  page.evaluate(
    (name) =>
      new Promise<Slot[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const idb = open.result;
          const read = idb.transaction('docs').objectStore('docs').getAll();
          read.onsuccess = () => {
            idb.close();
            const vault = (read.result as { id: string; data?: { slots?: Slot[] } }[]).find((d) => d.id === 'vault');
            resolve(vault?.data?.slots ?? []);
          };
        };
      }),
    `rxdb-dexie-van-${deviceId}--0--plugin-local-documents-`,
  );

describe('a clerk who never logged in on this van, alone and offline after a restart, in Chromium', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 240_000);
  afterAll(async () => world?.cleanup());

  it('is told how to get a slot after a fresh start while the office has no van key for her', async () => {
    await page.reload();
    await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
    await page.getByLabel('工号').fill('lina');
    await page.getByLabel('密码').fill('jms-demo-2026');
    await page.getByRole('button', { name: '登录' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('本机数据已加密，您还没有在本机开通：请先在办公室系统登录一次（或请管理员重设您的密码），待本机联网同步后即可登录；也可由已在本机登录过的同事先登录，再换您登录。');
  }, 60_000);

  it('gets a public-key slot from her office login while the van is open, then logs in alone offline and sees the trip', async () => {
    const deviceId = vanDeviceId(world);
    await logIn(page, 'zhangwei');
    expect((await slots(page, deviceId)).map((s) => s.staffId)).toEqual(['staff-zhangwei']);
    // 李娜 logs in at the office once: the office publishes her van key, the van pulls it and seals its key to her.
    await officeLogin(world.office!.url.replace(/\/$/, ''), 'lina');
    await eventually(async () => (await slots(page, deviceId)).some((s) => s.staffId === 'staff-lina'), 60_000, 'a slot for 李娜');
    expect((await slots(page, deviceId)).find((s) => s.staffId === 'staff-lina')).toMatchObject({ kind: 'public-key', keyVersion: 1 });

    const officeUrl = world.office!.url;
    await stopOffice(world);
    page = await restartVan(world, officeUrl);
    await page.getByText(/本机已有 \d+ 名员工/).waitFor({ timeout: 60_000 });
    await page.getByLabel('工号').fill('lina');
    await page.getByLabel('密码').fill('jms-demo-2027');
    await page.getByRole('button', { name: '登录' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('密码错误，请重新输入。');
    expect((await slots(page, deviceId)).find((s) => s.staffId === 'staff-lina')?.kind).toBe('public-key');

    await logIn(page, 'lina');
    await page.getByRole('button', { name: '今日行程' }).click();
    // Applicants' names are encrypted in the store: they show only because her slot opened the data key.
    await page.getByTestId('appointment').filter({ hasText: '刘建国' }).waitFor({ timeout: 30_000 });
    expect((await slots(page, deviceId)).find((s) => s.staffId === 'staff-lina')).toMatchObject({ keyVersion: 1 });
    expect((await slots(page, deviceId)).find((s) => s.staffId === 'staff-lina')?.kind).toBeUndefined();
  }, 240_000);
});
