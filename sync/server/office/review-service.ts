import { type CaseDoc, CaseEventDoc } from '#protocol/documents/van.ts';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { type OfficeContext } from '#server/context.ts';
import { officeEventId } from '#domain/city/office-ids.ts';
import { type CaseEventBody } from '#domain/case/events.ts';
import { SYSTEM_ACTOR_ID, type SystemAct } from '#domain/case/system-acts.ts';
import { causalAt } from '#domain/case/causal-time.ts';
import { DEFAULT_PROMISED_LIMITS, type PromisedLimits } from '#domain/calendar/promised-limits.ts';
import { isReasonGiven, MIN_REASON_CHARS } from '#domain/reasons.ts';
import { caseStatus, decideFlag, intakeOf, decideOfficeAction, decideOfficeEvent, decideSystemEvent, projectionOf, promisedLimitsFrom, sealOfficeEvent, unitStopReason, filedUnitStopOf } from './domain-adapter.ts';
import { sortByChain } from './chain-holds.ts';
import { caseReadsIn, type CaseReads } from './case-reads.ts';
import { todayInOffice } from './today.ts';
import { getParsed, inCaseOrder, parsedReads } from './office-data.ts';
import { documentReads, documentWrites } from '#office/replication/document-store.ts';
import { type Tx } from '#office/platform/db/db.ts';
import { officeRecords, type OfficeRecords, recordQueueSkipIn } from './records.ts';
import { CaseStages, CREATED_WORK, olderInQueue, type Stage } from './case-stages.ts';
import { type CaseStatusView, type OfficeAction, type ReviewLevel } from './review-model.ts';
import { type Staff } from './session.ts';

export const OFFICE_DEVICE_ID = 'office';

export type QueueRow = {
  caseDoc: CaseDoc;
  /** The number printed on the 受理凭证. */
  caseNumber: string | null;
  status: CaseStatusView;
  position: number;
  legalDaysLeft: number | null;
  promisedDaysLeft: number | null;
  isOverdue: boolean;
};

export type ActionOutcome =
  | { ok: true; event: CaseEventDoc }
  | { ok: false; code: 'not-found' | 'out-of-order-reason-required' | 'reason-required' | 'correction-items-required' | 'unit-stopped' | 'refused' | 'chain-busy'; message: string; olderCaseIds?: string[] };

/** The day deadlines are counted on, and the office's 承诺时限 table for intakes that did not record their promise. */
export type StatusDay = { today: string; promisedLimits: PromisedLimits };

export async function statusDay(ctx: OfficeContext, records: OfficeRecords): Promise<StatusDay> {
  return { today: todayInOffice(ctx.clock), promisedLimits: promisedLimitsFrom(await records.promisedLimits()) };
}

export type LoadedCase = { caseDoc: CaseDoc; events: CaseEventDoc[]; status: CaseStatusView };

/** One case with its counted events and status, on the indexes of its id and of its events. */
export async function loadCase(ctx: { storage: CaseReads }, caseId: string, day: StatusDay): Promise<LoadedCase | undefined> {
  const caseDoc = await getParsed(ctx.storage, 'cases', caseId);
  if (!caseDoc) return undefined;
  const events = (await sortByChain(ctx.storage, await parsedReads(ctx.storage.db).ofCase('caseEvents', caseId))).counted.sort(inCaseOrder);
  return { caseDoc, events, status: caseStatus(caseDoc, events, day.today, day.promisedLimits) };
}

/** The key the dashboard counts a case under: an intake whose notice never followed is not yet an accepted case. */
export const NOTICE_PENDING_STAGE = 'notice-pending';

