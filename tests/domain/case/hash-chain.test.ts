import { describe, expect, it } from 'vitest';
import { type CaseEvent } from '#domain/case/events.ts';
import { sealEvent, verifyChain } from '#domain/case/hash-chain.ts';
import { chain, intake } from './events-fixture.ts';

const events = (): CaseEvent[] => chain('van-1', 'c1', [
  { body: { kind: 'accepted', payload: intake }, actor: 'clerk-1' },
  { body: { kind: 'fee-charged', payload: { receiptCode: '23010126', receiptNumber: '0000000001', payer: '王淑兰', items: [], totalFen: 8000, method: 'cash', rules: 'gb-2016-2559@1' } }, actor: 'clerk-1' },
  { body: { kind: 'withdrawn', payload: { reason: '撤回' } }, actor: 'clerk-1' },
]);

describe("a device's event hash chain", () => {
  it('verifies an intact chain in any arrival order and returns its head', () => {
    const list = events();
    const result = verifyChain('van-1', [list[2]!, list[0]!, list[1]!]);
    expect(result).toEqual({ ok: true, value: { seq: 3, hash: list[2]!.hash } });
  });

  it('detects an altered amount', () => {
    const list = events();
    const second = list[1]!;
    if (second.kind !== 'fee-charged') throw new Error('fixture');
    const tampered = { ...second, payload: { ...second.payload, totalFen: 100 } };
    expect(verifyChain('van-1', [list[0]!, tampered, list[2]!])).toEqual({ ok: false, error: { kind: 'tampered', atSeq: 2 } });
  });

  it('detects a removed event in the middle', () => {
    const list = events();
    expect(verifyChain('van-1', [list[0]!, list[2]!])).toEqual({ ok: false, error: { kind: 'gap', atSeq: 2 } });
  });

  it('detects a removed and re-sealed event by its broken link', () => {
    const list = events();
    const forged = sealEvent({ ...list[2]!, seq: 2 });
    expect(verifyChain('van-1', [list[0]!, forged])).toEqual({ ok: false, error: { kind: 'broken-link', atSeq: 2 } });
  });

  it('detects a truncated tail against the head the device reported', () => {
    const list = events();
    expect(verifyChain('van-1', list.slice(0, 2), { seq: 3, hash: list[2]!.hash })).toEqual({ ok: false, error: { kind: 'truncated', atSeq: 3 } });
  });
});
