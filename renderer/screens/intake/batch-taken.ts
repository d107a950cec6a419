import { type BusinessKind } from '#domain/business/business-kinds.ts';
import { type VanDatabase } from '#renderer/db/database.ts';

/**
 * The units this van already took for `kind` on the trip, each with its case (not withdrawn): a list imported
 * again (after a reload, a crash, another clerk's session) must not take them a second time, with a second case
 * and a second charge to the enterprise. The single intake asks too, leaving out its own case (`except`).
 */
export async function unitsTakenOnTrip(db: VanDatabase, tripId: string, kind: BusinessKind, except?: string): Promise<Map<string, string>> {
  const cases = (await db.cases.find({ selector: { tripId } }).exec()).filter((c) => c.businessKind === kind && c.id !== except);
  const withdrawn = await db.caseEvents.findByIds(cases.map((c) => `${c.id}:withdrawn`)).exec();
  const taken = new Map<string, string>();
  for (const c of cases) {
    if (withdrawn.has(`${c.id}:withdrawn`)) continue;
    for (const unitId of c.unitIds) if (!taken.has(unitId)) taken.set(unitId, c.id);
  }
  return taken;
}
