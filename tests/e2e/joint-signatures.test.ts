import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { type E2eWorld, createWorld, startTripDay } from './harness.ts';
import { makeNotice, signPad, walkIntakeToNotice } from './intake-driver.ts';
import { pdfImageCount, pdfText } from '../documents/pdf-tools.ts';

/** 刘建国's unit (non-residential: ¥550.00). */
const UNIT = '230803003012GB00100F00010101';
const squash = (t: string) => t.replace(/\s+/g, '');

describe('a joint application (条例 第十四条): a signature pad and a signature line per applicant, in Chromium against start:browser', () => {
  let world: E2eWorld;
  let page: Page;
  beforeAll(async () => {
    world = await createWorld();
    page = await startTripDay(world, 'zhangwei');
  }, 180_000);
  afterAll(async () => world?.cleanup());

  it('asks each applicant to sign and draws both signatures on the notice', async () => {
    await walkIntakeToNotice(page, { applicant: '刘建国', second: '张国强', unit: UNIT });
    await makeNotice(page);
    expect(await page.getByTestId('signature-pad').locator('canvas').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(['申请人签名：刘建国', '申请人签名：张国强']);
    // One signature is not enough: the step names who has not signed and stays.
    await signPad(page, '刘建国');
    await page.getByRole('button', { name: '确认签名并完成' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('还没有签名：张国强');
    expect(await page.getByTestId('signatures').count()).toBe(1);
    // Said where the clerk looks: on the 1366×768 screen, above the step's sticky buttons, not below the pads.
    await page.waitForFunction(() => {
      const alert = document.querySelector('[data-testid="signatures"] [role="alert"]')?.getBoundingClientRect();
      const nav = document.querySelector('[data-testid="signatures"] .step-nav')?.getBoundingClientRect();
      return !!alert && !!nav && alert.top >= 60 && alert.bottom <= nav.top;
    }, undefined, { timeout: 5_000 });
    await signPad(page, '张国强', 1);
    // A double tap (a touch screen's bounce) saves once.
    await page.getByRole('button', { name: '确认签名并完成' }).dblclick();
    const card = page.locator('[data-testid="case"][data-stage="accepted"]').filter({ hasText: '刘建国' });
    await card.waitFor();
    const caseId = (await card.getAttribute('data-case-id')) ?? '';

    // The notice handed over first has a line for each applicant to sign on; the signed copy draws each signature.
    const dir = join(world.vanDataDir, 'van', 'documents', caseId);
    const notices = readdirSync(dir).filter((f) => f.startsWith('acceptance-')).map((f) => readFileSync(join(dir, f)));
    expect(notices.length).toBe(2);
    const [signed, blank] = [...notices].sort((a, b) => pdfImageCount(b) - pdfImageCount(a));
    expect(pdfImageCount(blank!)).toBe(0);
    expect(squash(pdfText(blank!))).toContain('申请人（签名）：刘建国__________');
    expect(squash(pdfText(blank!))).toContain('申请人（签名）：张国强__________');
    expect(pdfImageCount(signed!)).toBe(2);
    const text = squash(pdfText(signed!));
    expect(text).toContain('申请人（签名）：刘建国');
    expect(text).toContain('申请人（签名）：张国强');
    expect(text).not.toMatch(/申请人（签名）：(刘建国|张国强)_/);
  }, 200_000);
});
