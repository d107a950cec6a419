import { chinaDate } from '#domain/calendar/china-time.ts';
import { TripDoc, UnitDoc } from '#protocol/documents/office.ts';
import { type SnapshotRefreshResponse } from '#protocol/messages.ts';
import { type OfficeContext } from '#server/context.ts';
import { type Device } from '#server/storage/storage.ts';

export type SnapshotRefresh = SnapshotRefreshResponse['trips'][number];

/** A snapshot this young is fresh: a van pulling twice in an hour does not fetch its units twice. */
export const SNAPSHOT_FRESH_MS = 3_600_000;

/**
 * Reads the register again for a trip's units, as the office does before the van leaves: every unit document
 * is written anew with the office's current flags (查封/抵押/预告/在办, kept up to date at the office) and
 * `snapshotAt` = now, then the trip's van is woken to pull them. A unit whose snapshot is younger than
 * `freshForMs` is left as it is (0 refreshes every unit). Answers with the oldest snapshot the trip's units
 * now carry. Reads the trip's units by id, never the collection.
 */
export async function refreshTripSnapshots(ctx: Pick<OfficeContext, 'storage' | 'hub' | 'clock'>, trip: TripDoc, opts: { freshForMs?: number } = {}): Promise<SnapshotRefresh> {
  const now = ctx.clock.now();
  const snapshotAt = now.toISOString();
  const freshFor = opts.freshForMs ?? SNAPSHOT_FRESH_MS;
  const stale: UnitDoc[] = [];
  let units = 0;
  let oldest = snapshotAt;
  for (const id of trip.unitIds) {
    const stored = await ctx.storage.getDocument('units', id);
    const unit = stored ? UnitDoc.safeParse(stored.body) : null;
    if (!unit?.success) continue;
    units += 1;
    const age = now.getTime() - Date.parse(unit.data.snapshotAt);
    if (freshFor === 0 || !(age >= 0 && age < freshFor)) stale.push({ ...unit.data, snapshotAt });
    else if (unit.data.snapshotAt < oldest) oldest = unit.data.snapshotAt;
  }
  if (stale.length > 0) {
    await ctx.storage.writeOfficeDocuments('units', stale.map((body) => ({ body, audienceVans: [trip.vanId], ownerDevice: null })));
    ctx.hub.publish('units', { vanIds: [trip.vanId], ownerDevice: null });
  }
  return { tripId: trip.id, units, refreshed: stale.length, snapshotAt: oldest };
}

/**
 * The trips a van refreshes before leaving: those it names (each must be its own), or, when it names none
 * (its first pull), its trips from today (China date) on. Read through the van's own pull, so only the
 * trips shared with it are looked at.
 */
export async function tripsToRefresh(ctx: Pick<OfficeContext, 'storage' | 'clock'>, device: Device, tripIds: readonly string[]): Promise<TripDoc[] | { notOwn: string }> {
  if (tripIds.length > 0) {
    const out: TripDoc[] = [];
    for (const id of tripIds) {
      const stored = await ctx.storage.getDocument('trips', id);
      const trip = stored ? TripDoc.safeParse(stored.body) : null;
      if (!trip?.success || trip.data.vanId !== device.vanId) return { notOwn: id };
      out.push(trip.data);
    }
    return out;
  }
  const today = chinaDate(ctx.clock.now().toISOString());
  const out: TripDoc[] = [];
  let checkpoint;
  for (;;) {
    const page = await ctx.storage.pull('trips', checkpoint, 200, { kind: 'device', deviceId: device.id, vanId: device.vanId });
    for (const doc of page.documents) {
      const trip = TripDoc.safeParse(doc);
      if (trip.success && !trip.data._deleted && trip.data.vanId === device.vanId && trip.data.date >= today) out.push(trip.data);
    }
    if (!page.checkpoint || page.documents.length < 200) return out;
    checkpoint = page.checkpoint;
  }
}
