import { describe, expect, it } from 'vitest';
import { BUSINESS_KIND_KEYS } from '#domain/business/business-kinds.ts';
import { DEFAULT_PROMISED_LIMITS, parsePromisedLimits, promisedLimitErrorText } from '#domain/calendar/promised-limits.ts';

describe('承诺时限: the office’s table beside the legal 30 working days (条例 第二十条)', () => {
  it('defaults to 5 working days (国办发〔2019〕8号 target) and 1 for 查封 and 异议', () => {
    expect(DEFAULT_PROMISED_LIMITS.transfer).toBe(5);
    expect(DEFAULT_PROMISED_LIMITS['mortgage-first']).toBe(5);
    expect(DEFAULT_PROMISED_LIMITS.seizure).toBe(1);
    expect(DEFAULT_PROMISED_LIMITS.objection).toBe(1);
    expect(BUSINESS_KIND_KEYS.every((k) => DEFAULT_PROMISED_LIMITS[k] <= 30)).toBe(true);
  });

  it('takes the office’s days, keeping the default for kinds it leaves out', () => {
    const r = parsePromisedLimits({ transfer: 3, 'mortgage-first': 2 });
    expect(r.ok && [r.value.transfer, r.value['mortgage-first'], r.value.change]).toEqual([3, 2, 5]);
  });

  it('refuses a promise longer than the law allows, a fraction, or an unknown kind, naming it', () => {
    const long = parsePromisedLimits({ transfer: 31 });
    expect(long).toEqual({ ok: false, error: { code: 'days-invalid', kind: 'transfer', days: 31 } });
    if (!long.ok) expect(promisedLimitErrorText(long.error)).toBe('转移登记的承诺时限须为 1 到 30 之间的整数个工作日（不得超过法定时限）');
    expect(parsePromisedLimits({ transfer: 2.5 }).ok).toBe(false);
    expect(parsePromisedLimits({ transfer: 0 }).ok).toBe(false);
    expect(parsePromisedLimits({ easement: 3 })).toEqual({ ok: false, error: { code: 'unknown-kind', kind: 'easement' } });
    expect(parsePromisedLimits([3])).toEqual({ ok: false, error: { code: 'not-a-table' } });
  });
});
