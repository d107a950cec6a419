import { mayLogInOnVan } from '#domain/staff/van-access.ts';
import { verifyPassword } from '#protocol/password-hash.ts';
import { type StaffDoc } from '#protocol/documents/office.ts';
import { type VanDatabase } from './database.ts';

export type StaffLogin = Omit<StaffDoc, '_deleted' | 'passwordHash'>;

/**
 * Checks a staff login against the replicated staff list, offline. `null` for an unknown login, a wrong
 * password, or an account that may not work on a van (domain/staff/van-access.ts).
 */
export async function verifyStaffLogin(db: VanDatabase, login: string, password: string): Promise<StaffLogin | null> {
  const doc = await db.staff.findOne({ selector: { login: login.trim() } }).exec();
  if (!doc || !mayLogInOnVan(doc)) return null;
  if (!(await verifyPassword(password, doc.passwordHash))) return null;
  const { passwordHash: _hash, ...rest } = doc.toJSON() as Omit<StaffDoc, '_deleted'>;
  return rest;
}
