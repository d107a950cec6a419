import { type ChainStatus } from '#protocol/messages.ts';
import { systemActorName } from '#domain/case/system-acts.ts';
import { type CaseDoc, type CaseEventDoc, type ReceiptDoc, type ScanDoc } from '#protocol/documents/van.ts';
import { type TripDoc, type UnitDoc } from '#protocol/documents/office.ts';
import { type OfficeContext } from '#server/context.ts';
import { todayInOffice } from './today.ts';
import { receivedMaterials, type ReceivedLine } from '#domain/materials/received-materials.ts';
import { asDomainEvents, caseStatus, promisedLimitsFrom, eventHashMatches, feeTableNeeds, intakeOf, requiredMaterialsOf, recomputeCaseFee, receiptReprints, type ReceiptReprint, unitStopReason, voidedReceiptIds } from './domain-adapter.ts';
import { caseChains } from './case-chains.ts';
import { type HeldEvent, sortByChain } from './chain-holds.ts';
import { getParsed, inCaseOrder, parsedReads } from './office-data.ts';
import { feeTablesFor } from './fee-tables.ts';
import { type OfficeRecords, type QueueSkip } from './records.ts';
import { type CaseStatusView } from './review-model.ts';

export type CaseDetail = {
  caseDoc: CaseDoc;
  status: CaseStatusView;
  trip: TripDoc | null;
  units: { unitId: string; unit: UnitDoc | null; stopReason: string | null }[];
  scans: (ScanDoc & { verified: boolean })[];
  /** Each material as the van recorded it (paper ones too, with their pages), with its scans; scans no material names come last on their own. */
  materials: { line: ReceivedLine | null; scans: (ScanDoc & { verified: boolean })[] }[];
  /** Each receipt, whether it was voided, and each time the van printed it again (重打印). */
  receipts: (ReceiptDoc & { voided: boolean; reprints: ReceiptReprint[] })[];
  fee: { rulesLabel: string; expectedFen: number } | null;
  /** Every stored event, held ones included (they are evidence). */
  events: (CaseEventDoc & { hashOk: boolean })[];
  /** The events that move the case: all but those held for a broken chain and not accepted. */
  countedEvents: CaseEventDoc[];
  /** Events held for a broken chain, with the supervisor's decision once made. */
  held: HeldEvent[];
  /** The hash chain of every device that wrote an event of this case, at this case's links (`caseChains`). */
  chains: ChainStatus[];
  chainIntact: boolean;
  queueSkips: QueueSkip[];
  /** The number printed on the 受理凭证. */
  caseNumber: string | null;
  staffNames: Record<string, string>;
  requiredMaterials: { key: string; name: string }[];
};

/** The people the case page names: who recorded each event, skipped the queue or decided on a held event. */
const staffIdsOf = (events: readonly CaseEventDoc[], skips: readonly QueueSkip[], held: readonly HeldEvent[]): string[] => [
  ...new Set([...events.map((e) => e.actor), ...skips.map((s) => s.staffId), ...held.flatMap((h) => (h.resolution ? [h.resolution.staffId] : []))]),
];

/** Everything the case page shows, with every event's hash recomputed and its links to the events before it checked. */
export async function caseDetail(ctx: OfficeContext, records: OfficeRecords, caseId: string): Promise<CaseDetail | undefined> {
  const { storage } = ctx;
  const caseDoc = await getParsed(storage, 'cases', caseId);
  if (!caseDoc) return undefined;
  const reads = parsedReads(storage.db);
  const events = (await reads.ofCase('caseEvents', caseId)).sort(inCaseOrder);
  const checked = await Promise.all(events.map(async (e) => ({ ...e, hashOk: await eventHashMatches(e) })));
  const { counted, held } = await sortByChain(storage, events);

  const chains = await caseChains(storage, events);

  const units = [];
  for (const unitId of caseDoc.unitIds) {
    const unit = (await getParsed(storage, 'units', unitId)) ?? null;
    units.push({ unitId, unit, stopReason: unit ? unitStopReason(unit, caseDoc.businessKind, ctx.clock.now().toISOString()) : null });
  }
  const scanDocs = await reads.ofCase('scans', caseId);
  const scans: (ScanDoc & { verified: boolean })[] = [];
  for (const s of scanDocs) scans.push({ ...s, verified: (await storage.scanBlob(s.sha256)) !== undefined });
  const lines = receivedMaterials(asDomainEvents(counted));
  const named = new Set(lines.flatMap((l) => l.scanIds));
  const materials = [
    ...lines.map((line) => ({ line, scans: scansOfLine(line, scans) })),
    ...oncePerFile(scans.filter((s) => !named.has(s.sha256))).map((s) => ({ line: null, scans: [s] })),
  ];
  const receiptDocs = await reads.ofCase('receipts', caseId);
  const voided = voidedReceiptIds(counted, receiptDocs);
  const reprints = receiptReprints(counted);
  const receipts = receiptDocs.map((r) => ({ ...r, voided: voided.has(r.id), reprints: reprints.get(r.number) ?? [] }));

  const queueSkips = await records.listQueueSkips(caseId);
  return {
    caseDoc,
    status: caseStatus(caseDoc, counted, todayInOffice(ctx.clock), promisedLimitsFrom(await records.promisedLimits())),
    trip: (await getParsed(storage, 'trips', caseDoc.tripId)) ?? null,
    units,
    scans,
    materials,
    receipts,
    fee: recomputeCaseFee(caseDoc, counted, await feeTablesFor(storage.db, [feeTableNeeds(caseDoc, counted)])),
    events: checked,
    countedEvents: counted,
    held,
    chains,
    chainIntact: checked.every((e) => e.hashOk) && chains.every((c) => c.state !== 'broken'),
    queueSkips,
    caseNumber: intakeOf(caseDoc, counted)?.caseNumber ?? null,
    requiredMaterials: requiredMaterialsOf(caseDoc),
    staffNames: Object.fromEntries<string>([
      ...(await reads.many('staff', staffIdsOf(events, queueSkips, held))).map((s): [string, string] => [s.id, s.name]),
      ...events.flatMap((e): [string, string][] => {
        const name = systemActorName(e.actor);
        return name === undefined ? [] : [[e.actor, name]];
      }),
    ]),
  };
}

/**
 * The scans a material line names, each file once: a file scanned for two materials has a scan record for each
 * (docs/van-scans.md), so the line shows the record of its own material where there is one.
 */
function scansOfLine<S extends ScanDoc>(line: ReceivedLine, scans: readonly S[]): S[] {
  const named = scans.filter((s) => line.scanIds.includes(s.sha256));
  return oncePerFile([...named.filter((s) => s.material.name === line.name), ...named.filter((s) => s.material.name !== line.name)]);
}

const oncePerFile = <S extends ScanDoc>(scans: readonly S[]): S[] => scans.filter((s, i) => scans.findIndex((x) => x.sha256 === s.sha256) === i);
