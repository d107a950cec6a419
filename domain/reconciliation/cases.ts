import { discrepancy, type Discrepancy } from './discrepancy.ts';

/** What reconciliation needs to know of a received case. */
export type ReceivedCase = { id: string; tripId: string | null; appointmentId: string | null };

/**
 * Cases taken against cases received. A case counts as taken when anything the van sent names it
 * (an event, a receipt, a scan); it counts as received when its case document is at the office.
 * Appointments of the trip with no case are listed so the office records what happened at the door.
 */
export function reconcileCases(input: {
  tripId: string;
  appointmentIds: readonly string[];
  cases: readonly ReceivedCase[];
  /** Case ids named by the van's events, receipts and scans of this trip. */
  referencedCaseIds: ReadonlySet<string>;
  /** Appointments the office already closed without a case (改约, 放弃): not a finding. */
  resolvedAppointmentIds?: ReadonlySet<string>;
}): { taken: number; received: number; findings: Discrepancy[] } {
  const findings: Discrepancy[] = [];
  const received = new Map(input.cases.map((c) => [c.id, c]));
  const taken = new Set<string>([...input.referencedCaseIds, ...input.cases.map((c) => c.id)]);

  for (const id of [...input.referencedCaseIds].sort()) {
    if (!received.has(id)) {
      findings.push(discrepancy('case-not-received', id, '事件、票据或扫描件引用了该案件，但局端没有该案件的受理记录。', id));
    }
  }

  const planned = new Set(input.appointmentIds);
  const served = new Set<string>();
  for (const c of input.cases) {
    if (c.appointmentId !== null && planned.has(c.appointmentId)) {
      served.add(c.appointmentId);
    } else {
      findings.push(
        discrepancy('case-not-on-trip', c.id, c.appointmentId === null ? '案件没有关联预约。' : `关联的预约 ${c.appointmentId} 不在本次出车计划中。`, c.id),
      );
    }
  }
  for (const a of input.appointmentIds) {
    if (!served.has(a) && !(input.resolvedAppointmentIds?.has(a) ?? false)) {
      findings.push(discrepancy('appointment-without-outcome', a, `预约 ${a} 没有对应的案件。`));
    }
  }
  return { taken: taken.size, received: input.cases.filter((c) => taken.has(c.id)).length, findings };
}
