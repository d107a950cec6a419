import { describe, expect, it } from 'vitest';
import { causalAt } from '#domain/case/causal-time.ts';
import { type CaseEvent } from '#domain/case/events.ts';
import { orderEvents } from '#domain/case/lifecycle.ts';

const event = (deviceId: string, seq: number, at: string): CaseEvent => ({ id: `${deviceId}-${seq}`, caseId: 'c1', deviceId, seq, at, actor: 'clerk-1', prevHash: null, hash: `h-${deviceId}-${seq}`, kind: 'withdrawn', payload: { reason: '撤回' } });

// The van returned the case's materials at 10:00:00.000 by its clock; the office's 退回补正 came at 10:05.
const vanReturned = event('van-1', 7, '2026-11-28T10:00:00.000Z');
const officeReturned = event('office', 3, '2026-11-28T10:05:00.000Z');
const history = [vanReturned, officeReturned];

/** Stamps a new event of `deviceId` and checks that the case folds it last, after everything it was taken on. */
function stampAndFold(clockAt: string, deviceId: string, events: readonly CaseEvent[]): string {
  const at = causalAt(clockAt, deviceId, events);
  const seq = Math.max(0, ...events.filter((e) => e.deviceId === deviceId).map((e) => e.seq)) + 1;
  const added = event(deviceId, seq, at);
  expect(orderEvents([added, ...events]).at(-1)).toBe(added);
  return at;
}

describe('the causal stamp of a new case event', () => {
  it('is the clock time for a case with no events', () => {
    expect(causalAt('2026-11-28T09:00:00.000Z', 'van-1', [])).toBe('2026-11-28T09:00:00.000Z');
  });

  it('is the clock time when the clock is ahead of every event of the case', () => {
    expect(stampAndFold('2026-11-28T11:00:00.000Z', 'van-1', history)).toBe('2026-11-28T11:00:00.000Z');
    expect(stampAndFold('2026-11-28T10:05:00.001Z', 'office', history)).toBe('2026-11-28T10:05:00.001Z');
  });

  it("is 1 ms after another device's later event when the clock is behind", () => {
    // The van's clock is five minutes slow: its 补正 收件 goes after the office's return, not before it.
    expect(stampAndFold('2026-11-28T10:00:00.500Z', 'van-1', history)).toBe('2026-11-28T10:05:00.001Z');
    // The office's clock behind a van running ahead: its decision goes after the van's acceptance.
    const ahead = event('van-2', 1, '2026-11-28T13:00:00.000Z');
    expect(stampAndFold('2026-11-28T10:00:00.000Z', 'office', [...history, ahead])).toBe('2026-11-28T13:00:00.001Z');
  });

  it("is 1 ms after the device's own later event (a clock set back), so its stamps keep growing", () => {
    const first = stampAndFold('2026-11-28T10:04:00.000Z', 'office', history);
    expect(first).toBe('2026-11-28T10:05:00.001Z');
    const second = stampAndFold('2026-11-28T10:04:01.000Z', 'office', [...history, event('office', 4, first)]);
    expect(second).toBe('2026-11-28T10:05:00.002Z');
  });

  it("at the same instant as another device's event is 1 ms after it, as the tie between devices is their ids", () => {
    // Unmoved, 'office' < 'van-1' would fold the office's decision before the van event it was taken on.
    expect(stampAndFold('2026-11-28T10:00:00.000Z', 'office', [vanReturned])).toBe('2026-11-28T10:00:00.001Z');
    // And 'a-van' < 'office' the same for a van.
    expect(stampAndFold('2026-11-28T10:05:00.000Z', 'a-van', history)).toBe('2026-11-28T10:05:00.001Z');
  });

  it("at the same instant as the device's own event keeps the clock time: its sequence folds it after", () => {
    expect(stampAndFold('2026-11-28T10:05:00.000Z', 'office', history)).toBe('2026-11-28T10:05:00.000Z');
    expect(stampAndFold('2026-11-28T10:00:00.000Z', 'van-1', [vanReturned])).toBe('2026-11-28T10:00:00.000Z');
  });

  it("goes after the latest of several later events, and the case's earlier events do not matter", () => {
    const later = [event('van-2', 1, '2026-11-28T10:07:00.000Z'), event('office', 4, '2026-11-28T10:06:00.000Z')];
    expect(stampAndFold('2026-11-28T10:01:00.000Z', 'van-1', [...history, ...later])).toBe('2026-11-28T10:07:00.001Z');
    expect(causalAt('2026-11-28T10:01:00.000Z', 'van-1', [officeReturned, ...later])).toBe('2026-11-28T10:07:00.001Z');
  });
});
