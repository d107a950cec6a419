import { describe, expect, it } from 'vitest';
import { asCurrentFact } from '#domain/city/statistics.ts';
import { FeedFact, statFactOf } from '#server/office/city/feed-contract.ts';

const fact = (use: string, measures: Record<string, number>, kind = 'market') => FeedFact.parse({ seq: 1, source: 'permit:p-1', month: '2026-10', kind, use, measures });

describe('a county’s fact as the city takes it', () => {
  it('keeps a permit’s supply sent under unknown (an office of an earlier release) under mixed, as the city’s own', () => {
    expect(statFactOf(fact('unknown', { supplyUnits: 12, supplyAreaDm2: 125_736 }))).toEqual({ source: 'permit:p-1', month: '2026-10', kind: 'market', use: 'mixed', measures: { supplyUnits: 12, supplyAreaDm2: 125_736 } });
    // A revocation takes the units off the same row.
    expect(statFactOf(fact('unknown', { supplyUnits: -12, supplyAreaDm2: -125_736 })).use).toBe('mixed');
  });

  it('leaves every other fact’s use as sent', () => {
    expect(statFactOf(fact('mixed', { supplyUnits: 12 })).use).toBe('mixed');
    expect(statFactOf(fact('unknown', { newHomeCount: 1, newHomeFen: 100 })).use).toBe('unknown');
    expect(statFactOf(fact('unknown', { supplyUnits: 0, registrations: 1 })).use).toBe('unknown');
    expect(statFactOf(fact('unknown', { supplyUnits: 3 }, 'transfer')).use).toBe('unknown');
    expect(statFactOf(fact('residential', { supplyUnits: 3 })).use).toBe('residential');
    const own = { source: 's', month: '2026-10', kind: 'market' as const, use: 'residential' as const, measures: { newHomeCount: 1 } };
    expect(asCurrentFact(own)).toBe(own);
  });
});
