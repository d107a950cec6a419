import { describe, expect, it } from 'vitest';
import { caseIdFor, randomPartOf } from '#domain/case/case-id.ts';
import { caseNumberFor } from '#domain/case/case-number.ts';
import { queryCodeOf } from '#domain/case/status-link.ts';
import { countyOfId } from '#domain/city/counties.ts';

const RANDOM = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('the id a van draws for a new case', () => {
  it('carries the county code of a county office’s van, taken from the device id that office minted', () => {
    const id = caseIdFor('dev-230822-9f8e7d6c-0000-4000-8000-000000000001', RANDOM);
    expect(id).toBe(`case-230822-${RANDOM}`);
    expect(countyOfId(id)).toBe('230822');
  });

  it('keeps the bare random id on a van of the city office, as every case had before', () => {
    expect(caseIdFor('dev-9f8e7d6c-0000-4000-8000-000000000001', RANDOM)).toBe(RANDOM);
    expect(countyOfId(RANDOM)).toBeNull();
  });

  it('never gives two counties’ vans one id, even for the same random draw', () => {
    const a = caseIdFor('dev-230822-x', RANDOM);
    const b = caseIdFor('dev-230826-x', RANDOM);
    expect(a).not.toBe(b);
    expect([countyOfId(a), countyOfId(b)]).toEqual(['230822', '230826']);
  });

  it('prints the same case number and query code from the random part in both forms', () => {
    const county = caseIdFor('dev-230881-x', RANDOM);
    expect(randomPartOf(county)).toBe(RANDOM);
    expect(randomPartOf(RANDOM)).toBe(RANDOM);
    expect(caseNumberFor('2026-11-28', county)).toBe('20261128-1A2B3C4D');
    expect(caseNumberFor('2026-11-28', RANDOM)).toBe('20261128-1A2B3C4D');
    expect(queryCodeOf(county)).toBe('0E1F2A3B4C5D'.slice(-8));
    expect(queryCodeOf(RANDOM)).toBe(queryCodeOf(county));
  });
});
