import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, startOffice, startTripDay, stopOffice } from './harness.ts';
import { makeNotice, sign, waitForPending, walkIntakeToNotice } from './intake-driver.ts';

const CORRECTION_UNIT = '230803003012GB00105F00050303';

type Shown = { status: string; pendingDocuments: number; pendingScans: number; badge: string; text: string };

/** What the 同步 screen and the top bar show right now. */
async function shown(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
    return {
      status: document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-status') ?? '',
      pendingDocuments: Number(text('pending-documents')),
      pendingScans: Number(text('pending-scans')),
      badge: text('online-badge'),
      text: document.querySelector('main')?.textContent ?? '',
    };
  });
}

describe('the van tells the truth about its link to the office, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let officePort = 0;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
    officePort = world.office!.port;
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('shows 离线 soon after the office goes away, even with nothing to send', async () => {
    await page.getByRole('button', { name: '同步' }).click();
    await page.locator('[data-testid="sync-status"][data-status="in-sync"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('online-badge').textContent()).toBe('在线');
    await stopOffice(world);
    await page.locator('[data-testid="sync-status"][data-status="offline"]').waitFor({ timeout: 30_000 });
    const now = await shown(page);
    expect(now.badge).toBe('离线');
    expect(now.text).toContain('办公室无法连接');
    expect(now.text).not.toMatch(/HTTP|office|answered|fetch/i);
  }, 120_000);

  it('says the office cannot be reached when 拉取行程 is pressed with the office gone, not that its server failed', async () => {
    await page.getByRole('button', { name: '今日行程' }).click();
    await page.getByRole('button', { name: '拉取行程' }).click();
    const failed = page.getByText(/^拉取失败：/);
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.textContent()).toBe('拉取失败：连不上办公室：请到有网络的地方再试，已保存的数据不受影响。');
  }, 120_000);

  it('counts an intake taken while offline as waiting, and never says 已同步 while anything waits', async () => {
    await walkIntakeToNotice(page, { applicant: '黄玉兰', second: '赵大勇', unit: CORRECTION_UNIT, missing: ['tax-proof'] });
    await makeNotice(page);
    await sign(page);
    await page.getByRole('button', { name: '同步' }).click();
    // The case header, its correction notice event, the notice's issue (notice-issued), the signed copy's issue and
    // the two applicants' signature scan records; the two signatures' bytes.
    await waitForPending(page, { documents: 6, scans: 2 });
    const offline = await shown(page);
    expect(offline.status).toBe('offline');

    await startOffice(world, officePort);
    // Staff who see the link back need not sit out the backoff (up to 15 s): 立即重试 tries the office now. The van's
    // own retry may find the office first and take the button away; then there is nothing left to press.
    const retry = page.getByRole('button', { name: '立即重试' });
    await retry.click({ timeout: 5_000 }).catch(async (error: unknown) => {
      if ((await retry.count()) > 0) throw error;
    });
    const seen: Shown[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const now = await shown(page);
      seen.push(now);
      if (now.status === 'in-sync' && now.pendingDocuments === 0 && now.pendingScans === 0) break;
      if (Date.now() > deadline) throw new Error(`never in step with the office: ${JSON.stringify(now)}`);
      await page.waitForTimeout(100);
    }
    const lies = seen.filter((s) => (s.status === 'in-sync' || s.badge === '在线') && (s.pendingDocuments > 0 || s.pendingScans > 0));
    expect(lies).toEqual([]);
    const after = seen.at(-1)!;
    expect(after.badge).toBe('在线');
    // Nothing stale and nothing in English once the office answers again.
    expect(after.text).not.toMatch(/HTTP|office|answered|fetch/i);
    expect(after.text).not.toContain('最近的问题');
    expect(await page.getByRole('button', { name: '立即重试' }).count()).toBe(0);
  }, 200_000);
});
