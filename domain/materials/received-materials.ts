import { type CaseEvent, type ReceivedMaterial } from '#domain/case/events.ts';
import { orderEvents } from '#domain/case/lifecycle.ts';

/** One material as received, with when: at intake (受理 or 一次性补正告知) or later (收件 after 补正). */
export type ReceivedLine = ReceivedMaterial & { at: string; later: boolean };

/**
 * Every material a case received, in the order received: the intake's list, then each later 收件. Paper
 * materials are lines with no scan; their page count is the one the clerk recorded on the van.
 */
export function receivedMaterials(events: readonly CaseEvent[]): ReceivedLine[] {
  const lines: ReceivedLine[] = [];
  let intakeSeen = false;
  for (const e of orderEvents(events)) {
    const intake = e.kind === 'accepted' ? e.payload : e.kind === 'correction-notified' ? e.payload.intake : e.kind === 'intake-refused' ? e.payload.intake : undefined;
    if (intake && !intakeSeen) {
      intakeSeen = true;
      lines.push(...intake.materials.map((m) => ({ ...m, at: e.at, later: false })));
    } else if (e.kind === 'materials-received') {
      lines.push(...e.payload.materials.map((m) => ({ ...m, at: e.at, later: true })));
    }
  }
  return lines;
}
