import { randomBytes } from 'node:crypto';
import { StaffDoc } from '#protocol/documents/office.ts';
import { makeStaffVanKey } from '#protocol/staff-key.ts';
import { hashAtCost } from '#server/auth/password-cost.ts';
import { type Clock } from '#domain/clock.ts';
import { type Queryable, type Tx } from '#office/platform/db/db.ts';
import { documentReads, documentWrites } from '#office/replication/document-store.ts';
import { sessionWrites } from '#office/staff/session-store.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { type ChangeHub } from '#server/sync/hub.ts';
import { staffAudienceIn } from '#server/sync/staff-audience.ts';

/**
 * The one way a staff document is written: to the vans whose trips the person works (staff-audience.ts),
 * waking their streams, and, when the person's role, password or active flag changed, ending every session
 * they hold, so a demoted or deactivated person keeps no rights through an old login (OWASP ASVS 3.3.7).
 * The document and the sessions change in one transaction; the streams are woken once it has committed.
 */
export async function writeStaff(
  ctx: { storage: OfficeStorage; hub: ChangeHub; clock: Clock },
  doc: StaffDoc,
  opts: { sameSecret?: boolean } = {},
): Promise<{ endedSessions: number }> {
  const now = ctx.clock.now().toISOString();
  const written = await ctx.storage.db.transaction((tx) => writeStaffIn(tx, doc, now, opts));
  publishStaff(ctx.hub, written);
  return { endedSessions: written.endedSessions };
}

/** What a staff write did: the vans it went to (to wake once committed) and how many sessions it ended. */
export type StaffWritten = { vans: string[]; endedSessions: number };

/** `writeStaff` inside the caller's transaction; the caller wakes the streams after its commit (`publishStaff`). */
export async function writeStaffIn(tx: Tx, doc: StaffDoc, now: string, opts: { sameSecret?: boolean } = {}): Promise<StaffWritten> {
  const previous = await documentReads(tx).get('staff', doc.id);
  const before = previous ? StaffDoc.safeParse(previous.body) : undefined;
  const vans = await staffAudienceIn(tx, doc);
  await documentWrites(tx).upsertOffice('staff', [{ body: StaffDoc.parse(doc), audienceVans: vans, ownerDevice: null }], now);
  const old = before?.success ? before.data : undefined;
  // `sameSecret`: the hash was made again from the same password at a higher cost (login.ts), not a new password.
  const newPassword = old !== undefined && old.passwordHash !== doc.passwordHash && opts.sameSecret !== true;
  const changed = old !== undefined && (newPassword || old.active !== doc.active || !sameRoles(old.roles, doc.roles));
  return { vans, endedSessions: changed ? await sessionWrites(tx).endAllOf(doc.id) : 0 };
}

/** Wakes the change streams of the vans a committed staff write went to. */
export function publishStaff(hub: ChangeHub, written: Pick<StaffWritten, 'vans'>): void {
  hub.publish('staff', { vanIds: written.vans, ownerDevice: null });
}

/** The staff document of a login, on the index of staff by login (a staff document's `ref`). */
export async function staffByLogin(ctx: { storage: OfficeStorage }, login: string): Promise<StaffDoc | undefined> {
  return staffByLoginIn(ctx.storage.db, login);
}

/** `staffByLogin` read through `q`, which may be the caller's transaction. */
export async function staffByLoginIn(q: Queryable, login: string): Promise<StaffDoc | undefined> {
  for (const d of await documentReads(q).byRef('staff', login)) {
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
export async function passwordFields(staffId: string, password: string, previous: StaffDoc | undefined, iterations: number): Promise<Pick<StaffDoc, 'passwordHash' | 'vanKey'>> {
  return {
    passwordHash: await hashAtCost(password, iterations),
    vanKey: await makeStaffVanKey(staffId, password, (previous?.vanKey?.version ?? 0) + 1, new Uint8Array(randomBytes(16)), iterations),
  };
}
