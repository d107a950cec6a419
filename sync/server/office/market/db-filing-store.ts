import { type Bucket } from '#domain/market/market-stats.ts';
import { NOTIFIES_BANKS } from '#domain/market/filing.ts';
import { contractNumberOf } from '#domain/market/contract.ts';
import { type Db, type Queryable, type Tx } from '#office/platform/db/db.ts';
import { isUniqueViolation } from '#office/platform/db/errors.ts';
import { sql, sqlLimit, type Sql } from '#office/platform/db/sql.ts';
import { type DraftDbRow, draftFromRow, type EventDbRow, eventFromRow, eventToRow, type FilingDbRow, filingFromRow } from './market-rows.ts';
import { type BankNotice, type FilingStore, type FilingRow } from './market-store.ts';

/** Whether an error is the database refusing a second active filing of one unit (the partial unique index). */
export const isOneActiveViolation = (error: unknown): boolean => isUniqueViolation(error, { sqlite: 'market_filings.unit_number', postgres: 'market_filings_one_active' });

type NoticeDbRow = { id: number; bank_id: string; filing_id: string; contract_number: string; seq: number; kind: BankNotice['kind']; at: string; read_at: string | null };

const sumsQuery = (column: Sql, by: 'day' | 'month', since: string): Sql =>
  // SUM of a PostgreSQL bigint is numeric (read as a string): cast back to a bigint, which SQLite reads as an integer too.
  sql`SELECT substr(${column}, 1, ${by === 'day' ? 10 : 7}) AS key, COUNT(*) AS count, CAST(SUM(area_dm2) AS BIGINT) AS area, CAST(SUM(total_fen) AS BIGINT) AS fen
      FROM market_filings WHERE filed_on >= ${since} AND status IN ('active', 'closed') GROUP BY key ORDER BY key`;

const insertOutbox = (tx: Tx, unitNumber: string, work: object, at: string) =>
  tx.run(sql`INSERT INTO market_outbox (kind, unit_number, payload, created_at) VALUES (${(work as { kind: string }).kind}, ${unitNumber}, ${JSON.stringify(work)}, ${at})`);
const filingById = (q: Queryable, id: string) => q.get<FilingDbRow>(sql`SELECT * FROM market_filings WHERE id = ${id}`);
const oneFiling = async (q: Queryable, query: Sql) => {
  const r = await q.get<FilingDbRow>(query);
  return r && filingFromRow(r);
};

