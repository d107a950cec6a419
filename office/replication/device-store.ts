import { DeviceReport, WipeReadyRequest, type WipeStatus } from '#protocol/messages.ts';
import { type Queryable, type Tx } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';

/** An enrolled van device (a laptop of a van); its bearer token is stored only as a hash. */
export type Device = {
  id: string;
  name: string;
  vanId: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  report: DeviceReport | null;
  revokedAt: string | null;
  /** The office's wipe order (a lost laptop), null when none. */
  wipe: WipeStatus | null;
};

type DeviceRow = {
  id: string; name: string; van_id: string; enrolled_at: string; last_seen_at: string | null; report: string | null; revoked_at: string | null;
  wipe_ordered_at: string | null; wipe_ordered_by: string | null; wipe_abandoned_at: string | null; wipe_report: string | null;
  wipe_report_at: string | null; wiped_at: string | null; wipe_confirmed_at: string | null;
};
const COLUMNS = sql`id, name, van_id, enrolled_at, last_seen_at, report, revoked_at,
  wipe_ordered_at, wipe_ordered_by, wipe_abandoned_at, wipe_report, wipe_report_at, wiped_at, wipe_confirmed_at`;

const wipeFromRow = (r: DeviceRow): WipeStatus | null =>
  r.wipe_ordered_at === null
    ? null
    : {
        orderedAt: r.wipe_ordered_at,
        orderedBy: r.wipe_ordered_by ?? '',
        abandonedAt: r.wipe_abandoned_at,
        lastReport: r.wipe_report === null ? null : WipeReadyRequest.parse(JSON.parse(r.wipe_report)),
        lastReportAt: r.wipe_report_at,
        erasedAt: r.wiped_at,
        confirmedAt: r.wipe_confirmed_at,
      };

const deviceFromRow = (r: DeviceRow): Device => ({
  id: r.id,
  name: r.name,
  vanId: r.van_id,
  enrolledAt: r.enrolled_at,
  lastSeenAt: r.last_seen_at,
  report: r.report === null ? null : DeviceReport.parse(JSON.parse(r.report)),
  revokedAt: r.revoked_at,
  wipe: wipeFromRow(r),
});

export const deviceReads = (q: Queryable) => ({
  /** The device a token belongs to, revoked or not (callers refuse revoked ones, see auth/guards.ts). */
  async byTokenHash(tokenHash: string): Promise<Device | undefined> {
    const row = await q.get<DeviceRow>(sql`SELECT ${COLUMNS} FROM devices WHERE token_hash = ${tokenHash}`);
    return row && deviceFromRow(row);
  },

  async byId(deviceId: string): Promise<Device | undefined> {
    const row = await q.get<DeviceRow>(sql`SELECT ${COLUMNS} FROM devices WHERE id = ${deviceId}`);
    return row && deviceFromRow(row);
  },

  /** The SHA-256 of a device's current token: the key material of its USB bundles (bundle-seal.ts). */
  async tokenHash(deviceId: string): Promise<string | undefined> {
    const row = await q.get<{ token_hash: string }>(sql`SELECT token_hash FROM devices WHERE id = ${deviceId}`);
    return row?.token_hash;
  },

  async all(): Promise<Device[]> {
    return (await q.all<DeviceRow>(sql`SELECT ${COLUMNS} FROM devices ORDER BY enrolled_at`)).map(deviceFromRow);
  },
});

export const deviceWrites = (q: Queryable) => ({
  async createEnrollCode(input: { codeHash: string; vanId: string; createdBy: string; createdAt: string; expiresAt: string }): Promise<void> {
    await q.run(sql`INSERT INTO enroll_codes (code_hash, van_id, created_by, created_at, expires_at)
                    VALUES (${input.codeHash}, ${input.vanId}, ${input.createdBy}, ${input.createdAt}, ${input.expiresAt})`);
  },

  async touch(deviceId: string, now: string): Promise<void> {
    await q.run(sql`UPDATE devices SET last_seen_at = ${now} WHERE id = ${deviceId}`);
  },

  async saveReport(deviceId: string, now: string, report: DeviceReport): Promise<void> {
    await q.run(sql`UPDATE devices SET last_seen_at = ${now}, report = ${JSON.stringify(report)} WHERE id = ${deviceId}`);
  },

  async revoke(deviceId: string, now: string): Promise<boolean> {
    return (await q.run(sql`UPDATE devices SET revoked_at = ${now} WHERE id = ${deviceId} AND revoked_at IS NULL`)) === 1;
  },

  /** Orders the device wiped; false when a wipe is already ordered (the first order stands). */
  async orderWipe(deviceId: string, now: string, by: string): Promise<boolean> {
    return (await q.run(sql`UPDATE devices SET wipe_ordered_at = ${now}, wipe_ordered_by = ${by} WHERE id = ${deviceId} AND wipe_ordered_at IS NULL`)) === 1;
  },

  /** Gives up what the device has not pushed, so it may erase without it; false without an open wipe order. */
  async abandonUnsynced(deviceId: string, now: string): Promise<boolean> {
    return (await q.run(sql`UPDATE devices SET wipe_abandoned_at = ${now}
                            WHERE id = ${deviceId} AND wipe_ordered_at IS NOT NULL AND wipe_abandoned_at IS NULL AND wipe_confirmed_at IS NULL`)) === 1;
  },

  async saveWipeReport(deviceId: string, now: string, report: WipeReadyRequest): Promise<void> {
    await q.run(sql`UPDATE devices SET last_seen_at = ${now}, wipe_report = ${JSON.stringify(report)}, wipe_report_at = ${now} WHERE id = ${deviceId}`);
  },

  /** The device erased itself: it is revoked for good (its token is refused from now on). */
  async confirmWiped(deviceId: string, now: string, erasedAt: string): Promise<void> {
    await q.run(sql`UPDATE devices SET wiped_at = ${erasedAt}, wipe_confirmed_at = ${now}, last_seen_at = ${now}, revoked_at = COALESCE(revoked_at, ${now})
                    WHERE id = ${deviceId} AND wipe_confirmed_at IS NULL`);
  },
});

