import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VAN_COLLECTIONS } from '#protocol/collections.ts';
import { MAX_PUSH_ROWS, OutboxRequest } from '#protocol/messages.ts';
import { parseForm } from '#domain/forms/form-issues.ts';
import { outboxRows } from '#server/sync/outbox-envelope.ts';
import { SYNC_REQUEST_TEXT as T } from '#server/sync/request-text.ts';

const zodAnswer = (body: unknown): ReturnType<typeof outboxRows> => {
  const parsed = parseForm(OutboxRequest, body, T.pushFields, T.issues);
  return parsed.ok ? { ok: true, rows: parsed.data.rows } : { ok: false, message: parsed.message };
};
/** What the outbox reads of an answer: each row's collection and document (zod also drops a row's other keys), or what is wrong, as the route says it. */
const read = (a: ReturnType<typeof outboxRows>) => (a.ok ? { ok: true, rows: a.rows.map((r) => ({ collection: r.collection, doc: r.doc })) } : { ok: false, message: a.message });

// Near misses of every rule of the envelope: ids of 0, 1, 200 and 201 characters, other collections, `_deleted` not a boolean.
const id = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('x'.repeat(200), 'x'.repeat(201), '中'.repeat(200)), fc.integer());
const doc = fc.oneof(
  fc.record({ id, _deleted: fc.oneof(fc.boolean(), fc.constantFrom(0, 'false', null)), kind: fc.string() }, { requiredKeys: [] }),
  fc.constantFrom(null, [], 'doc'),
);
const row = fc.oneof(
  fc.record({ collection: fc.constantFrom(...VAN_COLLECTIONS, 'trips', 'units', 'caseevents'), doc, extra: fc.nat() }, { requiredKeys: ['collection', 'doc'] }),
  fc.constantFrom(null, 7, []),
);
const body = fc.oneof(
  fc.record({ rows: fc.array(row, { maxLength: 4 }) }),
  fc.record({ rows: fc.oneof(fc.constant(null), fc.object()) }),
  fc.constantFrom(null, [], 'rows', {}),
);

describe("the outbox request's envelope, checked by hand before each document is checked by its schema", () => {
  it("takes exactly the requests zod takes, the same rows, and refuses the others with zod's issues (as worded for staff)", () => {
    fc.assert(
      fc.property(body, (b) => {
        expect(read(outboxRows(b))).toEqual(read(zodAnswer(b)));
      }),
      { numRuns: 2000, seed: 20261205 },
    );
  });

  it('takes up to MAX_PUSH_ROWS rows and no more', () => {
    const rows = (n: number) => ({ rows: Array.from({ length: n }, (_, i) => ({ collection: 'caseEvents', doc: { id: `e-${i}`, _deleted: false } })) });
    expect(outboxRows(rows(MAX_PUSH_ROWS)).ok).toBe(true);
    expect(read(outboxRows(rows(MAX_PUSH_ROWS + 1)))).toEqual(read(zodAnswer(rows(MAX_PUSH_ROWS + 1))));
    expect(outboxRows(rows(MAX_PUSH_ROWS + 1)).ok).toBe(false);
  });

  it('hands on each document as it came, not a copy (its schema checks it once, when it is taken)', () => {
    const d = { id: 'e-1', _deleted: false, payload: { a: 1 } };
    const answer = outboxRows({ rows: [{ collection: 'caseEvents', doc: d }] });
    expect(answer.ok && answer.rows[0]?.doc).toBe(d);
  });
});
