import { type z } from 'zod';
import { type SyncCollection } from '#protocol/collections.ts';
import { AppointmentDoc, FeeScheduleDoc, ScanAckDoc, StaffDoc, TripDoc, UnitDoc } from './office.ts';
import { TripLedgerDoc } from './ledger.ts';
import { CaseDoc, CaseEventDoc, ReceiptDoc, ScanDoc } from './van.ts';

/** The one schema per replicated collection; the office validates every pushed and written document with it. */
export const DOCUMENT_SCHEMAS = {
  trips: TripDoc,
  appointments: AppointmentDoc,
  units: UnitDoc,
  feeSchedules: FeeScheduleDoc,
  staff: StaffDoc,
  scanAcks: ScanAckDoc,
  cases: CaseDoc,
  caseEvents: CaseEventDoc,
  receipts: ReceiptDoc,
  scans: ScanDoc,
  tripLedger: TripLedgerDoc,
} as const satisfies Record<SyncCollection, z.ZodType>;

export type DocumentOf<C extends SyncCollection> = z.infer<(typeof DOCUMENT_SCHEMAS)[C]>;
