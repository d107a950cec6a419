import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OFFICE_COLLECTIONS, type OfficeCollection } from '#protocol/collections.ts';
import { DOCUMENT_SCHEMAS } from '#protocol/documents/index.ts';
import { StaffDoc, TripDoc } from '#protocol/documents/office.ts';
import { vansForStaff } from '#domain/staff/van-access.ts';
import { type WireDocument } from '#protocol/messages.ts';
import { hashEnrollCode } from '#server/auth/tokens.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';

const SeedFile = z.object({
  enrollCodes: z.array(z.object({ code: z.string(), vanId: z.string() })).default([]),
  trips: z.array(z.unknown()).default([]),
  appointments: z.array(z.unknown()).default([]),
  units: z.array(z.unknown()).default([]),
  feeSchedules: z.array(z.unknown()).default([]),
  staff: z.array(z.unknown()).default([]),
});

const SEED_FILES: Record<string, URL> = { demo: new URL('../../fixtures/demo/seed.json', import.meta.url) };

/**
 * Loads a named seed (`demo`) into an empty office. Every document is validated with the shared schema;
 * trips, appointments and trip units are visible only to the trip's van, staff only to the vans whose trips
 * they work as van clerks. Does nothing when the office
 * already has trips (so restarting with `--seed demo` never rewrites data).
 * @throws when the seed name is unknown or a seed document is invalid.
 */
export async function seedOffice(storage: OfficeStorage, name: string): Promise<{ seeded: boolean; counts: Record<string, number> }> {
  const url = SEED_FILES[name];
  if (!url) throw new Error(`unknown seed "${name}" (known: ${Object.keys(SEED_FILES).join(', ')})`);
  if ((await storage.listDocuments('trips')).length > 0) return { seeded: false, counts: {} };
  const seed = SeedFile.parse(JSON.parse(readFileSync(url, 'utf8')));
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
    await storage.writeOfficeDocuments(
      collection,
      docs.map((body) => ({ body, audienceVans: vansOf(collection, body), ownerDevice: null })),
    );
    counts[collection] = docs.length;
  }
  const yearAhead = new Date(Date.now() + 365 * 24 * 3600_000).toISOString();
  for (const c of seed.enrollCodes) {
    await storage.createEnrollCode({ codeHash: hashEnrollCode(c.code), vanId: c.vanId, createdBy: `seed:${name}`, expiresAt: yearAhead });
  }
  return { seeded: true, counts };
}
