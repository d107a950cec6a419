import { type IntakeForStats, type StatFact, caseEventFact, marketChangeFact } from '#domain/city/statistics.ts';
import { type Db } from '#office/platform/db/db.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { addFacts, checkpointOf, marketChangesAfter, setCheckpoint } from './stat-store.ts';

const PAGE = 500;
const OWN_EVENTS = 'own:caseEvents';
const OWN_MARKET = 'own:market';

type EventBody = { id: string; caseId: string; kind: string; at: string; payload?: unknown };

const intakeOf = (accepted: EventBody | undefined): IntakeForStats => {
  const p = accepted?.payload as { businessKind?: unknown; use?: unknown; units?: unknown } | undefined;
  if (!p) return null;
  return { businessKind: String(p.businessKind), use: String(p.use), units: Array.isArray(p.units) ? p.units : [] };
};

/**
 * An office's own statistics, kept up to date from its case events (read in the office's write order, the
 * same pull the vans use) and its market's change journal: each page of either source is turned into facts
 * by the domain's rules and added, with the new checkpoint, in one transaction, so a crash between pages
 * loses and repeats nothing.
 */
export class OfficeStatistics {
  constructor(
    private readonly db: Db,
    /** The office's own code: a county's (GB/T 2260), or the city's 230800. */
    readonly officeCode: string,
    /** The city office adds its own facts to the city's total too (CITY_TOTAL). */
    private readonly rollUp?: string,
  ) {}

  /** Reads both sources to their ends; answers how many facts were added. */
  async catchUp(): Promise<number> {
    let added = 0;
    for (;;) {
      const page = await this.step();
      added += page.added;
      if (!page.more) return added;
    }
  }

  private step(): Promise<{ added: number; more: boolean }> {
    return this.db.transaction(async (tx) => {
      // One reader at a time (several office servers may share the database).
      await tx.lock('office-statistics');
      const facts: StatFact[] = [];
      const eventsFrom = await checkpointOf(tx, OWN_EVENTS);
      const reads = documentReads(tx);
      const page = await reads.pull('caseEvents', { seq: eventsFrom }, PAGE, { kind: 'office' });
      const events = page.documents as unknown as EventBody[];
      const counted = events.filter((e) => e.kind === 'registered' || e.kind === 'fee-charged' || e.kind === 'fee-refunded');
      const intakes = new Map<string, EventBody>();
      for (const d of await reads.ofCases('caseEvents', counted.map((e) => e.caseId))) {
        const body = d.body as unknown as EventBody;
        if (body.kind === 'accepted' && !intakes.has(body.caseId)) intakes.set(body.caseId, body);
      }
      for (const e of counted) {
        const fact = caseEventFact(e, intakeOf(intakes.get(e.caseId)));
        if (fact) facts.push(fact);
      }
      if (page.checkpoint && page.checkpoint.seq !== eventsFrom) await setCheckpoint(tx, OWN_EVENTS, page.checkpoint.seq);

      const marketFrom = await checkpointOf(tx, OWN_MARKET);
      const changes = await marketChangesAfter(tx, marketFrom, PAGE);
      for (const c of changes) {
        const fact = marketChangeFact(c);
        if (fact) facts.push(fact);
      }
      const lastChange = changes.at(-1);
      if (lastChange) await setCheckpoint(tx, OWN_MARKET, lastChange.seq);

      const added = await addFacts(tx, this.officeCode, facts, this.rollUp);
      return { added, more: events.length === PAGE || changes.length === PAGE };
    });
  }
}