/** What the queues' and the dashboard's index keeps of a case (case-stages.ts), from its counted events and status. */
export function stageOfCase(c: LoadedCase): Stage {
  const s = c.status;
  const open = s.clock === 'running' || s.clock === 'paused';
  const dues = [s.legalDue, s.promisedDue].filter((d): d is string => d !== null).sort();
  const work = new Map<string, { staffId: string; kind: string; n: number }>();
  const add = (staffId: string, kind: string) => {
    const key = `${staffId}\n${kind}`;
    const w = work.get(key) ?? { staffId, kind, n: 0 };
    w.n += 1;
    work.set(key, w);
  };
  add(c.caseDoc.createdBy, CREATED_WORK);
  for (const e of c.events) add(e.actor, e.kind);
  return {
    awaitingLevel: s.awaitingLevel,
    isClosed: s.isClosed,
    acceptedAt: s.acceptedAt,
    stage: s.awaitsNotice ? NOTICE_PENDING_STAGE : s.stage,
    tripId: c.caseDoc.tripId,
    createdBy: c.caseDoc.createdBy,
    due: open ? (dues[0] ?? null) : null,
    work: [...work.values()],
  };
}

/** The review queues' and dashboard's index of this office (one per office context: its catch-up state lives in the database). */
const stagesOf = new WeakMap<Pick<OfficeContext, 'storage' | 'clock'>, CaseStages>();
export function caseStages(ctx: Pick<OfficeContext, 'storage' | 'clock'>): CaseStages {
  let stages = stagesOf.get(ctx);
  if (!stages) {
    // Due dates as the dashboard counts them: against the office's 承诺时限 table (refreshOpen when it changes).
    const day = async (): Promise<StatusDay> => ({ today: todayInOffice(ctx.clock), promisedLimits: promisedLimitsFrom(await officeRecords(ctx.storage.db).promisedLimits()) });
    stages = new CaseStages(ctx.storage, async (caseId) => {
      const c = await loadCase(ctx, caseId, await day());
      return c && stageOfCase(c);
    });
    stagesOf.set(ctx, stages);
  }
  return stages;
}

export const QUEUE_PAGE = 50;

/**
 * A page of one review level's queue: oldest acceptance first, with working days left on both deadlines, and
 * how many cases wait in all. Reads the queue's index and the page's cases, not every case.
 */
export async function reviewQueue(ctx: OfficeContext, level: ReviewLevel, day: StatusDay, page = { offset: 0, limit: QUEUE_PAGE }): Promise<{ rows: QueueRow[]; total: number }> {
  const { caseIds, total } = await caseStages(ctx).page(level, page.offset, page.limit);
  const rows: QueueRow[] = [];
  for (const caseId of caseIds) {
    const c = await loadCase(ctx, caseId, day);
    if (!c) continue;
    rows.push({
      caseDoc: c.caseDoc,
      caseNumber: intakeOf(c.caseDoc, c.events)?.caseNumber ?? null,
      status: c.status,
      position: page.offset + rows.length + 1,
      legalDaysLeft: c.status.legalDaysLeft,
      promisedDaysLeft: c.status.promisedDaysLeft,
      isOverdue: c.status.isOverdue,
    });
  }
  return { rows, total };
}

/** A waiting case's place in its level's queue (1 = next), or null when it waits for no review. */
export async function queuePosition(ctx: OfficeContext, status: CaseStatusView): Promise<number | null> {
  if (status.awaitingLevel === null || status.isClosed) return null;
  return (await caseStages(ctx).countOlder(status.awaitingLevel, status.caseId, status.acceptedAt)) + 1;
}

/** Every office server takes this database lock before it reads a case to decide on it and extends the office chain. */
const OFFICE_CHAIN_LOCK = 'office-chain';

/** An office event written, and who its change stream tells once the transaction has committed. */
type Written = { event: CaseEventDoc; vanIds: string[] | null; ownerDevice: string };

/**
 * Appends one office event to the office's own hash chain (device `office`) and writes it as an
 * office-authored document visible to the case's van, inside the caller's transaction, which holds
 * `OFFICE_CHAIN_LOCK`: two servers never link to the same tail.
 */
