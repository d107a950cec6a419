import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { importVanBundle } from '#server/bundles/import-bundle.ts';
import { writeAnswerBundle } from '#server/bundles/answer-bundle.ts';
import { API_BASE } from '#protocol/version.ts';
import { type E2eWorld, createWorld, logIn, officeLogin, startOffice, startTripDay, stopOffice, vanDeviceId } from './harness.ts';
import { makeNotice, sign, walkIntakeToNotice } from './intake-driver.ts';
import { FAILURE_CODE, refuseWrites } from './refuse-writes.ts';

/** 刘建国's unit (non-residential: ¥550.00). */
const UNIT = '230803003012GB00100F00010101';

describe('the 同步 screen takes the office\'s answer bundle from the stick, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  let officePort = 0;
  let deviceId = '';
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
    officePort = world.office!.port;
    deviceId = vanDeviceId(world);
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('shows the review of an intake sent by stick, acknowledges what the office holds, refuses a changed or another device\'s bundle, and the live sync afterwards doubles nothing', async () => {
    await stopOffice(world);
    await walkIntakeToNotice(page, { applicant: '刘建国', second: '张国强', unit: UNIT });
    await makeNotice(page);
    await sign(page);
    const caseId = (await page.getByTestId('case').filter({ hasText: '刘建国' }).getAttribute('data-case-id')) ?? '';
    expect(caseId).not.toBe('');
    const nav = page.getByRole('navigation', { name: '主菜单' });
    await nav.getByRole('button', { name: '同步' }).click();
    const stick = join(world.root, 'stick');
    mkdirSync(stick);
    const exportForm = page.getByTestId('bundle-export');
    await exportForm.getByLabel('U盘上的文件夹').fill(stick);
    await exportForm.getByRole('button', { name: '导出数据包' }).click();
    await exportForm.getByText(/现在可以拔出U盘/).waitFor({ timeout: 30_000 });
    // The intake's records as the bundle carried them (the pending count may still be catching up).
    const exported = /记录 (\d+) 条，扫描件 (\d+) 个/.exec((await exportForm.getByTestId('bundle-note').textContent()) ?? '');
    const documents = Number(exported?.[1]);
    const scans = Number(exported?.[2]);
    expect(documents).toBeGreaterThan(0);
    expect(scans).toBeGreaterThan(0);

    // At the office, on an address the van does not know (it stays without a link): import, review, answer.
    const office = await startOffice(world);
    const vanBundle = readdirSync(stick).find((f) => f.startsWith('van-')) ?? '';
    const imported = await importVanBundle(office.app.office, new Uint8Array(readFileSync(join(stick, vanBundle))));
    if (!imported.ok) throw new Error(imported.reason);
    expect(imported.result).toMatchObject({ stored: documents, refused: [] });
    const reviewer = await officeLogin(office.url.replace(/\/$/, ''), 'wangfang');
    const res = await fetch(`${office.url.replace(/\/$/, '')}${API_BASE}/office/cases/${encodeURIComponent(caseId)}/actions`, {
      method: 'POST', headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'return-for-correction', reason: '契税完税凭证不清晰，请补交原件', missing: ['tax-proof'] }),
    });
    expect(res.status).toBe(201);
    const answer = await writeAnswerBundle(office.app.office, deviceId, { bundleId: imported.result.bundleId, refused: [] });
    if (!answer.ok) throw new Error(answer.reason);
    writeFileSync(join(stick, answer.name), answer.bytes);
    await stopOffice(world);

    const form = page.getByTestId('answer-import');
    const take = async (path: string) => {
      await form.getByLabel('回传包文件或所在文件夹').fill(path);
      await form.getByRole('button', { name: '导入回传包' }).click();
      await form.getByTestId('answer-note').filter({ hasNotText: '正在导入' }).waitFor({ timeout: 30_000 });
      return (await form.getByTestId('answer-note').textContent()) ?? '';
    };
    // The van's store refusing the bundle's records (a full disk): the note says so in Chinese, with a code and what to
    // do, none of the browser's English; once the app is opened again, the same bundle goes in whole.
    await refuseWrites(page, true);
    expect(await take(stick)).toMatch(new RegExp(`^回传包未导入：本机未能存入回传包中的记录，已存入的不受影响。请关闭程序后重新打开，再导入一次，不会重复；仍不成功请联系办公室技术支持，告知错误代码 ${FAILURE_CODE}$`));
    await refuseWrites(page, false);
    await page.reload();
    await logIn(page, 'zhangwei');
    await nav.getByRole('button', { name: '同步' }).click();
    // New to the van: the review's event and the office's acknowledgement of each scan file.
    expect(await take(stick)).toBe(`回传包已导入：新收到办公室记录 ${1 + scans} 条；办公室确认已收到本车记录 ${documents} 条。`);
    await page.locator('[data-testid="pending-documents"]', { hasText: /^0$/ }).waitFor();
    await page.locator('[data-testid="pending-scans"]', { hasText: /^0$/ }).waitFor();
    // The office is gone: the status settles on offline (a retry still running shows syncing a moment, never in-sync).
    expect(await page.getByTestId('sync-status').getAttribute('data-status')).not.toBe('in-sync');
    await page.locator('[data-testid="sync-status"][data-status="offline"]').waitFor({ timeout: 30_000 });
    await nav.getByRole('button', { name: '案件' }).click();
    const card = page.locator(`[data-testid="case"][data-case-id="${caseId}"][data-stage="correction"]`);
    await card.waitFor();
    expect(await card.getByTestId('correction').textContent()).toContain('契税完税凭证不清晰，请补交原件');

    // Again: nothing new. A changed byte, and a bundle whose header names another device, are refused with the reason.
    await nav.getByRole('button', { name: '同步' }).click();
    expect(await take(join(stick, answer.name))).toBe('回传包已导入：新收到办公室记录 0 条；办公室确认已收到本车记录 0 条。');
    const bad = join(world.root, 'bad');
    mkdirSync(bad);
    const flipped = answer.bytes.slice();
    flipped[flipped.length - 50] = (flipped[flipped.length - 50] ?? 0) ^ 1;
    writeFileSync(join(bad, 'changed.jmsb'), flipped);
    expect(await take(join(bad, 'changed.jmsb'))).toMatch(/^回传包未导入：数据包无法通过校验：文件被改动或不完整/);
    const otherId = `${deviceId.slice(0, -1)}${deviceId.endsWith('0') ? '1' : '0'}`;
    writeFileSync(join(bad, 'other.jmsb'), Buffer.from(Buffer.from(answer.bytes).toString('latin1').replace(deviceId, otherId), 'latin1'));
    expect(await take(join(bad, 'other.jmsb'))).toBe(`回传包未导入：这个回传包是发给设备 ${otherId} 的，不是本机；请导入发给本机的回传包`);
    expect(await take(join(world.root, 'no-stick'))).toMatch(/^回传包未导入：在 .*no-stick 找不到发给本机的回传包/);

    // The link comes back: the van sends the office nothing it holds already, and the case stays as reviewed.
    await startOffice(world, officePort);
    await page.locator('[data-testid="sync-status"][data-status="in-sync"]').waitFor({ timeout: 90_000 });
    const storage = world.office!.app.office.storage;
    let stored = 0;
    for (const c of ['cases', 'caseEvents', 'receipts', 'scans', 'tripLedger'] as const) {
      stored += (await storage.listDocuments(c)).filter((d) => d.body['deviceId'] === deviceId && d.body['kind'] !== 'receipt-grant').length;
    }
    // And the receipt row the office keeps as a view of the 收费 event (the van sends no receipt document).
    expect(stored).toBe(documents + 1);
    await nav.getByRole('button', { name: '案件' }).click();
    await card.waitFor();
  }, 300_000);
});
