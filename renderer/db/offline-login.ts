import { mayLogInOnVan } from '#domain/staff/van-access.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { verifyPassword } from '#protocol/password-hash.ts';
import { type StaffDoc } from '#protocol/documents/office.ts';
import { type VanDatabase } from './database.ts';

export type StaffLogin = Omit<StaffDoc, '_deleted' | 'passwordHash'>;

/**
 * Why an offline login did not go through, so the screen can say what is missing: no staff list on the
 * van yet (it comes with the trip), a login the list does not hold, an account that may not work on a van
 * (domain/staff/van-access.ts), or a wrong password.
 */
export type LoginRefusal = 'no-staff-list' | 'unknown-login' | 'not-van-clerk' | 'wrong-password';

/** Checks a staff login against the replicated staff list, offline. */
export async function checkStaffLogin(db: VanDatabase, login: string, password: string): Promise<Result<StaffLogin, LoginRefusal>> {
  const doc = await db.staff.findOne({ selector: { login: login.trim() } }).exec();
  if (!doc) return err((await db.staff.count().exec()) === 0 ? 'no-staff-list' : 'unknown-login');
  if (!mayLogInOnVan(doc)) return err('not-van-clerk');
  if (!(await verifyPassword(password, doc.passwordHash))) return err('wrong-password');
  const { passwordHash: _hash, ...rest } = doc.toJSON() as Omit<StaffDoc, '_deleted'>;
  return ok(rest);
}