async function appendOfficeEvent(tx: Tx, areaCode: OfficeContext['areaCode'], caseDoc: CaseDoc, actorId: string, body: CaseEventBody, now: string, writtenAt: string): Promise<Written> {
  const trip = await getParsed(caseReadsIn(tx), 'trips', caseDoc.tripId);
  const vanIds = trip ? [trip.vanId] : null;
  const tail = await documentReads(tx).latestOffice('caseEvents');
  const last = tail ? CaseEventDoc.safeParse(tail.body).data : undefined;
  const seq = (last?.seq ?? 0) + 1;
  // A van whose clock runs ahead must not make this decision fold before the events it was taken on.
  const at = causalAt(now, OFFICE_DEVICE_ID, await parsedReads(tx).ofCase('caseEvents', caseDoc.id));
  const sealed = sealOfficeEvent({ id: officeEventId(areaCode, seq), caseId: caseDoc.id, deviceId: OFFICE_DEVICE_ID, seq, at, actor: actorId, prevHash: last?.hash ?? null, ...body });
  await documentWrites(tx).upsertOffice('caseEvents', [{ body: sealed, audienceVans: vanIds, ownerDevice: caseDoc.deviceId }], writtenAt);
  return { event: sealed, vanIds, ownerDevice: caseDoc.deviceId };
}

/** Wakes the change streams of the vans that see the events written (after their transaction committed). */
function publishWritten(ctx: OfficeContext, written: readonly Written[]): void {
  for (const w of written) ctx.hub.publish('caseEvents', { vanIds: w.vanIds, ownerDevice: w.ownerDevice });
}

/** Who records an office event another office system proposes: a staff member, or the system for one of its acts. */
export type OfficeActor = { kind: 'staff'; staff: Pick<Staff, 'id' | 'roles'> } | { kind: 'system'; act: SystemAct };

/**
 * Records office events another office system decides on (the archive: a seizure's flag on the open cases
 * of a unit, its clearing after 解封 or a lapse), through the same serialised office chain as review actions.
 * `decideFor` sees each case's current events and answers the event body (or null for nothing to record); the
 * domain then decides whether this person may record it at this stage, or whether it is the system's act.
 * Answers the events written.
 */
export async function recordOfficeEvents(
  ctx: OfficeContext,
  actor: OfficeActor,
  caseIds: readonly string[],
  decideFor: (caseDoc: CaseDoc, events: readonly CaseEventDoc[]) => CaseEventBody | null,
): Promise<CaseEventDoc[]> {
  const written: Written[] = [];
  // Only the events matter here; the status is counted against the national default promise.
  const day = { today: todayInOffice(ctx.clock), promisedLimits: DEFAULT_PROMISED_LIMITS };
  const actorId = actor.kind === 'staff' ? actor.staff.id : SYSTEM_ACTOR_ID[actor.act];
  for (const caseId of [...new Set(caseIds)]) {
    // Each case in one transaction under the office chain's lock: decided on the events no other server can change meanwhile.
    const w = await ctx.storage.db.transaction(async (tx) => {
      await tx.lock(OFFICE_CHAIN_LOCK);
      const c = await loadCase({ storage: caseReadsIn(tx) }, caseId, day);
      const body = c && decideFor(c.caseDoc, c.events);
      const decided = c && body && (actor.kind === 'staff' ? decideOfficeEvent(c.caseDoc, c.events, body, actor.staff) : decideSystemEvent(c.caseDoc, c.events, body, actor.act));
      if (!c || !decided) return null;
      const now = ctx.clock.now().toISOString();
      return appendOfficeEvent(tx, ctx.areaCode, c.caseDoc, actorId, decided, now, now);
    });
    if (w) written.push(w);
  }
  publishWritten(ctx, written);
  return written.map((w) => w.event);
}

/**
 * Records one review action as an office-authored case event, written through the same storage path as
 * every replicated document, so it reaches the van by replication. The domain decides whether this
 * person may take this action at this stage (three different people for the three levels); the office
 * adds two rules of its own: a case taken ahead of older ones needs a recorded reason, and 登簿 is
 * refused when the unit's current register status stops it (a seizure that arrived after acceptance).
 */
