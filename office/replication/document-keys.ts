import { type SyncCollection } from '#protocol/collections.ts';
import { type WireDocument } from '#protocol/messages.ts';

/** The keys a stored document is looked up by, kept in indexed columns beside its body. */
export type DocumentKeys = {
  /** The case the document belongs to (a case is its own). */
  caseId: string | null;
  /** The trip it was planned for or taken on (a trip is its own; a refund event: the trip that paid it out). */
  tripId: string | null;
  /** Its natural key within the collection: a receipt's number, a scan's sha256, a staff member's login, an intake event's case number, the day a fee schedule takes effect. */
  ref: string | null;
};

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A refund names the trip whose takings paid it out (the trip's reconciliation finds it by that). */
const refundTripOf = (event: WireDocument): string | null =>
  event['kind'] === 'fee-refunded' && typeof event['payload'] === 'object' && event['payload'] !== null ? text((event['payload'] as Record<string, unknown>)['tripId']) : null;

/** The events that carry the number printed on the 受理凭证 (the status lookup finds a case by it). */
const NUMBERED_KINDS: readonly unknown[] = ['accepted', 'correction-notified', 'intake-refused'];

function caseNumberOf(event: WireDocument): string | null {
  if (!NUMBERED_KINDS.includes(event['kind'])) return null;
  const payload = event['payload'];
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const intake = p['intake'];
  return text(p['caseNumber']) ?? (typeof intake === 'object' && intake !== null ? text((intake as Record<string, unknown>)['caseNumber']) : null);
}

/** The one place that says which field of which collection is indexed (migrations 0014, 0020 and 0031 filled them in for stored rows). */
export function documentKeys(collection: SyncCollection, body: WireDocument): DocumentKeys {
  switch (collection) {
    case 'cases':
      return { caseId: body.id, tripId: text(body['tripId']), ref: null };
    case 'caseEvents':
      return { caseId: text(body['caseId']), tripId: refundTripOf(body), ref: caseNumberOf(body) };
    case 'receipts':
      return { caseId: text(body['caseId']), tripId: text(body['tripId']), ref: text(body['number']) };
    case 'scans':
      return { caseId: text(body['caseId']), tripId: null, ref: text(body['sha256']) };
    case 'scanAcks':
      return { caseId: null, tripId: null, ref: text(body['sha256']) };
    case 'trips':
      return { caseId: null, tripId: body.id, ref: null };
    case 'appointments':
      return { caseId: null, tripId: text(body['tripId']), ref: null };
    case 'tripLedger':
      return { caseId: null, tripId: text(body['tripId']), ref: null };
    case 'staff':
      return { caseId: null, tripId: null, ref: text(body['login']) };
    case 'feeSchedules':
      return { caseId: null, tripId: null, ref: text(body['effectiveFrom']) };
    case 'units':
      return { caseId: null, tripId: null, ref: null };
  }
}
