import { describe, expect, it } from 'vitest';
import { type Blocker, blockerOf } from '#renderer/db/hold-back.ts';

const blockers = (...list: Blocker[]) => {
  const map = new Map<string, Blocker[]>();
  for (const b of list) map.set(b.caseId, [...(map.get(b.caseId) ?? []), b]);
  return map;
};
/** Documents written one a millisecond: `n` is the write order. */
const at = (n: number) => ({ lwt: 1000 + n, id: `doc-${n}` });
const event = (id: string, caseId: string, seq: number, deviceId = 'dev-1') => ({ id, caseId, seq, deviceId });

describe('which documents wait behind a quarantined one (per-case order)', () => {
  const poison: Blocker = { collection: 'caseEvents', docId: 'ev-2', caseId: 'case-A', deviceId: 'dev-1', seq: 2, at: at(2) };

  it('a quarantined event holds its case’s later events, receipts and scans, not its earlier events nor other cases', () => {
    const b = blockers(poison);
    expect(blockerOf('caseEvents', event('ev-3', 'case-A', 3), at(3), b)).toBe(poison);
    expect(blockerOf('caseEvents', event('ev-1', 'case-A', 1), at(1), b)).toBeUndefined();
    expect(blockerOf('caseEvents', event('ev-2', 'case-A', 2), at(2), b)).toBeUndefined(); // itself
    expect(blockerOf('caseEvents', event('ev-9', 'case-B', 9), at(9), b)).toBeUndefined();
    expect(blockerOf('caseEvents', event('ev-x', 'case-A', 5, 'dev-2'), at(5), b)).toBeUndefined(); // another device's chain
    expect(blockerOf('receipts', { id: 'rc-1', caseId: 'case-A' }, at(4), b)).toBe(poison);
    expect(blockerOf('scans', { id: 'sc-1', caseId: 'case-A' }, at(4), b)).toBe(poison);
    expect(blockerOf('cases', { id: 'case-A' }, at(0), b)).toBeUndefined(); // the case header comes first
  });

  it('only what was written after the quarantined document waits: an earlier receipt or scan of the case has gone before it', () => {
    const b = blockers(poison);
    expect(blockerOf('receipts', { id: 'rc-0', caseId: 'case-A' }, at(1), b)).toBeUndefined();
    expect(blockerOf('scans', { id: 'sc-0', caseId: 'case-A' }, at(1), b)).toBeUndefined();
    // Same write time, ordered by id as the outbox orders them.
    expect(blockerOf('receipts', { id: 'rc-same', caseId: 'case-A' }, { lwt: 1002, id: 'doc-1x' }, b)).toBeUndefined();
    expect(blockerOf('receipts', { id: 'rc-same', caseId: 'case-A' }, { lwt: 1002, id: 'doc-3' }, b)).toBe(poison);
  });

  it('a quarantined case header holds everything of its case; a blocker set aside as released holds nothing', () => {
    const header: Blocker = { collection: 'cases', docId: 'case-A', caseId: 'case-A', deviceId: 'dev-1', seq: null, at: at(0) };
    const b = blockers(header);
    expect(blockerOf('caseEvents', event('ev-1', 'case-A', 1), at(1), b)).toBe(header);
    expect(blockerOf('receipts', { id: 'rc-1', caseId: 'case-A' }, at(2), b)).toBe(header);
    expect(blockerOf('cases', { id: 'case-A' }, at(0), b)).toBeUndefined();
    expect(blockerOf('caseEvents', event('ev-1', 'case-A', 1), at(1), b, header)).toBeUndefined();
  });
});
