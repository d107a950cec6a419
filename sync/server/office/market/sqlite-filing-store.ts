import { type Bucket } from '#domain/market/market-stats.ts';
import { NOTIFIES_BANKS } from '#domain/market/filing.ts';
import { contractNumberOf } from '#domain/market/contract.ts';
import { sql, type Sql, type SqlRunner } from '#server/db/sql.ts';
import { type DraftDbRow, draftFromRow, type EventDbRow, eventFromRow, eventToRow, type FilingDbRow, filingFromRow } from './market-rows.ts';
import { type BankNotice, type FilingStore, type FilingRow } from './market-store.ts';

/** Whether an error is the database refusing a second active filing of one unit (the partial unique index). */
export const isOneActiveViolation = (error: unknown): boolean =>
  error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes('market_filings.unit_number');

type NoticeDbRow = { id: number; bank_id: string; filing_id: string; contract_number: string; seq: number; kind: BankNotice['kind']; at: string; read_at: string | null };

const sumsQuery = (column: Sql, by: 'day' | 'month', since: string): Sql =>
  sql`SELECT substr(${column}, 1, ${by === 'day' ? 10 : 7}) AS key, COUNT(*) AS count, SUM(area_dm2) AS area, SUM(total_fen) AS fen
      FROM market_filings WHERE filed_on >= ${since} AND status IN ('active', 'closed') GROUP BY key ORDER BY key`;

