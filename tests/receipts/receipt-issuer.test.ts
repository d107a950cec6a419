import { mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '#domain/clock.ts';
import { type NumberBlock } from '#domain/receipts/number-block.ts';
import { createReceiptIssuer, type ReceiptDraft } from '#electron/receipts/receipt-issuer.ts';
import { createFileJournal, createMemoryJournal } from '#electron/receipts/receipt-journal.ts';
import { receiptInput } from '#fixtures/documents/notices.ts';

const { receiptCode: _c, receiptNumber: _n, issuedAt: _t, ...draft } = receiptInput;
const baseDraft: ReceiptDraft = draft;
const block: NumberBlock = { prefix: '', first: 100001, last: 100050, width: 10, code: '23080126' };
const clock = fixedClock('2026-11-28T02:35:00Z');
const dirs: string[] = [];
const tempJournal = () => {
  const dir = mkdtempSync(join(tmpdir(), 'receipts-'));
  dirs.push(dir);
  return join(dir, 'journal.jsonl');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('receipt numbering from the trip block', () => {
  it('gives the 票据代码 and the next 10-digit number of the block', async () => {
    const issuer = createReceiptIssuer({ block, journal: createMemoryJournal(), clock });
    const r = await issuer.issue(baseDraft);
    expect(r).toMatchObject({ ok: true, value: { receiptCode: '23080126', receiptNumber: '0000100001', issuedAt: '2026-11-28T02:35:00.000Z' } });
    expect((await issuer.issue(baseDraft)).ok && (await issuer.list()).map((s) => s.receipt.receiptNumber)).toEqual(['0000100001', '0000100002']);
  });

  it('never gives the same number to receipts issued at the same moment', async () => {
    const issuer = createReceiptIssuer({ block, journal: createMemoryJournal([], () => new Promise((r) => setImmediate(r))), clock });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => issuer.issue({ ...baseDraft, receiptId: `r-${i}` })));
    const numbers = results.map((r) => (r.ok ? r.value.receiptNumber : 'failed'));
    expect(new Set(numbers).size).toBe(40);
    expect(numbers).not.toContain('failed');
  });

  it('reports an exhausted block before payment, and issues nothing more', async () => {
    const small: NumberBlock = { ...block, first: 7, last: 8 };
    const journal = createMemoryJournal();
    const issuer = createReceiptIssuer({ block: small, journal, clock });
    expect(await issuer.canIssue()).toEqual({ ok: true, value: { code: '23080126', next: '0000000007', remaining: 2 } });
    const both = await Promise.all([issuer.issue(baseDraft), issuer.issue(baseDraft), issuer.issue(baseDraft)]);
    expect(both.map((r) => r.ok)).toEqual([true, true, false]);
    const check = await issuer.canIssue();
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error.message).toContain('号段已用完');
    expect(journal.entries).toHaveLength(2);
  });

  it('keeps used numbers across a restart through the fsynced journal, torn last line included', async () => {
    const path = tempJournal();
    const first = createReceiptIssuer({ block, journal: createFileJournal(path), clock });
    await first.issue(baseDraft);
    await first.issue(baseDraft);
    appendFileSync(path, '{"kind":"issued","rec'); // a crash in the middle of a write
    const again = createReceiptIssuer({ block, journal: createFileJournal(path), clock });
    const r = await again.issue(baseDraft);
    expect(r.ok && r.value.receiptNumber).toBe('0000100003');
    const third = createReceiptIssuer({ block, journal: createFileJournal(path), clock });
    expect((await third.list()).map((s) => s.receipt.receiptNumber)).toEqual(['0000100001', '0000100002', '0000100003']);
  });
});

describe('voiding and reprinting', () => {
  it('records who voided and why, and never reuses the voided number', async () => {
    const path = tempJournal();
    const issuer = createReceiptIssuer({ block, journal: createFileJournal(path), clock });
    await issuer.issue(baseDraft);
    expect((await issuer.voidReceipt('0000100001', '', '赵晓梅')).ok).toBe(false);
    const voided = await issuer.voidReceipt('0000100001', '金额录入错误', '赵晓梅');
    expect(voided.ok && voided.value.voided).toEqual({ reason: '金额录入错误', by: '赵晓梅', at: '2026-11-28T02:35:00.000Z' });
    const again = await issuer.voidReceipt('0000100001', '金额录入错误', '赵晓梅');
    expect(!again.ok && again.error.code).toBe('already-voided');
    const restarted = createReceiptIssuer({ block, journal: createFileJournal(path), clock });
    const next = await restarted.issue(baseDraft);
    expect(next.ok && next.value.receiptNumber).toBe('0000100002');
    expect((await restarted.get('0000100001'))?.voided?.reason).toBe('金额录入错误');
    expect(readFileSync(path, 'utf8')).toContain('"kind":"voided"');
  });

  it('reprints under the same number and records the reprint; an unknown or voided number is refused', async () => {
    const issuer = createReceiptIssuer({ block, journal: createMemoryJournal(), clock });
    const issued = await issuer.issue(baseDraft);
    const copy = await issuer.reprint('0000100001', '赵晓梅');
    expect(copy.ok && issued.ok && copy.value).toEqual(issued.ok && issued.value);
    expect((await issuer.get('0000100001'))?.reprints).toEqual([{ by: '赵晓梅', at: '2026-11-28T02:35:00.000Z' }]);
    expect(await issuer.reprint('0000100999', '赵晓梅')).toMatchObject({ ok: false, error: { code: 'unknown-number' } });
    await issuer.voidReceipt('0000100001', '重复收费', '赵晓梅');
    expect(await issuer.reprint('0000100001', '赵晓梅')).toMatchObject({ ok: false, error: { code: 'already-voided' } });
  });

  it('refuses a block without a 票据代码', () => {
    expect(() => createReceiptIssuer({ block: { ...block, code: undefined }, journal: createMemoryJournal(), clock })).toThrow('票据代码');
  });
});
