import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type OfficeContext } from '#server/context.ts';
import { caseReadsIn } from './case-reads.ts';
import { sortByChain } from './chain-holds.ts';
import { promisedLimitsFrom, queryCodeOf } from './domain-adapter.ts';
import { parsedReads } from './office-data.ts';
import { PUB } from './public-text.ts';
import { type OfficeRecords } from './records.ts';
import { loadCase } from './review-service.ts';
import { todayInOffice } from './today.ts';

/** The public query: the case number printed on the 受理凭证 and its query code. */
export const StatusQuery = z.object({
  caseNo: z.string().trim().min(1).max(100),
  code: z.string().trim().min(4).max(20),
});

export type PublicStatus = { caseNo: string; stage: string; stageLabel: string; expectedDate: string | null; isClosed: boolean };

/** The stage of a case, or the one refusal for an unknown case and a wrong code alike. */
export type StatusLookup = { ok: true; status: PublicStatus } | { ok: false; code: 'not-found'; message: string };

function caseNumberIn(payload: Record<string, unknown>): string | undefined {
  const direct = payload['caseNumber'];
  if (typeof direct === 'string') return direct;
  const intake = payload['intake'];
  return typeof intake === 'object' && intake !== null && typeof (intake as Record<string, unknown>)['caseNumber'] === 'string'
    ? ((intake as Record<string, unknown>)['caseNumber'] as string)
    : undefined;
}

// Compared in constant time, so the answer's timing does not reveal how much of a guessed code was right.
const sameCode = (a: string, b: string): boolean => {
  const x = Buffer.from(a.toUpperCase());
  const y = Buffer.from(b.toUpperCase());
  return x.length === y.length && timingSafeEqual(x, y);
};

const notFound: StatusLookup = { ok: false, code: 'not-found', message: PUB.status.notFound };

/**
 * The public status query (case number + query code → stage and expected date, nothing personal), read in
 * one consistent snapshot. An unknown case, a wrong code and a case whose notice was never handed over get
 * the same answer, so the query does not reveal which case numbers exist.
 */
export async function lookUpStatus(ctx: Pick<OfficeContext, 'storage' | 'clock'>, records: Pick<OfficeRecords, 'promisedLimits'>, query: z.infer<typeof StatusQuery>): Promise<StatusLookup> {
  const day = { today: todayInOffice(ctx.clock), promisedLimits: promisedLimitsFrom(await records.promisedLimits()) };
  return ctx.storage.db.transaction(
    async (tx) => {
      const reads = caseReadsIn(tx);
      // The case number is the one printed on the 受理凭证 (in the acceptance event), not the internal id:
      // found on the index of intake events by number, never by reading every event.
      const numbered = (await sortByChain(reads, await parsedReads(tx).byRef('caseEvents', query.caseNo))).counted;
      const accepted = numbered.find((e) => (e.kind === 'accepted' || e.kind === 'correction-notified' || e.kind === 'intake-refused') && caseNumberIn(e.payload) === query.caseNo);
      const found = accepted ? await loadCase({ storage: reads }, accepted.caseId, day) : undefined;
      if (!found) return notFound;
      const expected = queryCodeOf(found.caseDoc, found.events);
      if (expected === null || !sameCode(expected, query.code)) return notFound;
      const s = found.status;
      // Not accepted until its notice is handed over: the public page knows no such case yet.
      if (s.awaitsNotice) return notFound;
      const open = s.clock === 'running' || s.clock === 'paused';
      return { ok: true, status: { caseNo: query.caseNo, stage: s.stage, stageLabel: s.stageLabel, expectedDate: open ? s.promisedDue : null, isClosed: s.isClosed } };
    },
    { readOnly: true },
  );
}
