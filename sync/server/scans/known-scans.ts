import { type OfficeContext } from '#server/context.ts';
import { type Device } from '#server/storage/storage.ts';

/**
 * A device that declares a scan whose bytes the office already holds (another device uploaded the same file)
 * never needs to upload it: its van gets the scan's acknowledgement now, or its case would wait for it forever.
 * Run on every push of scans documents, a repeated one included, before the push is answered.
 */
export async function acknowledgeKnownScans(ctx: Pick<OfficeContext, 'storage' | 'hub'>, device: Device, sha256s: readonly string[]): Promise<void> {
  let shared = false;
  for (const sha256 of new Set(sha256s)) {
    if (!(await ctx.storage.scanBlob(sha256))) continue;
    await ctx.storage.shareWithVans('scanAcks', sha256, [device.vanId]); // a new sequence only when the van is new to it
    shared = true;
  }
  if (shared) ctx.hub.publish('scanAcks', { vanIds: [device.vanId], ownerDevice: null });
}
