import { type VanDatabase } from './database.ts';
import { OfficeClient, type FetchLike } from './office-client.ts';

/** This van's enrollment with its office, kept in a local document (never replicated). */
export type DeviceIdentity = { deviceId: string; vanId: string; token: string; officeUrl: string; enrolledAt: string };

const KEY = 'device-identity';

/** Enrolls this device with a one-time code from an office admin and remembers the token. */
export async function enrollDevice(
  db: VanDatabase,
  input: { officeUrl: string; code: string; deviceName: string; fetch?: FetchLike },
): Promise<DeviceIdentity> {
  const client = new OfficeClient({ officeUrl: input.officeUrl, fetch: input.fetch });
  const res = await client.enroll(input.code, input.deviceName);
  const identity: DeviceIdentity = { deviceId: res.deviceId, vanId: res.vanId, token: res.token, officeUrl: input.officeUrl, enrolledAt: new Date().toISOString() };
  await db.upsertLocal(KEY, identity);
  return identity;
}

export async function loadDeviceIdentity(db: VanDatabase): Promise<DeviceIdentity | null> {
  const doc = await db.getLocal<DeviceIdentity>(KEY);
  return doc ? (doc.toJSON().data) : null;
}
