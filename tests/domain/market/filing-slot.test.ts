import { describe, expect, it } from 'vitest';
import { type FilingEvent, projectFiling } from '#domain/market/filing.ts';
import { filingSlotOf } from '#domain/market/filing-slot.ts';
import { buyerLi, buyerZhang, developer, draftA, presale } from './fixtures.ts';

const filedAt = (at: string): FilingEvent => ({
  kind: 'filed',
  seq: 1,
  at,
  actor: developer,
  terms: { ...draftA, contractNumber: 'YS20260000001', developerId: 'dev-1', developerName: '佳木斯江景房地产开发有限公司', permitNumber: presale.number },
  buyers: [buyerZhang, buyerLi],
});

describe('a unit’s filing slot as registration reads it', () => {
  it('dates the filing by the Beijing calendar: filed at 01:30 Beijing time (17:30 UTC the day before) is filed that day', () => {
    expect(filingSlotOf(projectFiling([filedAt('2026-06-01T17:30:00.000Z')])).filedOn).toBe('2026-06-02');
    expect(filingSlotOf(projectFiling([filedAt('2026-06-01T15:59:59.000Z')])).filedOn).toBe('2026-06-01');
    expect(filingSlotOf(projectFiling([filedAt('2026-12-31T16:00:00.000Z')])).filedOn).toBe('2027-01-01');
  });
});
