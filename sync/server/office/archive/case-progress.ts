import { type AcceptedPayload } from '#domain/case/events.ts';
import { entriesFromRegistration } from '#domain/register/from-case.ts';
import { projectRegister } from '#domain/register/project.ts';
import { ok } from '#domain/result.ts';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { CaseEventDoc } from '#protocol/documents/van.ts';
import { type OfficeContext } from '#server/context.ts';
import { sortByChain } from '#server/office/chain-holds.ts';
import { type CaseProgress, type RegisterStore } from './register-store.ts';

const CURSOR = 'case-events';
const PAGE = 500;
/** Marks an event held for a broken chain when its page was read (1), and once its acceptance was applied (2). */
const heldMark = (eventId: string): string => `case-events:held:${eventId}`;

/** Event kinds after which a case no longer holds its units (在办 ends). */
const CLOSING = new Set(['registered', 'registration-refused', 'withdrawn', 'intake-refused']);

const NOTHING: CaseProgress = { intakes: [], opened: [], closed: [] };

type Intake = { caseId: string; caseNumber: string; intake: AcceptedPayload; isOpen: boolean };

/**
 * Reads the replicated case events in the office's own write order, from where it last stopped: remembers each
 * case's intake and whether it is open, and enters every 登簿 into the register of each of the case's units. The
 * register entries carry the event's id, so reading a page again after a crash enters nothing twice.
 *
 * Only the events that count move a case here, as everywhere else at the office (chain-holds.ts): one held for
 * its device's broken hash chain is marked and passed over, and applied once a supervisor accepts it.
 */
export class CaseProgressReader {
  private running: Promise<void> | null = null;

  constructor(
    private readonly ctx: OfficeContext,
    private readonly store: RegisterStore,
  ) {}

  catchUp(): Promise<void> {
    this.running ??= this.readAll().then(() => this.readAccepted()).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async readAll(): Promise<void> {
    for (;;) {
      const from = await this.store.cursor(CURSOR);
      const page = await this.ctx.storage.pull('caseEvents', from > 0 ? { seq: from } : undefined, PAGE, { kind: 'office' });
      if (page.documents.length === 0 || !page.checkpoint) return;
      const events = page.documents.flatMap((d) => {
        const p = CaseEventDoc.safeParse(d);
        return p.success ? [p.data] : [];
      });
      const { counted, held } = await sortByChain(this.ctx.storage, events);
      // The marks go first: a crash before the page is saved reads the page again and marks the same events.
      for (const h of held) if (h.resolution?.decision !== 'accepted') await this.store.saveCaseProgress(NOTHING, { name: heldMark(h.event.id), position: 1 });
      await this.readPage(counted, { name: CURSOR, position: page.checkpoint.seq });
      if (page.documents.length < PAGE) return;
    }
  }

  /** Held events a supervisor has accepted since their page was read, in the order of the decisions. */
  private async readAccepted(): Promise<void> {
    for (const r of await this.ctx.storage.chainResolutions()) {
      if (r.decision !== 'accepted' || (await this.store.cursor(heldMark(r.eventId))) !== 1) continue;
      const stored = await this.ctx.storage.getDocument('caseEvents', r.eventId);
      const p = stored && CaseEventDoc.safeParse(stored.body);
      await this.readPage(p?.success ? [p.data] : [], { name: heldMark(r.eventId), position: 2 });
    }
  }

  private async readPage(events: readonly CaseEventDoc[], cursor: { name: string; position: number }): Promise<void> {
    const intakes = new Map<string, Intake>();
    const opened: string[] = [];
    const closed: string[] = [];
    for (const e of events) {
      const intake = intakeIn(e);
      if (intake) intakes.set(e.caseId, { caseId: e.caseId, ...intake });
      else if (e.kind === 'materials-received' && (e.payload as { complete?: unknown }).complete === true) opened.push(e.caseId);
      if (CLOSING.has(e.kind)) closed.push(e.caseId);
      if (e.kind === 'registered') await this.register(e, intakes.get(e.caseId) ?? (await this.known(e.caseId)));
    }
    const progress: CaseProgress = { intakes: [...intakes.values()], opened, closed };
    await this.store.saveCaseProgress(progress, cursor);
  }

  private async known(caseId: string): Promise<Intake | undefined> {
    const i = await this.store.intakeOf(caseId);
    return i && { caseId, ...i, isOpen: true };
  }

  /** 条例 第二十一条: the 登簿 of a case, entered into the register of each unit it names. */
  private async register(e: CaseEventDoc, intake: Intake | undefined): Promise<void> {
    if (!intake) return; // a 登簿 without an intake cannot say what changed; the case page shows the case itself
    for (const unit of intake.intake.units) {
      await this.store.append(unit.unitNumber, (entries) => {
        const current = projectRegister(unit.unitNumber, entries, chinaDate(e.at));
        const bodies = entriesFromRegistration(intake.intake, current, `${e.id}:${unit.unitNumber}`);
        return ok({
          entries: bodies.map((body, i) => ({ id: `case:${e.id}:${unit.unitNumber}:${i}`, body })),
          source: { kind: 'case', caseId: e.caseId, caseNumber: intake.caseNumber, eventId: e.id },
          recordedBy: e.actor,
          recordedAt: e.at,
          outbox: [{ kind: 'snapshot' }, { kind: 'report-province', eventId: e.id, caseId: e.caseId }],
        });
      });
    }
  }
}

/** The intake an event carries: 受理 (open) or a 补正 notice (not accepted yet, 条例 第十七条). */
function intakeIn(e: CaseEventDoc): { caseNumber: string; intake: AcceptedPayload; isOpen: boolean } | null {
  if (e.kind === 'accepted') {
    const intake = e.payload as unknown as AcceptedPayload;
    return { caseNumber: intake.caseNumber, intake, isOpen: true };
  }
  if (e.kind === 'correction-notified') {
    const intake = (e.payload as unknown as { intake: AcceptedPayload }).intake;
    return { caseNumber: intake.caseNumber, intake, isOpen: false };
  }
  return null;
}
