/**
 * An application told at the counter to 补正 (条例 第十七条第一款第（三）项), continued on the van when the
 * materials come: the intake is taken up again from its 收件 list, with what came the first time already
 * received and what the notice listed still open; kind, applicants and units stay as applied for. The rest of
 * the intake (fee, receipt, 受理通知书, signature) follows as for any intake, under the application's number.
 */
import { correctionSupplyBy } from '#domain/calendar/deadlines.ts';
import { type CaseEvent } from '#domain/case/events.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type CaseDoc } from '#protocol/documents/van.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type Draft, type Unit, refreshMaterials } from '#renderer/screens/intake/draft.ts';
import { type Appointment, type StoredDraft } from '#renderer/screens/intake/draft-store.ts';

type Notified = Extract<CaseEvent, { kind: 'correction-notified' }>;

/** What the counter's notice asked for, and by when (the office's period, printed on the notice). */
export type CounterCorrection = { caseNumber: string; missing: Notified['payload']['missing']; supplyBy: string; event: Notified };

export function counterCorrection(events: readonly CaseEvent[]): CounterCorrection | null {
  const e = events.find((x): x is Notified => x.kind === 'correction-notified');
  if (!e) return null;
  return { caseNumber: e.payload.intake.caseNumber, missing: e.payload.missing, supplyBy: correctionSupplyBy(e.at).date, event: e };
}

/** Step of the intake flow the continuation opens on: the materials (IntakeFlow's steps). */
const MATERIALS_STEP = 3;

/**
 * The draft that continues the application. Its units come from this van's trip data (fresh snapshots are
 * checked again, as at any intake); a unit no longer on the van is named so the clerk can have it added.
 */
export async function continuationDraft(
  db: VanDatabase, c: Omit<CaseDoc, '_deleted'>, asked: CounterCorrection, who: { id: string; name: string }, at: string,
): Promise<Result<StoredDraft, { missingUnits: string[] }>> {
  const intake = asked.event.payload.intake;
  const numbers = intake.units.map((u) => u.unitNumber);
  const found = (await db.units.find({ selector: { unitNumber: { $in: numbers } } }).exec()).map((d) => d.toJSON() as Unit);
  const missingUnits = numbers.filter((n) => !found.some((u) => u.unitNumber === n));
  if (missingUnits.length > 0) return err({ missingUnits });
  const appointment = c.appointmentId ? ((await db.appointments.findOne(c.appointmentId).exec())?.toJSON() as Appointment | undefined) ?? null : null;
  const units = numbers.map((n) => found.find((u) => u.unitNumber === n)!);
  const open = new Set(asked.missing.map((m) => m.key));
  const base: Draft = {
    caseId: c.id,
    appointmentId: c.appointmentId,
    kind: intake.businessKind,
    use: intake.use,
    certificates: intake.certificates,
    applicants: intake.applicants,
    units,
    // The application passed the unit step the first time (a 补正 is only told once the unit may go ahead).
    mortgageeConsent: units.some((u) => u.flags.mortgaged),
    materials: [],
    feeCase: intake.feeCase ?? null,
    cause: intake.cause ?? null,
    continued: { caseNumber: intake.caseNumber, missing: [...open] },
  };
  // What came the first time stays received (pages as counted then); what the notice listed is taken now.
  const materials = refreshMaterials(base).map((line) => {
    const had = intake.materials.find((m) => m.key === line.key);
    if (!had || open.has(line.key)) return line;
    return { ...line, received: true, receivedOriginal: had.original, receivedCount: had.count, typedPages: had.pages };
  });
  return ok({ draft: { ...base, materials }, step: MATERIALS_STEP, saved: null, appointment, startedBy: who, updatedAt: at });
}
