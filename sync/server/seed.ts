import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { addDays, chinaDate, chinaIso, daysBetween } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { OFFICE_COLLECTIONS, type OfficeCollection } from '#protocol/collections.ts';
import { DOCUMENT_SCHEMAS } from '#protocol/documents/index.ts';
import { StaffDoc, TripDoc } from '#protocol/documents/office.ts';
import { vansForStaff } from '#domain/staff/van-access.ts';
import { type WireDocument } from '#protocol/messages.ts';
import { hashEnrollCode } from '#server/auth/tokens.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';

const SeedFile = z.object({
  /** The day the file is written for (its trip's date); seeding moves its dates to the day it runs. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  enrollCodes: z.array(z.object({ code: z.string(), vanId: z.string() })).default([]),
  trips: z.array(z.unknown()).default([]),
  appointments: z.array(z.unknown()).default([]),
  units: z.array(z.unknown()).default([]),
  feeSchedules: z.array(z.unknown()).default([]),
  staff: z.array(z.unknown()).default([]),
});

const SEED_FILES: Record<string, URL> = { demo: new URL('../../fixtures/demo/seed.json', import.meta.url) };

type Seed = z.infer<typeof SeedFile>;

const DAY_MS = 86_400_000;
type Raw = Record<string, unknown>;

/** `iso` moved by whole days, written in China time (`…+08:00`). */
const shiftInstant = (value: unknown, days: number): unknown =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? chinaIso(new Date(Date.parse(value) + days * DAY_MS)) : value;

/**
 * The seed moved so that its day is `today` (China time): the trip is today, appointments keep their hours,
 * unit snapshots stay "the evening before" and every `updatedAt` keeps its distance. Dates that are facts
 * and not part of the story (a fee schedule's `effectiveFrom`) do not move.
 */
export function rebaseSeed(seed: Seed, today: string): Seed {
  if (!seed.day) return seed;
  const days = daysBetween(seed.day, today);
  const move = (doc: unknown, fields: readonly string[]): unknown => {
    const out: Raw = { ...(doc as Raw) };
    for (const f of fields) if (f in out) out[f] = shiftInstant(out[f], days);
    return out;
  };
  return {
    ...seed,
    day: today,
    trips: seed.trips.map((t) => ({ ...(move(t, ['updatedAt']) as Raw), date: addDays(String((t as Raw)['date']), days) })),
    appointments: seed.appointments.map((a) => move(a, ['scheduledAt', 'updatedAt'])),
    units: seed.units.map((u) => move(u, ['snapshotAt'])),
    feeSchedules: seed.feeSchedules.map((f) => move(f, ['updatedAt'])),
    staff: seed.staff.map((s) => move(s, ['updatedAt'])),
  };
}

/**
 * Loads a named seed (`demo`) into an empty office, dated from `clock` (rebaseSeed: the trip is today).
 * Every document is validated with the shared schema; trips, appointments and trip units are visible only
 * to the trip's van, staff only to the vans whose trips they work as van clerks. Does nothing when the
 * office already has trips (so restarting with `--seed demo` never rewrites data).
 * @throws when the seed name is unknown or a seed document is invalid.
 */
export async function seedOffice(storage: OfficeStorage, name: string, clock: Clock = { now: () => new Date() }): Promise<{ seeded: boolean; counts: Record<string, number> }> {
  const url = SEED_FILES[name];
  if (!url) throw new Error(`unknown seed "${name}" (known: ${Object.keys(SEED_FILES).join(', ')})`);
  if ((await storage.listDocuments('trips')).length > 0) return { seeded: false, counts: {} };
  const now = clock.now();
  const seed = rebaseSeed(SeedFile.parse(JSON.parse(readFileSync(url, 'utf8'))), chinaDate(now.toISOString()));
  const trips = seed.trips.map((t) => TripDoc.parse(t));
  const vansOf = (collection: OfficeCollection, doc: WireDocument): string[] | null => {
    if (collection === 'trips') return [String(doc['vanId'])];
    if (collection === 'appointments') return trips.filter((t) => t.id === doc['tripId']).map((t) => t.vanId);
    if (collection === 'units') return trips.filter((t) => t.unitIds.includes(doc.id)).map((t) => t.vanId);
    if (collection === 'staff') return vansForStaff(StaffDoc.parse(doc), trips);
    return null;
  };
  const counts: Record<string, number> = {};
  for (const collection of OFFICE_COLLECTIONS) {
    if (collection === 'scanAcks') continue;
    const docs = seed[collection].map((raw) => DOCUMENT_SCHEMAS[collection].parse(raw) as WireDocument);
    // A schedule's fee table takes its id from the schedule's (feeTableFromSchedule), and a charge naming that
    // table finds the schedule by it (fee-tables.ts): only an id already in the table's form finds its way back.
    const misnamed = collection === 'feeSchedules' ? docs.find((d) => !/^[a-z0-9-]+$/.test(d.id)) : undefined;
    if (misnamed) throw new Error(`fee schedule id "${misnamed.id}" must be lowercase letters, digits and "-" (it names the schedule's fee table)`);
    await storage.writeOfficeDocuments(
      collection,
      docs.map((body) => ({ body, audienceVans: vansOf(collection, body), ownerDevice: null })),
    );
    counts[collection] = docs.length;
  }
  const yearAhead = new Date(now.getTime() + 365 * DAY_MS).toISOString();
  for (const c of seed.enrollCodes) {
    await storage.createEnrollCode({ codeHash: hashEnrollCode(c.code), vanId: c.vanId, createdBy: `seed:${name}`, expiresAt: yearAhead });
  }
  return { seeded: true, counts };
}