/**
 * Consumes a one-time code and registers the device, in the caller's transaction; `undefined` when the
 * code is unknown, used or expired. The code is claimed by a conditional update, so two servers enrolling
 * with one code at once cannot both succeed. With `previousTokenHash`, the device `deviceId` enrolls again
 * (e.g. after a revocation): its token must be that one and the code must be for its van; it gets the new
 * token, is no longer revoked, keeps its id.
 */
export async function enrollWithCode(
  tx: Tx,
  input: { codeHash: string; deviceId: string; name: string; tokenHash: string; now: string; previousTokenHash?: string; installationHash?: string },
): Promise<Device | undefined> {
  const used = await tx.get<{ used_by: string | null; used_by_installation: string | null }>(
    sql`SELECT used_by, used_by_installation FROM enroll_codes WHERE code_hash = ${input.codeHash} AND used_at IS NOT NULL AND expires_at > ${input.now}`,
  );
  if (used) return reenrollSameInstallation(tx, used, input);
  const code = await tx.get<{ van_id: string }>(sql`SELECT van_id FROM enroll_codes WHERE code_hash = ${input.codeHash} AND used_at IS NULL AND expires_at > ${input.now}`);
  if (!code) return undefined;
  if (input.previousTokenHash !== undefined) {
    const known = await tx.get<{ van_id: string; token_hash: string; wipe_ordered_at: string | null }>(sql`SELECT van_id, token_hash, wipe_ordered_at FROM devices WHERE id = ${input.deviceId}`);
    if (!known || known.token_hash !== input.previousTokenHash || known.van_id !== code.van_id) return undefined;
    // A device ordered wiped (a lost laptop) never comes back under its old id and data.
    if (known.wipe_ordered_at !== null) return undefined;
  }
  const claimed = await tx.run(
    sql`UPDATE enroll_codes SET used_at = ${input.now}, used_by = ${input.deviceId}, used_by_installation = ${input.installationHash ?? null} WHERE code_hash = ${input.codeHash} AND used_at IS NULL`,
  );
  if (claimed !== 1) return undefined;
  if (input.previousTokenHash !== undefined) {
    await tx.run(sql`UPDATE devices SET token_hash = ${input.tokenHash}, name = ${input.name}, revoked_at = NULL WHERE id = ${input.deviceId}`);
  } else {
    await tx.run(sql`INSERT INTO devices (id, name, van_id, token_hash, enrolled_at) VALUES (${input.deviceId}, ${input.name}, ${code.van_id}, ${input.tokenHash}, ${input.now})`);
  }
  return deviceReads(tx).byId(input.deviceId);
}

/**
 * A code already used answers only the installation that used it, with a new token for the device it enrolled then
 * (its answer was lost, or it restarted before keeping the token): never another installation, never a revoked
 * device (that one enrolls again with a new code and its previous token), never a re-enrollment.
 */
async function reenrollSameInstallation(
  tx: Tx,
  used: { used_by: string | null; used_by_installation: string | null },
  input: { tokenHash: string; previousTokenHash?: string; installationHash?: string },
): Promise<Device | undefined> {
  if (input.previousTokenHash !== undefined || input.installationHash === undefined || used.used_by === null) return undefined;
  if (used.used_by_installation !== input.installationHash) return undefined;
  const device = await deviceReads(tx).byId(used.used_by);
  if (!device || device.revokedAt) return undefined;
  await tx.run(sql`UPDATE devices SET token_hash = ${input.tokenHash} WHERE id = ${device.id}`);
  return deviceReads(tx).byId(device.id);
}
