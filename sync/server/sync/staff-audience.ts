import { vansForStaff, vanStaffOfTrip } from '#domain/staff/van-access.ts';
import { StaffDoc, type TripDoc } from '#protocol/documents/office.ts';
import { type Queryable } from '#office/platform/db/db.ts';
import { tripStaffReads } from '#office/replication/trip-staff-store.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { type ChangeHub } from './hub.ts';

/**
 * Which vans pull a staff document: only those with a trip the person is assigned to as a van clerk
 * (domain/staff/van-access.ts). A van never receives an office account's password hash. A van that once
 * held a document keeps receiving its updates (a deactivation or new password must reach it).
 */
export async function staffAudience(storage: OfficeStorage, staff: Pick<StaffDoc, 'id' | 'roles'>): Promise<string[]> {
  return staffAudienceIn(storage.db, staff);
}

/** `staffAudience` read through `q`, which may be the caller's transaction. */
export async function staffAudienceIn(q: Queryable, staff: Pick<StaffDoc, 'id' | 'roles'>): Promise<string[]> {
  // The person's trips by the index of who works on which trip (migration 0031), not every trip.
  const vans = await tripStaffReads(q).vansOf(staff.id);
  return vansForStaff(staff, vans.map((vanId) => ({ vanId, staffIds: [staff.id] })));
}

/** After a trip is written: its van clerks' documents are shared with its van (and pulled again by it). */
export async function shareTripStaff(storage: OfficeStorage, hub: ChangeHub, trip: TripDoc): Promise<void> {
  const staff = [];
  for (const id of trip.staffIds) {
    const doc = await storage.getDocument('staff', id);
    const parsed = doc ? StaffDoc.safeParse(doc.body) : undefined;
    if (parsed?.success) staff.push(parsed.data);
  }
  const ids = vanStaffOfTrip(trip, staff);
  for (const id of ids) await storage.shareWithVans('staff', id, [trip.vanId]);
  if (ids.length > 0) hub.publish('staff', { vanIds: [trip.vanId], ownerDevice: null });
}
