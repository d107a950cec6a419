import { describe, expect, it } from 'vitest';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { inCaseOrder } from '#server/office/office-data.ts';

const event = (deviceId: string, seq: number, at: string): CaseEventDoc => ({
  id: `${deviceId}-${seq}`,
  caseId: 'JMS-c1',
  deviceId,
  seq,
  kind: 'withdrawn',
  at,
  actor: 'staff-1',
  payload: { reason: '撤回' },
  prevHash: null,
  hash: `h-${deviceId}-${seq}`,
  _deleted: false,
});

describe("the office's list of a case's events", () => {
  it('is the order the case is folded in (time, device, sequence), not the sequence numbers of different devices', () => {
    // The van's 补正 收件 and the office's decision at the same instant, neither having seen the other: the
    // fold (orderEvents) takes the van's first ('dev-7f3a' < 'office') though its number, 41, is the higher.
    const T = '2026-11-28T10:05:00.000Z';
    const events = [event('office', 3, T), event('dev-7f3a', 41, T), event('dev-7f3a', 40, '2026-11-28T10:00:00.000Z'), event('office', 4, '2026-11-28T10:05:00.001Z'), event('dev-7f3a', 42, T)];
    expect(events.sort(inCaseOrder).map((e) => e.id)).toEqual(['dev-7f3a-40', 'dev-7f3a-41', 'dev-7f3a-42', 'office-3', 'office-4']);
  });
});
