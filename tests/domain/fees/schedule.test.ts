import { describe, expect, it } from 'vitest';
import { quote } from '#domain/fees/quote.ts';
import { feeTableFromSchedule, scheduleInForce } from '#domain/fees/schedule.ts';

const demoSchedule = {
  id: 'fees-2016-2559',
  effectiveFrom: '2017-01-01',
  rules: [
    { code: 'registration-residential', amountFen: 8000 },
    { code: 'registration-non-residential', amountFen: 55000 },
    { code: 'certificate-extra', amountFen: 1000 },
  ],
};

describe('fee tables from the office feeSchedules document', () => {
  it('recognises the demo schedule as the national 2559号 table itself', () => {
    const r = feeTableFromSchedule(demoSchedule);
    expect(r.ok && `${r.value.id}@${r.value.version}`).toBe('gb-2016-2559@2');
  });

  it('derives a named table when the office changed an amount, and quotes with it', () => {
    const r = feeTableFromSchedule({ ...demoSchedule, id: 'JMS-2027', rules: [{ code: 'certificate-extra', amountFen: 1200 }] });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.id).toBe('jms-2027');
    const q = quote({ kind: 'transfer', use: 'residential', certificates: 2, rules: r.value });
    expect(q.ok && q.value).toMatchObject({ rules: 'jms-2027@1', totalFen: 9200 });
  });

  it('refuses an unknown rule code, an odd amount and a date before any standard', () => {
    expect(feeTableFromSchedule({ ...demoSchedule, rules: [{ code: 'van-surcharge', amountFen: 500 }] })).toEqual({ ok: false, error: { code: 'unknown-rule-code', ruleCode: 'van-surcharge' } });
    expect(feeTableFromSchedule({ ...demoSchedule, rules: [{ code: 'registration-residential', amountFen: 8001 }] })).toEqual({ ok: false, error: { code: 'invalid-fee-table', path: 'registrationFen.residential' } });
    expect(feeTableFromSchedule({ ...demoSchedule, effectiveFrom: '2000-01-01' })).toEqual({ ok: false, error: { code: 'no-base-table', effectiveFrom: '2000-01-01' } });
  });
});

describe('the office fee schedule in force on a date', () => {
  const schedules = [
    { id: 'a', effectiveFrom: '2017-01-01' },
    { id: 'c', effectiveFrom: '2027-01-01' },
    { id: 'b', effectiveFrom: '2026-07-01' },
  ];

  it('is the newest one that has started by that day', () => {
    expect(scheduleInForce(schedules, '2026-11-28')?.id).toBe('b');
    expect(scheduleInForce(schedules, '2026-07-01')?.id).toBe('b');
    expect(scheduleInForce(schedules, '2026-06-30')?.id).toBe('a');
    expect(scheduleInForce(schedules, '2027-01-01')?.id).toBe('c');
  });

  it('is none before the first one starts', () => {
    expect(scheduleInForce(schedules, '2016-12-31')).toBeUndefined();
  });
});
