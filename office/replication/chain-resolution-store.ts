import { type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';

/** An office supervisor's decision on an event held because its device's hash chain broke before it. */
export type ChainResolution = { eventId: string; caseId: string; decision: 'accepted' | 'rejected'; note: string; staffId: string; resolvedAt: string };

type ResolutionRow = { event_id: string; case_id: string; decision: ChainResolution['decision']; note: string; staff_id: string; resolved_at: string };

export const chainResolutionReads = (q: Queryable) => ({
  async all(): Promise<ChainResolution[]> {
    const rows = await q.all<ResolutionRow>(sql`SELECT event_id, case_id, decision, note, staff_id, resolved_at FROM chain_resolutions ORDER BY resolved_at, event_id`);
    return rows.map((r) => ({ eventId: r.event_id, caseId: r.case_id, decision: r.decision, note: r.note, staffId: r.staff_id, resolvedAt: r.resolved_at }));
  },
});

export const chainResolutionWrites = (q: Queryable) => ({
  /** Records decisions; an event already decided keeps its first (one decision per event, never changed). Answers how many were new. */
  async record(decisions: readonly ChainResolution[]): Promise<number> {
    let added = 0;
    for (const r of decisions) {
      added += await q.run(sql`INSERT INTO chain_resolutions (event_id, case_id, decision, note, staff_id, resolved_at)
                               VALUES (${r.eventId}, ${r.caseId}, ${r.decision}, ${r.note}, ${r.staffId}, ${r.resolvedAt}) ON CONFLICT DO NOTHING`);
    }
    return added;
  },
});
