import { GRANT_ERROR_TEXT, nextGrant } from '#protocol/domain-bridge.ts';
import { ReceiptGrantEntry } from '#protocol/documents/ledger.ts';
import { TripDoc } from '#protocol/documents/office.ts';
import { type OfficeContext } from '#server/context.ts';
import { type Device, type GrantRecord } from '#server/storage/storage.ts';

export type GrantOutcome = { ok: true; grant: GrantRecord | null } | { ok: false; status: 404 | 409; message: string };

/**
 * Grants the device a run of the trip's receipt block (domain/receipts/grants.ts): the next free run, or
 * none when `onlyIfNone` and the device holds one already. The grant reaches only that device, as a trip
 * ledger entry, and wakes its ledger stream.
 */
export async function grantReceiptRun(ctx: OfficeContext, device: Device, tripId: string, onlyIfNone: boolean): Promise<GrantOutcome> {
  const stored = await ctx.storage.getDocument('trips', tripId);
  const trip = stored ? TripDoc.safeParse(stored.body) : undefined;
  if (!trip?.success || trip.data.vanId !== device.vanId || trip.data._deleted) return { ok: false, status: 404, message: `本车没有出车任务 ${tripId}` };
  const block = trip.data.receiptBlock;
  if (!block) return { ok: false, status: 409, message: '该出车任务尚未分配票据号段，请联系办公室管理员' };
  const now = ctx.clock.now().toISOString();
  const out = await ctx.storage.grantReceipts({
    tripId,
    deviceId: device.id,
    now,
    onlyIfNone,
    next: (granted, used) => {
      const run = nextGrant(block, granted, undefined, used);
      return run.ok ? run.value : null;
    },
    entry: (run, id) => ReceiptGrantEntry.parse({ id, kind: 'receipt-grant', tripId, deviceId: device.id, first: run.first, last: run.last, grantedAt: now, _deleted: false }),
  });
  if (out.usedUp) return { ok: false, status: 409, message: GRANT_ERROR_TEXT['block-used-up'] };
  if (out.granted) ctx.hub.publish('tripLedger', { vanIds: [], ownerDevice: device.id });
  return { ok: true, grant: out.granted };
}

/**
 * When a device pulls its trips or its ledger, it gets a run of the trip it works on (its van's newest
 * trip) if it holds none yet: so every device of a van prints from its own numbers before it goes offline.
 */
export async function ensureRunForLatestTrip(ctx: OfficeContext, device: Device): Promise<void> {
  const latest = await ctx.storage.latestTripOf(device.vanId);
  const trip = latest ? TripDoc.safeParse(latest.body) : undefined;
  if (!trip?.success || !trip.data.receiptBlock || trip.data._deleted) return;
  await grantReceiptRun(ctx, device, trip.data.id, true);
}
