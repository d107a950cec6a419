/**
 * Who may log in on a van, and so whose password hash a van may hold for offline login: van clerks
 * (直通车受理员) assigned to one of that van's trips. Office roles (审核, 审批, 财务, 管理) never reach a van,
 * so a lost van laptop holds no office credential.
 */

type StaffLike = { id: string; roles: readonly string[] };
type TripLike = { vanId: string; staffIds: readonly string[] };

/** Whether an account may log in on a van at all (its role, and that it is active). */
export function mayLogInOnVan(staff: { roles: readonly string[]; active: boolean }): boolean {
  return staff.active && staff.roles.includes('van-clerk');
}

/** The vans that hold this account: those with a trip it is assigned to, if it is a van clerk. */
export function vansForStaff(staff: StaffLike, trips: readonly TripLike[]): string[] {
  if (!staff.roles.includes('van-clerk')) return [];
  return [...new Set(trips.filter((t) => t.staffIds.includes(staff.id)).map((t) => t.vanId))].sort();
}

/** The accounts of a trip that its van holds: its van clerks. */
export function vanStaffOfTrip(trip: TripLike, staff: readonly StaffLike[]): string[] {
  return staff.filter((s) => s.roles.includes('van-clerk') && trip.staffIds.includes(s.id)).map((s) => s.id);
}