export async function actOnCase(
  ctx: OfficeContext,
  records: OfficeRecords,
  staff: Staff,
  input: { caseId: string; action: OfficeAction; reason: string; outOfOrderReason: string; today: string; missing?: readonly string[] },
): Promise<ActionOutcome> {
  const day = { today: input.today, promisedLimits: promisedLimitsFrom(await records.promisedLimits()) };
  // The queues' index is brought up to date first (it writes); the decision then reads it in its own transaction.
  await caseStages(ctx).catchUp();
  // Read, decided and written in one transaction under the office chain's lock, which every office server
  // takes first: a second click on this or another server decides on the events the first one wrote.
  const { outcome, written } = await ctx.storage.db.transaction(async (tx): Promise<{ outcome: ActionOutcome; written: Written[] }> => {
    await tx.lock(OFFICE_CHAIN_LOCK);
    const refused = (o: ActionOutcome, w: Written[] = []) => ({ outcome: o, written: w });
    const reads = caseReadsIn(tx);
    const target = await loadCase({ storage: reads }, input.caseId, day);
    if (!target) return refused({ ok: false, code: 'not-found', message: '案件不存在。' });
    const level = target.status.awaitingLevel;
    let skipped: string[] = [];

    if (input.action === 'pass' && level !== null) {
      const older = await olderInQueue(tx, level, input.caseId, target.status.acceptedAt);
      if (older.length > 0 && !isReasonGiven('outOfOrder', input.outOfOrderReason)) {
        return refused({ ok: false, code: 'out-of-order-reason-required', message: `该案件前面还有更早受理的案件。按顺序办理，或填写提前办理的理由（至少 ${MIN_REASON_CHARS.outOfOrder} 个字）。`, olderCaseIds: older });
      }
      skipped = older;
    }

    const now = ctx.clock.now().toISOString();
    const decided = decideOfficeAction(target.caseDoc, target.events, input.action, staff, input.reason.trim(), input.outOfOrderReason.trim(), now, input.missing ?? []);
    if (!decided.ok) return refused({ ok: false, code: decided.error.code, message: decided.error.message });
    if (input.action === 'register') {
      // 登簿 re-checks the register: a filed sale stops a 抵押权首次登记 (until the filing ends), and a seizure that
      // arrived after an offline acceptance stops the case with a flag.
      const units: UnitDoc[] = [];
      for (const id of target.caseDoc.unitIds) {
        const u = await getParsed(reads, 'units', id);
        if (u) units.push(u);
      }
      const filed = units.map((u) => filedUnitStopOf(u, target.caseDoc.businessKind)).find((r) => r !== null);
      if (filed) return refused({ ok: false, code: 'unit-stopped', message: filed });
      const stop = units.map((u) => unitStopReason(u, target.caseDoc.businessKind, now)).find((r) => r !== null);
      if (stop) {
        // An open flag (not cleared after an earlier 解封) is not recorded twice; the flag is kept though 登簿 is refused.
        const alreadyFlagged = projectionOf(target.caseDoc, target.events).flags.length > 0;
        const flag = decideFlag(target.caseDoc, target.events, staff, stop);
        const flagged = !alreadyFlagged && flag ? [await appendOfficeEvent(tx, ctx.areaCode, target.caseDoc, staff.id, flag, now, now)] : [];
        return refused({ ok: false, code: 'unit-stopped', message: stop }, flagged);
      }
    }

    const w = await appendOfficeEvent(tx, ctx.areaCode, target.caseDoc, staff.id, decided.value, now, now);
    if (skipped.length > 0 && level !== null) {
      await recordQueueSkipIn(tx, { caseId: input.caseId, level, staffId: staff.id, reason: input.outOfOrderReason.trim(), skippedIds: skipped, at: now });
    }
    return { outcome: { ok: true, event: w.event }, written: [w] };
  });
  publishWritten(ctx, written);
  return outcome;
}
