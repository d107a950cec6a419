import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { projectRegister, type RegisterView } from '#domain/register/project.ts';
import { holdingText } from '#domain/register/register-text.ts';
import { unitFlags, unitSummary } from '#domain/register/unit-summary.ts';
import { type CaseEventBody } from '#domain/case/events.ts';
import { UnitDoc } from '#protocol/documents/office.ts';
import { type CaseDoc, type CaseEventDoc } from '#protocol/documents/van.ts';
import { type OfficeContext } from '#server/context.ts';
import { projectionOf, seizureStopReason } from '#server/office/domain-adapter.ts';
import { getParsed } from '#server/office/office-data.ts';
import { type OfficeActor, recordOfficeEvents } from '#server/office/review-service.ts';
import { type OutboxItem, type OutboxWork, type RegisterStore } from './register-store.ts';
import { A } from './archive-text.ts';

const SEIZED_FLAG = 'seized-after-acceptance';

/**
 * What a register change causes after it commits: the unit's snapshot (the `units` document vans pull and the
 * office's 登簿 re-check reads) rebuilt from the register, and the seizure flags on the unit's open cases.
 */
export class SnapshotWriter {
  constructor(
    private readonly ctx: OfficeContext,
    private readonly store: RegisterStore,
    private readonly clock: Clock,
  ) {}

  async apply(item: OutboxItem): Promise<void> {
    const w = item.work;
    switch (w.kind) {
      case 'snapshot':
        return this.snapshots([item.unitNumber]);
      case 'flag-cases':
        await this.onOpenCases(item.unitNumber, await this.staffActor(w.staffId), (caseDoc, events) => {
          const now = this.clock.now().toISOString();
          const flagged = projectionOf(caseDoc, events).flags.some((f) => f.code === SEIZED_FLAG);
          return flagged || seizureStopReason(caseDoc.businessKind, now) === null ? null : { kind: 'flagged', payload: { code: SEIZED_FLAG, message: w.message } };
        });
        return;
      case 'clear-flags':
        await this.onOpenCases(item.unitNumber, await this.staffActor(w.staffId), clearing(w.reason));
        return;
      case 'lapse-clears-flags':
        await this.onOpenCases(item.unitNumber, { kind: 'system', act: 'seizure-lapse' }, clearing(w.reason));
        return;
      case 'report-province':
        // Not a snapshot's work: RegisterService hands it to the province reporter.
        return;
    }
  }

  /**
   * Queues a fresh snapshot of every unit whose seizure period has ended by `today`; where the lapse leaves the unit
   * free, the seizure flags on its open cases are cleared as a lift's would be, or they would stop 登簿 for good.
   */
  async sweep(today: string): Promise<void> {
    const at = this.clock.now().toISOString();
    for (let due = await this.store.dueForChange(today, 200); due.length > 0; due = await this.store.dueForChange(today, 200)) {
      for (const unit of due) await this.store.retime(unit, today, at, lapseWork);
    }
  }

  private async onOpenCases(unitNumber: string, actor: OfficeActor, decideFor: (c: CaseDoc, e: readonly CaseEventDoc[]) => CaseEventBody | null): Promise<void> {
    await recordOfficeEvents(this.ctx, actor, await this.store.openCasesOf(unitNumber), decideFor);
  }

  private async staffActor(id: string): Promise<OfficeActor> {
    const doc = await getParsed(this.ctx.storage, 'staff', id);
    if (!doc) throw new Error(`staff ${id} not found`);
    return { kind: 'staff', staff: { id: doc.id, roles: doc.roles } };
  }

  /**
   * The units' `units` documents built from their register, written in one transaction: one commit (and fsync) for
   * a run of the outbox rather than one per unit, as a ledger import or the demo seed queues a snapshot for each of
   * hundreds of units. A unit the register has no natural status for (known only from a case) keeps the document it
   * has: the register does not guess what it was never told.
   */
  async snapshots(unitNumbers: readonly string[]): Promise<void> {
    const now = this.clock.now().toISOString();
    const bodies: UnitDoc[] = [];
    for (const unitNumber of new Set(unitNumbers)) {
      const v = projectRegister(unitNumber, await this.store.entriesOf(unitNumber), chinaDate(now));
      if (!v.natural) continue;
      const inProgress = (await this.store.openCasesOf(unitNumber)).length > 0;
      bodies.push(UnitDoc.parse(unitDocOf(v, inProgress, now)));
    }
    if (bodies.length === 0) return;
    await this.ctx.storage.writeOfficeDocuments('units', bodies.map((body) => ({ body, audienceVans: [], ownerDevice: null })));
    this.ctx.hub.publish('units', { vanIds: null, ownerDevice: null });
  }
}

/** Clears the seizure flag on a case that carries it, with the reason. */
const clearing =
  (reason: string) =>
  (caseDoc: CaseDoc, events: readonly CaseEventDoc[]): CaseEventBody | null =>
    projectionOf(caseDoc, events).flags.some((f) => f.code === SEIZED_FLAG) ? { kind: 'flag-cleared', payload: { code: SEIZED_FLAG, reason } } : null;

/**
 * A seizure whose period ended without 续封 has lost its effect (查封规定 第二十七条; 实施细则 第九十二条第二款); when
 * it was the last on the unit, the system clears its flags: by law, not in the name of whoever recorded the seizure
 * (who may since have lost the role, which would leave the flag stopping 登簿 for good).
 */
function lapseWork(v: RegisterView): OutboxWork[] {
  const last = v.seizures.ended.at(-1);
  if (v.seizures.effective !== null || last?.standing !== 'lapsed') return [];
  return [{ kind: 'lapse-clears-flags', reason: A.flags.lapsed(`${last.document.court} ${last.document.noticeNumber}`, last.to ?? ''), seizureId: last.seizureId }];
}

function unitDocOf(v: RegisterView, inProgress: boolean, now: string): UnitDoc {
  const n = v.natural;
  if (!n) throw new Error('a snapshot needs the natural status');
  return {
    id: v.unitNumber,
    unitNumber: v.unitNumber,
    certificateNumber: v.ownership?.certificateNumber ?? '',
    districtCode: n.districtCode,
    address: n.address,
    use: n.use,
    areaM2: n.areaM2,
    owners: (v.ownership?.holders ?? []).map((h) => ({ name: h.name, share: holdingText(h.holding) })),
    flags: unitFlags(v, inProgress),
    register: unitSummary(v),
    snapshotAt: now,
    _deleted: false,
  };
}