/** The filing store on the office's database (tables of 0009_market.sql), SQLite or PostgreSQL. */
export function dbFilingStore(db: Db): FilingStore {
  return {
    createDraft: (d, template, year) =>
      db.transaction(async (tx) => {
        const seq = (
          await tx.get<{ last_seq: number }>(
            sql`INSERT INTO market_contract_numbers (year, last_seq) VALUES (${year}, 1)
                ON CONFLICT (year) DO UPDATE SET last_seq = market_contract_numbers.last_seq + 1 RETURNING last_seq`,
          )
        )?.last_seq;
        if (seq === undefined) throw new Error('no contract number allocated');
        const contractNumber = contractNumberOf(template, year, seq);
        await tx.run(sql`INSERT INTO market_drafts (id, contract_number, developer_id, unit_number, body, status, created_by, created_at, updated_at)
          VALUES (${d.id}, ${contractNumber}, ${d.developerId}, ${d.unitNumber}, ${JSON.stringify(d.draft)}, 'draft', ${d.createdBy}, ${d.createdAt}, ${d.updatedAt})`);
        return { ...d, contractNumber, status: 'draft' as const };
      }),
    updateDraft: async (id, draft, at) =>
      (await db.run(sql`UPDATE market_drafts SET body = ${JSON.stringify(draft)}, unit_number = ${draft.unitNumber}, updated_at = ${at} WHERE id = ${id} AND status = 'draft'`)) === 1,
    discardDraft: async (id, at) => (await db.run(sql`UPDATE market_drafts SET status = 'discarded', updated_at = ${at} WHERE id = ${id} AND status = 'draft'`)) === 1,
    draft: async (id) => {
      const r = await db.get<DraftDbRow>(sql`SELECT * FROM market_drafts WHERE id = ${id}`);
      return r && draftFromRow(r);
    },
    draftsOf: async (developerId, status, limit) =>
      (await db.all<DraftDbRow>(sql`SELECT * FROM market_drafts WHERE developer_id = ${developerId} AND status = ${status} ORDER BY updated_at DESC ${sqlLimit(limit)}`)).map(draftFromRow),

    file: async (draftId, row, first) => {
      try {
        await db.transaction(async (tx) => {
          const marked = await tx.run(sql`UPDATE market_drafts SET status = 'filed', updated_at = ${first.at} WHERE id = ${draftId} AND status = 'draft'`);
          if (marked !== 1) throw new Error(`draft ${draftId} is not a draft any more`);
          await tx.run(sql`INSERT INTO market_filings (id, contract_number, unit_number, project_id, developer_id, district_code, status, seq, total_fen, area_dm2, filed_at, filed_on, ended_on)
            VALUES (${row.id}, ${row.contractNumber}, ${row.unitNumber}, ${row.projectId}, ${row.developerId}, ${row.districtCode}, 'active', ${first.seq}, ${row.totalFen}, ${row.areaDm2}, ${row.filedAt}, ${row.filedOn}, NULL)`);
          const e = eventToRow(row.id, first);
          await tx.run(sql`INSERT INTO market_filing_events (filing_id, seq, kind, body, actor, at) VALUES (${e.filing_id}, ${e.seq}, ${e.kind}, ${e.body}, ${e.actor}, ${e.at})`);
          await insertOutbox(tx, row.unitNumber, { kind: 'reconcile-unit' }, first.at);
          await insertOutbox(tx, row.unitNumber, { kind: 'register-filing', filingId: row.id, seq: first.seq }, first.at);
        });
        return { ok: true };
      } catch (error) {
        if (!isOneActiveViolation(error)) throw error;
        const standing = await db.get<{ contract_number: string }>(sql`SELECT contract_number FROM market_filings WHERE unit_number = ${row.unitNumber} AND status = 'active'`);
        return { ok: false, standing: standing?.contract_number ?? '' };
      }
    },
    filing: (id) => oneFiling(db, sql`SELECT * FROM market_filings WHERE id = ${id}`),
    filingByContract: (contractNumber) => oneFiling(db, sql`SELECT * FROM market_filings WHERE contract_number = ${contractNumber}`),
    activeFilingOf: (unitNumber) => oneFiling(db, sql`SELECT * FROM market_filings WHERE unit_number = ${unitNumber} AND status = 'active'`),
    latestFilingsOf: async (projectId) => {
      const out = new Map<string, FilingRow>();
      for (const r of await db.all<FilingDbRow>(sql`SELECT * FROM market_filings WHERE project_id = ${projectId} ORDER BY filed_at`)) out.set(r.unit_number, filingFromRow(r));
      return out;
    },
    filingsOf: async (developerId, limit) =>
      (await db.all<FilingDbRow>(sql`SELECT * FROM market_filings WHERE developer_id = ${developerId} ORDER BY filed_at DESC ${sqlLimit(limit)}`)).map(filingFromRow),
    events: async (filingId) => (await db.all<EventDbRow>(sql`SELECT * FROM market_filing_events WHERE filing_id = ${filingId} ORDER BY seq`)).map(eventFromRow),

    append: (filingId, expectedSeq, events, status, endedOn) =>
      db.transaction(async (tx) => {
        const last = events.at(-1);
        if (!last) return true;
        const moved = await tx.run(sql`UPDATE market_filings SET seq = ${last.seq}, status = ${status}, ended_on = ${endedOn} WHERE id = ${filingId} AND seq = ${expectedSeq}`);
        if (moved !== 1) return false;
        const f = await filingById(tx, filingId);
        if (!f) throw new Error(`filing ${filingId} vanished`);
        for (const e of events) {
          const r = eventToRow(filingId, e);
          await tx.run(sql`INSERT INTO market_filing_events (filing_id, seq, kind, body, actor, at) VALUES (${r.filing_id}, ${r.seq}, ${r.kind}, ${r.body}, ${r.actor}, ${r.at})`);
          // The bank that records a 预抵押 watches the filing from then on.
          if (e.kind === 'pre-mortgage-recorded') await tx.run(sql`INSERT INTO market_bank_watches (bank_id, filing_id, since) VALUES (${e.bankId}, ${filingId}, ${e.at}) ON CONFLICT DO NOTHING`);
          if (NOTIFIES_BANKS.has(e.kind)) {
            // Typed, since PostgreSQL cannot infer a parameter's type from a SELECT list.
            await tx.run(sql`INSERT INTO market_bank_notices (bank_id, filing_id, contract_number, seq, kind, at, read_at)
              SELECT bank_id, CAST(${filingId} AS TEXT), CAST(${f.contract_number} AS TEXT), CAST(${e.seq} AS BIGINT), CAST(${e.kind} AS TEXT), CAST(${e.at} AS TEXT), NULL
              FROM market_bank_watches WHERE filing_id = ${filingId}`);
          }
        }
        if (status !== 'active' || events.some((e) => e.kind === 'changed')) await insertOutbox(tx, f.unit_number, { kind: 'reconcile-unit' }, last.at);
        if (status !== 'active') await insertOutbox(tx, f.unit_number, { kind: 'register-filing', filingId, seq: last.seq }, last.at);
        return true;
      }),
    watch: async (bankId, filingId, at) => {
      await db.run(sql`INSERT INTO market_bank_watches (bank_id, filing_id, since) VALUES (${bankId}, ${filingId}, ${at}) ON CONFLICT DO NOTHING`);
    },
    notices: async (bankId, limit) =>
      (await db.all<NoticeDbRow>(sql`SELECT * FROM market_bank_notices WHERE bank_id = ${bankId} ORDER BY id DESC ${sqlLimit(limit)}`)).map((r) => ({
        id: r.id,
        bankId: r.bank_id,
        filingId: r.filing_id,
        contractNumber: r.contract_number,
        seq: r.seq,
        kind: r.kind,
        at: r.at,
        readAt: r.read_at,
      })),
    markNoticesRead: async (bankId, upToId, at) => {
      await db.run(sql`UPDATE market_bank_notices SET read_at = ${at} WHERE bank_id = ${bankId} AND id <= ${upToId} AND read_at IS NULL`);
    },
    sums: async (by, since) =>
      (await db.all<{ key: string; count: number; area: number; fen: number }>(sumsQuery(sql`filed_on`, by, since))).map(
        (r): Bucket => ({ key: r.key, kind: 'new-home', count: r.count, areaDm2: r.area, fen: r.fen }),
      ),
  };
}
