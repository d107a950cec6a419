import { describe, expect, it } from 'vitest';
import { type Queryable } from '#office/platform/db/db.ts';
import { type Sql } from '#office/platform/db/sql.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { incidentReads } from '#office/replication/incident-store.ts';
import { factsAfter, marketChangesAfter } from '#server/office/city/stat-store.ts';

/** Keeps every statement it is given and answers none: what the reads send, not what they get back. */
function recorder(): Queryable & { statements: Sql[] } {
  const statements: Sql[] = [];
  return {
    dialect: 'sqlite',
    statements,
    all: <Row>(q: Sql) => (statements.push(q), Promise.resolve([] as Row[])),
    get: <Row>(q: Sql) => (statements.push(q), Promise.resolve(undefined as Row | undefined)),
    run: (q: Sql) => (statements.push(q), Promise.resolve(0)),
  };
}

// A bound LIMIT makes SQLite compile the statement again on every run (sql.ts, `sqlLimit`): the reads that page
// through a change stream (a van's or the office's pull, the city's feeds) run often, most of them finding nothing.
describe('the paging reads write their LIMIT into the text', () => {
  it('pulls, incidents and the city feeds: the limit a literal, never a parameter', async () => {
    const q = recorder();
    const reads = documentReads(q);
    await reads.pull('caseEvents', { seq: 5 }, 37, { kind: 'office' });
    await reads.pull('caseEvents', undefined, 37, { kind: 'device', deviceId: 'dev-1', vanId: 'van-1' });
    await reads.pull('trips', { seq: 9 }, 37, { kind: 'device', deviceId: 'dev-1', vanId: 'van-1', withoutOwn: true });
    await reads.tripsByDate(3, 37);
    await reads.appointmentsFrom('2026-12-05', 37);
    await incidentReads(q).latest(37);
    await factsAfter(q, '130102', 4, 37);
    await marketChangesAfter(q, 4, 37);
    expect(q.statements).toHaveLength(8);
    for (const s of q.statements) {
      const { text, values } = s.render('sqlite');
      expect(text).toMatch(/ LIMIT 37( OFFSET \?)?$/);
      expect(values).not.toContain(37);
      expect(s.render('postgres').text).toMatch(/ LIMIT 37( OFFSET \$\d+)?$/);
    }
  });
});
