import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { eventHashInput, hashEvent } from '#domain/case/hash-chain.ts';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { eventTexts, jsonText } from '#server/sync/event-texts.ts';
import { domainEventRules } from '#server/domain-rules.ts';
import { chain, intake } from '../domain/case/events-fixture.ts';

const asDoc = (e: ReturnType<typeof chain>[number]): CaseEventDoc => ({ ...e, _deleted: false }) as unknown as CaseEventDoc;

const events = chain('van-1', 'c1', [
  { body: { kind: 'accepted', payload: intake }, actor: 'clerk-1' },
  { body: { kind: 'withdrawn', payload: { reason: '申请人撤回，材料退还' } }, actor: 'clerk-1' },
]);

describe("the office's check of a pushed event's hash (native SHA-256 over the domain's hash input)", () => {

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

describe("a pushed event's stored text and hash input, written from one canonical JSON of its payload", () => {
  const texts = (doc: Record<string, unknown>) => {
    const { hash: _h, _deleted: _d, ...rest } = doc;
    return { stored: canonicalJson(doc), hashInput: eventHashInput(rest as unknown as Parameters<typeof eventHashInput>[0]) };
  };
  // Keys an RxDB document carries locally, which canonical JSON drops at a document's top only: inside a payload they stay.
  const key = fc.oneof(fc.string(), fc.constantFrom('_meta', '_rev', '_attachments', '_deleted', 'hash', 'a', 'Z', '中'));

  it('are the texts canonicalJson and eventHashInput write, for any payload, Chinese text and odd keys included', () => {
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 3 })), fc.string(), fc.option(fc.string(), { nil: null }), fc.nat(), (payload, actor, prevHash, seq) => {
        const doc = { id: 'e-1', caseId: 'c-1', deviceId: 'van-1', seq, at: '2026-11-23T01:00:00.000Z', actor, prevHash, kind: 'withdrawn', payload, hash: 'h', _deleted: false };
        expect(eventTexts(doc as unknown as CaseEventDoc)).toEqual(texts(doc));
      }),
      { numRuns: 500, seed: 20261205 },
    );
  });

  // Keys canonicalJson's sorted copy treats apart: array indexes come first in number order, `__proto__` is dropped.
  const oddKey = fc.oneof(fc.string(), fc.constantFrom('__proto__', '0', '1', '10', '9', '01', '4294967295', '1e3', '-1', 'toString', 'b', 'a', 'B', '中', 'é', '\u{1F600}', '\ud800'));
  const { json } = fc.letrec((tie) => ({
    json: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, false, -0, 0, 1.5, 1e21, -1e-7, Number.MAX_SAFE_INTEGER + 2, '', '\ud800', '"\\\n'),
      fc.string(),
      fc.double(),
      fc.array(tie('json'), { maxLength: 4 }),
      fc.dictionary(oddKey, tie('json'), { maxKeys: 6 }),
    ),
  }));

  it('write a value inside a document as canonicalJson does, or leave it to canonicalJson', () => {
    let written = 0;
    fc.assert(
      fc.property(json, (value) => {
        const text = jsonText(value);
        if (text === undefined) return;
        written++;
        expect(text).toBe(canonicalJson([value]).slice(1, -1));
      }),
      { numRuns: 3000, seed: 20261205 },
    );
    // Most values are written directly; those left to canonicalJson are the odd keys' and non-JSON values'.
    expect(written).toBeGreaterThan(1500);
    expect(jsonText({ b: 1, a: [{ d: 'x', c: null }] })).toBe('{"a":[{"c":null,"d":"x"}],"b":1}');
    for (const left of [{ 10: 1, 9: 2 }, JSON.parse('{"__proto__": 1}') as unknown, new Array<number>(2), { a: undefined, b: () => 1 }, new Date(0), 10n]) {
      expect(jsonText(left)).toBeUndefined();
    }
    expect(jsonText({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('are the texts canonicalJson and eventHashInput write for payloads with odd keys and numbers too', () => {
    fc.assert(
      fc.property(fc.dictionary(oddKey, json, { maxKeys: 6 }), (payload) => {
        const doc = { id: 'e-1', caseId: 'c-1', deviceId: 'van-1', seq: 1, at: '2026-11-23T01:00:00.000Z', actor: 'a', prevHash: null, kind: 'withdrawn', payload, hash: 'h', _deleted: false };
        expect(eventTexts(doc as unknown as CaseEventDoc)).toEqual(texts(doc));
      }),
      { numRuns: 1000, seed: 20261205 },
    );
  });

  it('are theirs too for a document with other keys than the schema\'s', () => {
    const [first] = events;
    if (!first) throw new Error('fixture');
    const extra = { ...asDoc(first), note: { b: 1, a: 2 } };
    expect(eventTexts(extra as unknown as CaseEventDoc)).toEqual(texts(extra));
    const { actor: _a, ...missing } = asDoc(first);
    expect(eventTexts(missing as unknown as CaseEventDoc)).toEqual(texts(missing));
    // A key whose value is undefined is left out of canonical JSON.
    const unset = { ...asDoc(first), prevHash: undefined };
    expect(eventTexts(unset as unknown as CaseEventDoc)).toEqual(texts(unset));
  });
});
