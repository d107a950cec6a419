import { type SyncCollection } from '#protocol/collections.ts';
import { type PushRow, type Rejection } from '#protocol/messages.ts';
import { type OfficeContext } from '#server/context.ts';
import { acknowledgeKnownScans } from '#server/scans/known-scans.ts';
import { type Device } from '#server/storage/storage.ts';
import { checkStored, preparePush } from './push.ts';

/**
 * A batch stored whole (`written` of its rows were new; `receiptsRefused`: the receipt views of its 收费 events the
 * rules refused, the events stored all the same, receipt-view.ts), or refused whole with every refused row.
 */
export type PushServiceOutcome = { ok: true; written: number; receiptsRefused: Rejection[] } | { ok: false; status: 403 | 422; rejections: Rejection[] };

/**
 * One push of a device's rows into a collection, as the push route and a USB bundle's import both do it: the
 * rows are checked (push.ts), stored whole or not at all, refusals go to the incident log, known scans are
 * acknowledged and the change streams told.
 */
export async function pushFromDevice(ctx: OfficeContext, device: Device, collection: SyncCollection, rows: readonly PushRow[]): Promise<PushServiceOutcome> {
  const { storage, hub, rules } = ctx;
  const now = ctx.clock.now().toISOString();
  const { docs, rejections } = await preparePush(collection, device, rows, rules);
  if (rejections.length > 0) {
    for (const r of rejections) {
      await storage.recordIncident({ at: now, deviceId: device.id, collection, docId: r.id, code: r.code, detail: r.reason });
    }
    const status = rejections.every((r) => r.code === 'office-authored' || r.code === 'wrong-device' || r.code === 'reserved-id') ? 403 : 422;
    return { ok: false, status, rejections };
  }
  const outcome = await storage.pushVanDocuments({
    collection,
    deviceId: device.id,
    vanId: device.vanId,
    now,
    docs,
    check: (c, fresh) => checkStored(c, fresh, rules, device),
  });
  if (!outcome.ok) return { ok: false, status: 422, rejections: outcome.rejections };
  if (collection === 'scans') await acknowledgeKnownScans(ctx, device, docs.map((d) => String(d.body['sha256'])));
  if (outcome.written > 0) {
    hub.publish(collection, { vanIds: [], ownerDevice: device.id });
    ctx.events.emit('van-push', { collection, deviceId: device.id, ids: docs.map((d) => d.id) });
  }
  return { ok: true, written: outcome.written, receiptsRefused: docs.flatMap((d) => d.receiptRefused ?? []) };
}
