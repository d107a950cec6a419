import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { hashEvent } from '#domain/case/hash-chain.ts';
import { domainEventRules } from '#server/domain-rules.ts';
import { chain, intake } from '../domain/case/events-fixture.ts';

const asDoc = (e: ReturnType<typeof chain>[number]): CaseEventDoc => ({ ...e, _deleted: false }) as unknown as CaseEventDoc;

describe("the office's check of a pushed event's hash (native SHA-256 over the domain's hash input)", () => {
  const events = chain('van-1', 'c1', [
    { body: { kind: 'accepted', payload: intake }, actor: 'clerk-1' },
    { body: { kind: 'withdrawn', payload: { reason: '申请人撤回，材料退还' } }, actor: 'clerk-1' },
  ]);

  it('accepts the events the domain sealed and refuses one changed after sealing', async () => {
    for (const e of events) expect(await domainEventRules.hashMatches(asDoc(e))).toBe(true);
    const second = events[1];
    if (!second) throw new Error('fixture');
    expect(await domainEventRules.hashMatches({ ...asDoc(second), actor: 'clerk-2' })).toBe(false);
    expect(await domainEventRules.hashMatches({ ...asDoc(second), payload: { reason: '申请人撤回' } })).toBe(false);
    expect(await domainEventRules.hashMatches({ ...asDoc(second), prevHash: null })).toBe(false);
  });

  it("agrees with the domain's own hash for any payload, Chinese text and odd keys included", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), fc.string(), async (payload, actor) => {
        const base = { id: 'e-1', caseId: 'c-1', deviceId: 'van-1', seq: 1, at: '2026-11-23T01:00:00.000Z', actor, prevHash: null, kind: 'withdrawn', payload };
        const hash = hashEvent(base as unknown as Parameters<typeof hashEvent>[0]);
        expect(await domainEventRules.hashMatches({ ...base, hash, _deleted: false } as unknown as CaseEventDoc)).toBe(true);
        expect(await domainEventRules.hashMatches({ ...base, hash: hash.replace(/^./, (c) => (c === '0' ? '1' : '0')), _deleted: false } as unknown as CaseEventDoc)).toBe(false);
      }),
      { numRuns: 500, seed: 20261205 },
    );
  });
});
