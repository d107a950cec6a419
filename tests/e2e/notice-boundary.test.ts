import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, TRIP_DAYS, createWorld, officeLogin, startTripDay } from './harness.ts';
import { makeNotice, sign, waitInSync, walkIntakeToNotice } from './intake-driver.ts';
import { queryCodeOf } from '#domain/case/status-link.ts';
import { NOTICE_PENDING_TEXT } from '#domain/case/stages.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { pdfImageCount, pdfText } from '../documents/pdf-tools.ts';
import { chinaDate, chineseDateText } from '#domain/calendar/china-time.ts';

const squash = (t: string) => t.replace(/\s+/g, '');

const PAID_UNIT = '230803003012GB00100F00010101';
const MORTGAGED_UNIT = '230803003012GB00101F00010303';

type Detail = { caseNumber: string | null; status: { stage: string; stageLabel: string; awaitsNotice: boolean; acceptedAt: string | null; awaitingLevel: number | null }; receipts: { number: string }[] };

// Whether a case counts does not depend on the date; it runs on a day other than the seed's, as every e2e does.
describe.each([TRIP_DAYS[1]])('a case counts at the office only once its notice is issued ($label), in Chromium against start:browser and the real office', ({ daysAhead }) => {
  let world: E2eWorld;
  let page: Page;
  let office = '';
  let token = '';
  const caseIdOf = async (applicant: string) => (await page.getByTestId('case').filter({ hasText: applicant }).getAttribute('data-case-id')) ?? '';
  const get = async <T,>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${office}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    world = await createWorld({ daysAhead });
    page = await startTripDay(world, 'zhangwei');
    office = world.office!.url.replace(/\/$/, '');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('takes a fee, then the intake is abandoned before its notice; another intake goes to the end', async () => {
    expect(await walkIntakeToNotice(page, { applicant: '刘建国', second: '张国强', unit: PAID_UNIT })).toBe('JMS2026-001001');
    // Abandoned at the notice: discarded on purpose, the saved case stays on the van with its receipt.
    await page.getByRole('button', { name: '今日行程' }).click();
    await page.getByTestId('draft-banner').getByRole('button', { name: '放弃此受理' }).click();
    await page.getByRole('button', { name: '确认放弃' }).click();
    await page.getByTestId('draft-banner').waitFor({ state: 'detached' });

    // 抵押权注销 is not charged: from the fee straight to the notice.
    expect(await walkIntakeToNotice(page, { applicant: '马桂兰', unit: MORTGAGED_UNIT, charged: false })).toBeNull();
    await makeNotice(page);
    await sign(page);
    await waitInSync(page);
  }, 240_000);

  it('leaves the abandoned intake out of the review queue and the public status page, its fee still on record', async () => {
    await page.getByRole('button', { name: '案件' }).click();
    const abandoned = await caseIdOf('刘建国');
    const finished = await caseIdOf('马桂兰');
    token = await officeLogin(office, 'wangfang');

    const queue = await get<{ cases: { caseId: string }[] }>('/api/v1/office/queues/1');
    expect(queue.body.cases.map((c) => c.caseId)).toEqual([finished]);

    const detail = (await get<Detail>(`/api/v1/office/cases/${abandoned}`)).body;
    expect(detail.status).toMatchObject({ stage: 'applied', stageLabel: NOTICE_PENDING_TEXT, awaitsNotice: true, acceptedAt: null, awaitingLevel: null });
    expect(detail.receipts.map((r) => r.number)).toEqual(['JMS2026-001001']);
    const done = (await get<Detail>(`/api/v1/office/cases/${finished}`)).body;
    expect(done.status).toMatchObject({ stage: 'accepted', awaitsNotice: false, awaitingLevel: 1 });

    const status = (caseId: string, caseNumber: string | null) =>
      fetch(`${office}/api/v1/public/status?caseNo=${encodeURIComponent(caseNumber ?? '')}&code=${queryCodeOf(caseId)}`).then((r) => r.status);
    expect(await status(abandoned, detail.caseNumber)).toBe(404);
    expect(await status(finished, done.caseNumber)).toBe(200);
  }, 120_000);

  it('counts it in reconciliation as money taken, not as an accepted case', async () => {
    const accountant = await officeLogin(office, 'zhaolei');
    const res = await fetch(`${office}/api/v1/office/trips/${DEMO_TRIP_ID}/reconciliation`, { headers: { authorization: `Bearer ${accountant}` } });
    const report = (await res.json()) as { caseLines: { caseId: string; awaitsNotice: boolean; acceptedAt: string | null }[]; money: { chargedFen: number }; receiptNumbers: { issued: number } };
    const abandoned = await caseIdOf('刘建国');
    expect(report.caseLines.filter((c) => c.awaitsNotice).map((c) => c.caseId)).toEqual([abandoned]);
    expect(report.caseLines.find((c) => c.caseId === abandoned)?.acceptedAt).toBeNull();
    expect(report.caseLines).toHaveLength(2);
    // The money taken is accounted for all the same: the number was used and the fee collected.
    expect(report.receiptNumbers.issued).toBe(1);
    expect(report.money.chargedFen).toBe(55_000);
  }, 120_000);

  it('shows the archived notice again from 案件, and says so when an intake has none', async () => {
    await page.getByRole('button', { name: '案件' }).click();
    const abandoned = page.getByTestId('case').filter({ hasText: '刘建国' });
    expect(await abandoned.getByTestId('case-notice-pending').textContent()).toContain('未出具受理通知书');
    expect(await abandoned.getByTestId('case-notice').count()).toBe(0);
    const finished = page.getByTestId('case').filter({ hasText: '马桂兰' });
    const caseId = (await finished.getAttribute('data-case-id')) ?? '';
    const dir = join(world.vanDataDir, 'van', 'documents', caseId);
    // The notice handed over and its copy the applicant signed (the signature drawn on it); 案件 shows the signed one.
    const archived = readdirSync(dir).filter((f) => f.startsWith('acceptance-') && pdfImageCount(readFileSync(join(dir, f))) > 0);
    expect(readdirSync(dir).filter((f) => f.startsWith('acceptance-'))).toHaveLength(2);
    expect(archived).toHaveLength(1);
    await finished.getByRole('button', { name: '查看告知书' }).click();
    const frame = finished.locator('iframe[title="受理通知书（存档）"]');
    await frame.waitFor();
    // The file handed over, named by its hash: the main side checks the bytes against it before they are shown
    // (tests/electron/case-notice.test.ts); the page's CSP lets the frame show a blob but not the page fetch one.
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    expect(`acceptance-${(await frame.getAttribute('data-sha256')) ?? ''}.pdf`).toBe(archived[0]);
    expect(await finished.getByRole('button', { name: '打印告知书' }).isEnabled()).toBe(true);

    // 打印告知书 prints a copy marked 重印 with the day and time it was printed; the notice handed over stays unmarked.
    // Headless Chromium has no print dialog for a PDF frame (asking it crashes the page): the frame's print() is
    // counted here instead, as the stand-in for the operating system's dialog.
    await page.evaluate(() => {
      const real = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!;
      const counted = window as unknown as { printed: string[] };
      counted.printed = [];
      Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
        get(this: HTMLIFrameElement) {
          return real.get!.call(this) ? { print: () => counted.printed.push(this.title) } : null;
        },
      });
    });
    await finished.getByRole('button', { name: '打印告知书' }).click();
    const reprintFrame = finished.locator('iframe[title="受理通知书（重印）"]');
    await reprintFrame.waitFor({ timeout: 60_000 });
    expect(await finished.getByTestId('case-notice-reprint').textContent()).toContain('每页顶部标有“重印”和打印时间');
    const reprints = readdirSync(dir).filter((f) => f.startsWith('reprint-acceptance-'));
    expect(reprints).toEqual([`reprint-acceptance-${(await reprintFrame.getAttribute('data-sha256')) ?? ''}.pdf`]);
    const reprinted = squash(pdfText(readFileSync(join(dir, reprints[0]!))));
    expect(reprinted).toMatch(new RegExp(`【重印】${chineseDateText(chinaDate(world.clock.now().toISOString()))}\\d{2}:\\d{2}重新打印`));
    expect(reprinted).toContain('不动产登记受理通知书');
    await page.waitForFunction(() => (window as unknown as { printed: string[] }).printed.length > 0);
    expect(await page.evaluate(() => (window as unknown as { printed: string[] }).printed)).toEqual(['受理通知书（重印）']);
    for (const f of readdirSync(dir).filter((x) => x.startsWith('acceptance-'))) expect(squash(pdfText(readFileSync(join(dir, f))))).not.toContain('重印');
  }, 120_000);
});
