import { randomBytes } from 'node:crypto';
import { StaffDoc } from '#protocol/documents/office.ts';
import { hashPassword } from '#protocol/password-hash.ts';
import { makeStaffVanKey } from '#protocol/staff-key.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { type ChangeHub } from '#server/sync/hub.ts';
import { staffAudience } from '#server/sync/staff-audience.ts';

/**
 * The one way a staff document is written: to the vans whose trips the person works (staff-audience.ts),
 * waking their streams, and, when the person's role, password or active flag changed, ending every session
 * they hold, so a demoted or deactivated person keeps no rights through an old login (OWASP ASVS 3.3.7).
 */
export async function writeStaff(
  ctx: { storage: OfficeStorage; hub: ChangeHub },
  doc: StaffDoc,
  opts: { sameSecret?: boolean } = {},
): Promise<{ endedSessions: number }> {
  const previous = await ctx.storage.getDocument('staff', doc.id);
  const before = previous ? StaffDoc.safeParse(previous.body) : undefined;
  const vans = await staffAudience(ctx.storage, doc);
  await ctx.storage.writeOfficeDocuments('staff', [{ body: StaffDoc.parse(doc), audienceVans: vans, ownerDevice: null }]);
  ctx.hub.publish('staff', { vanIds: vans, ownerDevice: null });
  const old = before?.success ? before.data : undefined;
  // `sameSecret`: the hash was made again from the same password at a higher cost (login.ts), not a new password.
  const newPassword = old !== undefined && old.passwordHash !== doc.passwordHash && opts.sameSecret !== true;
  const changed = old !== undefined && (newPassword || old.active !== doc.active || !sameRoles(old.roles, doc.roles));
  return { endedSessions: changed ? await ctx.storage.endStaffSessions(doc.id) : 0 };
}

/** The staff document of a login, on the index of staff by login (a staff document's `ref`). */
export async function staffByLogin(ctx: { storage: OfficeStorage }, login: string): Promise<StaffDoc | undefined> {
  for (const d of await documentReads(ctx.storage.db).byRef('staff', login)) {
    const p = StaffDoc.safeParse(d.body);
    if (p.success && p.data.login === login && !p.data._deleted) return p.data;
  }
  return undefined;
}

const sameRoles = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * What the office keeps of a password it has just been given: its hash, and the public half of the van key
 * derived from it (staff-key.ts) under the next version, so every van re-seals its data key to the new password.
 */
export async function passwordFields(staffId: string, password: string, previous: StaffDoc | undefined): Promise<Pick<StaffDoc, 'passwordHash' | 'vanKey'>> {
  return {
    passwordHash: await hashPassword(password, randomBytes(16)),
    vanKey: await makeStaffVanKey(staffId, password, (previous?.vanKey?.version ?? 0) + 1, new Uint8Array(randomBytes(16))),
  };
}
