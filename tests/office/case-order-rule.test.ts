import { describe, expect, it } from 'vitest';
import { blockerAmong } from '#server/sync/case-order.ts';
import { type OpenRefusal } from '#server/storage/storage.ts';

const AT = '2026-11-30T09:00:00+08:00';
const event = (id: string, caseId: string, seq: number) => ({ id, caseId, seq, deviceId: 'dev-1', _deleted: false });
const doc = (id: string, caseId?: string) => ({ id, ...(caseId ? { caseId } : {}), _deleted: false });

describe('which documents of a device the office holds back behind a refused one of their case (protocol 21)', () => {
  const poison: OpenRefusal = { collection: 'caseEvents', docId: 'ev-2', caseId: 'case-A', seq: 2, at: AT };

  it('a refused event holds its case’s later events, receipts and scans, not its earlier events nor other cases', () => {
    const open = [poison];
    expect(blockerAmong(open, 'caseEvents', event('ev-3', 'case-A', 3))).toBe(poison);
    expect(blockerAmong(open, 'caseEvents', event('ev-1', 'case-A', 1))).toBeUndefined();
    expect(blockerAmong(open, 'caseEvents', event('ev-2', 'case-A', 2))).toBeUndefined(); // itself, sent again
    expect(blockerAmong(open, 'caseEvents', event('ev-9', 'case-B', 9))).toBeUndefined();
    expect(blockerAmong(open, 'receipts', doc('rc-1', 'case-A'))).toBe(poison);
    expect(blockerAmong(open, 'scans', doc('sc-1', 'case-A'))).toBe(poison);
    expect(blockerAmong(open, 'cases', doc('case-A'))).toBeUndefined(); // the case header comes first
    expect(blockerAmong(open, 'tripLedger', doc('visit-1'))).toBeUndefined(); // no case
  });

  it('a refused case header holds everything of its case but itself', () => {
    const header: OpenRefusal = { collection: 'cases', docId: 'case-A', caseId: 'case-A', seq: null, at: AT };
    const open = [header];
    expect(blockerAmong(open, 'caseEvents', event('ev-1', 'case-A', 1))).toBe(header);
    expect(blockerAmong(open, 'receipts', doc('rc-1', 'case-A'))).toBe(header);
    expect(blockerAmong(open, 'scans', doc('sc-1', 'case-A'))).toBe(header);
    expect(blockerAmong(open, 'cases', doc('case-A'))).toBeUndefined();
    expect(blockerAmong(open, 'caseEvents', event('ev-1', 'case-B', 1))).toBeUndefined();
  });

  it('nothing is held without an open refusal, and an event without a sequence waits behind any refused event', () => {
    expect(blockerAmong([], 'caseEvents', event('ev-3', 'case-A', 3))).toBeUndefined();
    expect(blockerAmong([{ ...poison, seq: null }], 'caseEvents', event('ev-3', 'case-A', 3))).toMatchObject({ docId: 'ev-2' });
  });
});
