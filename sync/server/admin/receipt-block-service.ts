import { AREA_BLOCK_ERROR_TEXT, areaReceiptBlock } from '#domain/city/office-ids.ts';
import { blocksOverlap } from '#domain/receipts/number-block.ts';
import { ReceiptBlock, TripDoc } from '#protocol/documents/office.ts';
import { BLOCK_ERROR_TEXT, checkBlock } from '#protocol/domain-bridge.ts';
import { documentReads, documentWrites } from '#office/replication/document-store.ts';
import { receiptBlockReads } from '#office/replication/receipt-block-store.ts';
import { type OfficeContext } from '#server/context.ts';
import { shareTripStaff } from '#server/sync/staff-audience.ts';

export type BlockOutcome = { ok: true; trip: TripDoc } | { ok: false; status: 400 | 404 | 409; code: 'malformed' | 'not-found' | 'conflict'; message: string };

/**
 * Gives a trip its receipt block: the overlap check (domain `blocksOverlap`, on the indexed blocks of the
 * other trips) and the write are one transaction under a lock every office server honours, so two blocks
 * that share a number can never both be given, whichever server takes each request. A block once given is
 * never changed: the van may already have printed from it. The office's area code goes in front of the
 * block's prefix (`areaReceiptBlock`), so two offices' receipt numbers never coincide at the city.
 */
export async function allocateReceiptBlock(ctx: Pick<OfficeContext, 'storage' | 'hub' | 'clock' | 'areaCode'>, tripId: string, raw: unknown): Promise<BlockOutcome> {
  const parsed = ReceiptBlock.safeParse(raw);
  if (!parsed.success) return { ok: false, status: 400, code: 'malformed', message: '号段不合格: 需要 prefix, first, last, width' };
  const scoped = areaReceiptBlock(ctx.areaCode, parsed.data);
  if (!scoped.ok) return { ok: false, status: 400, code: 'malformed', message: AREA_BLOCK_ERROR_TEXT[scoped.error] };
  const block = scoped.value;
  const checked = checkBlock(block);
  if (!checked.ok) return { ok: false, status: 400, code: 'malformed', message: BLOCK_ERROR_TEXT[checked.error] };
  const outcome = await ctx.storage.db.transaction(async (tx): Promise<BlockOutcome> => {
    await tx.lock('receipt-blocks');
    const stored = await documentReads(tx).get('trips', tripId);
    if (!stored) return { ok: false, status: 404, code: 'not-found', message: `出车任务 ${tripId} 不存在` };
    const trip = TripDoc.parse(stored.body);
    if (trip.receiptBlock) return { ok: false, status: 409, code: 'conflict', message: '该出车任务已分配号段；号段一经分配不可更改' };
    const other = await receiptBlockReads(tx).overlapping(block, tripId);
    if (other && blocksOverlap(other, block)) return { ok: false, status: 409, code: 'conflict', message: `号段与出车任务 ${other.tripId} 的号段重叠` };
    const now = ctx.clock.now().toISOString();
    const updated = { ...trip, receiptBlock: block, updatedAt: now };
    await documentWrites(tx).upsertOffice('trips', [{ body: updated, audienceVans: [trip.vanId], ownerDevice: null }], now);
    return { ok: true, trip: updated };
  });
  if (!outcome.ok) return outcome;
  ctx.hub.publish('trips', { vanIds: [outcome.trip.vanId], ownerDevice: null });
  await shareTripStaff(ctx.storage, ctx.hub, outcome.trip);
  return outcome;
}