/** The filing store on the office's SQLite file (tables of 0009_market.sql). */
export function sqliteFilingStore(q: SqlRunner): FilingStore {
  const insertOutbox = (unitNumber: string, work: object, at: string) =>
    q.run(sql`INSERT INTO market_outbox (kind, unit_number, payload, created_at) VALUES (${(work as { kind: string }).kind}, ${unitNumber}, ${JSON.stringify(work)}, ${at})`);
  const filingById = (id: string) => q.get<FilingDbRow>(sql`SELECT * FROM market_filings WHERE id = ${id}`);

  return {
    createDraft: (d, template, year) =>
      Promise.resolve(
        q.transaction(() => {
          const seq = q.get<{ last_seq: number }>(
            sql`INSERT INTO market_contract_numbers (year, last_seq) VALUES (${year}, 1)
                ON CONFLICT (year) DO UPDATE SET last_seq = market_contract_numbers.last_seq + 1 RETURNING last_seq`,
          )?.last_seq;
          if (seq === undefined) throw new Error('no contract number allocated');
          const contractNumber = contractNumberOf(template, year, seq);
          q.run(sql`INSERT INTO market_drafts (id, contract_number, developer_id, unit_number, body, status, created_by, created_at, updated_at)
            VALUES (${d.id}, ${contractNumber}, ${d.developerId}, ${d.unitNumber}, ${JSON.stringify(d.draft)}, 'draft', ${d.createdBy}, ${d.createdAt}, ${d.updatedAt})`);
          return { ...d, contractNumber, status: 'draft' as const };
        }),
      ),
    updateDraft: (id, draft, at) =>
      Promise.resolve(q.run(sql`UPDATE market_drafts SET body = ${JSON.stringify(draft)}, unit_number = ${draft.unitNumber}, updated_at = ${at} WHERE id = ${id} AND status = 'draft'`).changes === 1),
    discardDraft: (id, at) => Promise.resolve(q.run(sql`UPDATE market_drafts SET status = 'discarded', updated_at = ${at} WHERE id = ${id} AND status = 'draft'`).changes === 1),
    draft: (id) => {
      const r = q.get<DraftDbRow>(sql`SELECT * FROM market_drafts WHERE id = ${id}`);
      return Promise.resolve(r && draftFromRow(r));
    },
    draftsOf: (developerId, status, limit) =>
      Promise.resolve(q.all<DraftDbRow>(sql`SELECT * FROM market_drafts WHERE developer_id = ${developerId} AND status = ${status} ORDER BY updated_at DESC LIMIT ${limit}`).map(draftFromRow)),

    file: (draftId, row, first) => {
      try {
        q.transaction(() => {
          const marked = q.run(sql`UPDATE market_drafts SET status = 'filed', updated_at = ${first.at} WHERE id = ${draftId} AND status = 'draft'`).changes;
          if (marked !== 1) throw new Error(`draft ${draftId} is not a draft any more`);
          q.run(sql`INSERT INTO market_filings (id, contract_number, unit_number, project_id, developer_id, district_code, status, seq, total_fen, area_dm2, filed_at, filed_on, ended_on)
            VALUES (${row.id}, ${row.contractNumber}, ${row.unitNumber}, ${row.projectId}, ${row.developerId}, ${row.districtCode}, 'active', ${first.seq}, ${row.totalFen}, ${row.areaDm2}, ${row.filedAt}, ${row.filedOn}, NULL)`);
          const e = eventToRow(row.id, first);
          q.run(sql`INSERT INTO market_filing_events (filing_id, seq, kind, body, actor, at) VALUES (${e.filing_id}, ${e.seq}, ${e.kind}, ${e.body}, ${e.actor}, ${e.at})`);
          insertOutbox(row.unitNumber, { kind: 'reconcile-unit' }, first.at);
          insertOutbox(row.unitNumber, { kind: 'register-filing', filingId: row.id, seq: first.seq }, first.at);
        });
        return Promise.resolve({ ok: true });
      } catch (error) {
        if (!isOneActiveViolation(error)) throw error;
        const standing = q.get<{ contract_number: string }>(sql`SELECT contract_number FROM market_filings WHERE unit_number = ${row.unitNumber} AND status = 'active'`);
        return Promise.resolve({ ok: false, standing: standing?.contract_number ?? '' });
      }
    },
    filing: (id) => {
      const r = filingById(id);
      return Promise.resolve(r && filingFromRow(r));
    },
    filingByContract: (contractNumber) => {
      const r = q.get<FilingDbRow>(sql`SELECT * FROM market_filings WHERE contract_number = ${contractNumber}`);
      return Promise.resolve(r && filingFromRow(r));
    },
    activeFilingOf: (unitNumber) => {
      const r = q.get<FilingDbRow>(sql`SELECT * FROM market_filings WHERE unit_number = ${unitNumber} AND status = 'active'`);
      return Promise.resolve(r && filingFromRow(r));
    },
    latestFilingsOf: (projectId) => {
      const out = new Map<string, FilingRow>();
      for (const r of q.all<FilingDbRow>(sql`SELECT * FROM market_filings WHERE project_id = ${projectId} ORDER BY filed_at`)) out.set(r.unit_number, filingFromRow(r));
      return Promise.resolve(out);
    },
    filingsOf: (developerId, limit) =>
      Promise.resolve(q.all<FilingDbRow>(sql`SELECT * FROM market_filings WHERE developer_id = ${developerId} ORDER BY filed_at DESC LIMIT ${limit}`).map(filingFromRow)),
    events: (filingId) => Promise.resolve(q.all<EventDbRow>(sql`SELECT * FROM market_filing_events WHERE filing_id = ${filingId} ORDER BY seq`).map(eventFromRow)),

    append: (filingId, expectedSeq, events, status, endedOn) =>
      Promise.resolve(
        q.transaction(() => {
          const last = events.at(-1);
          if (!last) return true;
          const moved = q.run(sql`UPDATE market_filings SET seq = ${last.seq}, status = ${status}, ended_on = ${endedOn} WHERE id = ${filingId} AND seq = ${expectedSeq}`).changes;
          if (moved !== 1) return false;
          const f = filingById(filingId);
          if (!f) throw new Error(`filing ${filingId} vanished`);
          for (const e of events) {
            const r = eventToRow(filingId, e);
            q.run(sql`INSERT INTO market_filing_events (filing_id, seq, kind, body, actor, at) VALUES (${r.filing_id}, ${r.seq}, ${r.kind}, ${r.body}, ${r.actor}, ${r.at})`);
            // The bank that records a 预抵押 watches the filing from then on.
            if (e.kind === 'pre-mortgage-recorded') q.run(sql`INSERT INTO market_bank_watches (bank_id, filing_id, since) VALUES (${e.bankId}, ${filingId}, ${e.at}) ON CONFLICT DO NOTHING`);
            if (NOTIFIES_BANKS.has(e.kind)) {
              q.run(sql`INSERT INTO market_bank_notices (bank_id, filing_id, contract_number, seq, kind, at, read_at)
                SELECT bank_id, ${filingId}, ${f.contract_number}, ${e.seq}, ${e.kind}, ${e.at}, NULL FROM market_bank_watches WHERE filing_id = ${filingId}`);
            }
          }
          if (status !== 'active' || events.some((e) => e.kind === 'changed')) insertOutbox(f.unit_number, { kind: 'reconcile-unit' }, last.at);
          if (status !== 'active') insertOutbox(f.unit_number, { kind: 'register-filing', filingId, seq: last.seq }, last.at);
          return true;
        }),
      ),
    watch: (bankId, filingId, at) => {
      q.run(sql`INSERT INTO market_bank_watches (bank_id, filing_id, since) VALUES (${bankId}, ${filingId}, ${at}) ON CONFLICT DO NOTHING`);
      return Promise.resolve();
    },
    notices: (bankId, limit) =>
      Promise.resolve(
        q.all<NoticeDbRow>(sql`SELECT * FROM market_bank_notices WHERE bank_id = ${bankId} ORDER BY id DESC LIMIT ${limit}`).map((r) => ({
          id: r.id,
          bankId: r.bank_id,
          filingId: r.filing_id,
          contractNumber: r.contract_number,
          seq: r.seq,
          kind: r.kind,
          at: r.at,
          readAt: r.read_at,
        })),
      ),
    markNoticesRead: (bankId, upToId, at) => {
      q.run(sql`UPDATE market_bank_notices SET read_at = ${at} WHERE bank_id = ${bankId} AND id <= ${upToId} AND read_at IS NULL`);
      return Promise.resolve();
    },
    sums: (by, since) =>
      Promise.resolve(
        q.all<{ key: string; count: number; area: number; fen: number }>(sumsQuery(sql`filed_on`, by, since)).map((r): Bucket => ({ key: r.key, kind: 'new-home', count: r.count, areaDm2: r.area, fen: r.fen })),
      ),
  };
}
