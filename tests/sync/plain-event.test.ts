import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseEventDoc } from '#protocol/documents/van.ts';
import { plainEvent } from '#server/sync/push.ts';

const valid = {
  id: 'van-1-1',
  caseId: 'van-1-case-1',
  deviceId: 'van-1',
  seq: 1,
  kind: 'materials-received',
  at: '2026-11-30T01:00:01.000Z',
  actor: 'staff-zhangwei',
  payload: { materials: [{ key: 'id-card', name: '身份证明', original: true, count: 1, pages: 2, scanIds: [] }], complete: false },
  prevHash: null,
  hash: 'a'.repeat(64),
  _deleted: false,
};

// Near misses of every rule of the schema: lengths at and past each limit, numbers that are not positive safe
// integers, times zod's ISO check refuses, other kinds, payloads that are not plain objects or hold `__proto__`.
const odd = fc.constantFrom<unknown>(
  '', 'x', 'x'.repeat(100), 'x'.repeat(101), 'x'.repeat(128), 'x'.repeat(129), '中'.repeat(100), 0, -1, 1, 1.5, 2 ** 53, 2 ** 53 - 1, Number.NaN,
  null, true, false, 'false', [], {}, [1], { a: 1 }, JSON.parse('{"__proto__": {"a": 1}}'), Object.create(null), new Date(0),
  '2026-11-30T01:00:01Z', '2026-11-30T01:00:01+08:00', '2026-13-30T01:00:01Z', '2026-11-30 01:00:01Z', '2026-11-30T25:00:01Z', '2026-11-30',
  'withdrawn', 'fee-charged', 'accepted', 'no-such-kind', 'materials-received',
);
const key = fc.constantFrom(...Object.keys(valid), 'extra', '_meta', '__proto__');
const event = fc
  .tuple(fc.dictionary(key, odd, { maxKeys: 3 }), fc.subarray(Object.keys(valid), { maxLength: 2 }))
  .map(([changes, removed]) => {
    const e: Record<string, unknown> = { ...valid, ...changes };
    for (const k of removed) delete e[k];
    return e;
  });

describe("a pushed event checked by hand before zod (push.ts plainEvent)", () => {
  it('is taken as it came, for a well-formed event, without a copy', () => {
    expect(plainEvent(valid)).toBe(valid);
  });

  it('takes only events zod takes, each exactly as zod copies it; zod judges the others', () => {
    let taken = 0;
    fc.assert(
      fc.property(event, (e) => {
        const mine = plainEvent(e);
        if (mine === undefined) return;
        taken++;
        const parsed = CaseEventDoc.safeParse(e);
        expect(parsed.success).toBe(true);
        expect(mine).toEqual(parsed.data);
      }),
      { numRuns: 3000, seed: 20261205 },
    );
    expect(taken).toBeGreaterThan(100);
  });
});
