import { describe, expect, it } from 'vitest';
import { checkDecision, statusOn, type StatusDecision } from '#domain/map/building-status.ts';

const temporary: StatusDecision = { status: 'temporary', decidedBy: '佳木斯市自然资源局', decidedOn: '2025-03-01', basis: '临建字〔2025〕12号', approvedUntil: '2027-02-28' };

describe('a building status on a day (《国有土地上房屋征收与补偿条例》第24条)', () => {
  it.each([
    ['2025-03-01', 'temporary-valid'],
    ['2027-02-28', 'temporary-valid'],
    ['2027-03-01', 'temporary-expired'],
    ['2031-01-01', 'temporary-expired'],
  ])('a temporary building approved until 2027-02-28 is, on %s, %s', (day, expected) => {
    expect(statusOn(temporary, day)).toBe(expected);
  });

  it('keeps the other statuses whatever the day', () => {
    for (const day of ['2020-01-01', '2040-12-31']) {
      expect(statusOn({ ...temporary, status: 'registered', approvedUntil: null }, day)).toBe('registered');
      expect(statusOn({ ...temporary, status: 'illegal', approvedUntil: null }, day)).toBe('illegal');
      expect(statusOn({ ...temporary, status: 'unregistered', approvedUntil: null }, day)).toBe('unregistered');
    }
  });
});

describe('a new status decision', () => {
  it('needs who decided, on what basis, and for a temporary building its period', () => {
    expect(checkDecision(temporary)).toBeNull();
    expect(checkDecision({ ...temporary, decidedBy: ' ' })).toBe('no-decider');
    expect(checkDecision({ ...temporary, basis: '' })).toBe('no-basis');
    expect(checkDecision({ ...temporary, decidedOn: '2025-3-1' })).toBe('bad-day');
    expect(checkDecision({ ...temporary, approvedUntil: null })).toBe('period-missing');
    expect(checkDecision({ ...temporary, approvedUntil: '2025-02-28' })).toBe('period-before-decision');
    expect(checkDecision({ ...temporary, status: 'illegal' })).toBe('period-not-allowed');
  });
});
