import { type SyncCollection } from '#protocol/collections.ts';
import { type WireDocument } from '#protocol/messages.ts';

/** The keys a stored document is looked up by, kept in indexed columns beside its body. */
export type DocumentKeys = {
  /** The case the document belongs to (a case is its own). */
  caseId: string | null;
  /** The trip it was planned for or taken on (a trip is its own). */
  tripId: string | null;
  /** Its natural key within the collection: a receipt's number, a scan's sha256, a staff member's login. */
  ref: string | null;
};

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The one place that says which field of which collection is indexed (migration 0014 filled them in for stored rows). */
export function documentKeys(collection: SyncCollection, body: WireDocument): DocumentKeys {
  switch (collection) {
    case 'cases':
      return { caseId: body.id, tripId: text(body['tripId']), ref: null };
    case 'caseEvents':
      return { caseId: text(body['caseId']), tripId: null, ref: null };
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
    case 'units':
    case 'feeSchedules':
      return { caseId: null, tripId: null, ref: null };
  }
}
