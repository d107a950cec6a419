import { describe, expect, it } from 'vitest';
import { caseNumberFor } from '#domain/case/case-number.ts';

describe('the case number on the 受理凭证', () => {
  const caseId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

  it('numbers a case by its date and the start of its id, in capitals', () => {
    expect(caseNumberFor('2026-11-28', caseId)).toBe('20261128-1A2B3C4D');
    expect(caseNumberFor('2027-01-04', caseId)).toBe('20270104-1A2B3C4D');
  });
});
