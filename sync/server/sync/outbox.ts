import { type VanCollection } from '#protocol/collections.ts';
import { type OutboxResult, type OutboxRow, type Rejection } from '#protocol/messages.ts';
import { type OfficeContext } from '#server/context.ts';
import { acknowledgeKnownScans } from '#server/scans/known-scans.ts';
import { type Device, type PreparedDocument } from '#server/storage/storage.ts';
import { type CaseOrder } from './case-order.ts';
import { checkStored, preparePush } from './push.ts';

type Refusal = Extract<OutboxResult, { status: 'refused' }>;

/**
 * Takes a van's outbox (rows in the order the van wrote them) and answers each row: stored, duplicate, or
 * refused with its code. Consecutive rows of one collection are stored in one transaction. From protocol 21
 * (`order` given) every row is answered, and a row of a case whose earlier document the office refused is held
 * back (case-order.ts); to an older van the answer ends at the first refusal, and the van sends what followed
 * again once it has set the refused document aside and held back the rest of its case itself.
 */
export async function takeOutbox(ctx: OfficeContext, device: Device, rows: readonly OutboxRow[], order?: CaseOrder): Promise<OutboxResult[]> {
  const results: OutboxResult[] = [];
  for (let start = 0; start < rows.length; ) {
    const collection = rows[start]?.collection as VanCollection;
    let end = start;
    while (end < rows.length && rows[end]?.collection === collection) end++;
    let rest = rows.slice(start, end);
    while (rest.length > 0) {
      // Held back, looked at again after each stored run: a blocker stored earlier in this request frees its case.
      const blockers = rest.map((r) => order?.blockerOf(collection, r.doc));
      const blocker = blockers[0];
      if (order && blocker) {
        results.push(order.heldBack(collection, (rest[0] as OutboxRow).doc.id, blocker));
        rest = rest.slice(1);
        continue;
      }
      const held = blockers.findIndex((b) => b !== undefined);
      const free = held < 0 ? rest : rest.slice(0, held);
      const run = await takeRun(ctx, device, collection, free);
      results.push(...run.taken);
      await order?.stored(collection, run.taken.map((t) => t.id));
      if (!run.refused) {
        rest = rest.slice(free.length);
        continue;
      }
      results.push(run.refused);
      if (!order) return results;
      // The rows before the refused one were all taken.
      await order.refused(collection, (free[run.taken.length] as OutboxRow).doc);
      rest = rest.slice(run.taken.length + 1);
    }
    start = end;
  }
  return results;
}

/** Stores the longest prefix of one collection's rows the office accepts; the first refused row ends it. */
async function takeRun(ctx: OfficeContext, device: Device, collection: VanCollection, rows: readonly OutboxRow[]): Promise<{ taken: OutboxResult[]; refused?: Refusal }> {
  const now = ctx.clock.now().toISOString();
  const { docs, rejections } = await preparePush(collection, device, rows.map((r) => ({ newDocumentState: r.doc })), ctx.rules);
  const position = new Map(rows.map((r, i): [string, number] => [r.doc.id, i]).reverse());
  let refused = first(collection, rejections, position);
  if (refused) await ctx.storage.recordIncident({ at: now, deviceId: device.id, collection, docId: refused.id, code: refused.code, detail: refused.reason });
  // preparePush keeps the order of the rows it accepts: those before the first refusal come first.
  let candidates: PreparedDocument[] = docs.slice(0, refused ? (position.get(refused.id) ?? 0) : docs.length);
  while (candidates.length > 0) {
    const outcome = await ctx.storage.pushVanDocuments({
      collection,
      deviceId: device.id,
      vanId: device.vanId,
      now,
      docs: candidates,
      check: (c, fresh) => checkStored(c, fresh, ctx.rules, device),
    });
    if (outcome.ok) {
      if (collection === 'scans') await acknowledgeKnownScans(ctx, device, candidates.map((d) => String(d.body['sha256'])));
      if (outcome.written > 0) {
        ctx.hub.publish(collection, { vanIds: [], ownerDevice: device.id });
        ctx.events.emit('van-push', { collection, deviceId: device.id, ids: candidates.map((d) => d.id) });
      }
      const stored = new Set(outcome.storedIds);
      const taken = candidates.map((d): OutboxResult => ({ collection, id: d.id, status: stored.has(d.id) ? 'stored' : 'duplicate', ...(d.receiptRefused ? { receiptRefused: d.receiptRefused } : {}) }));
      return refused ? { taken, refused } : { taken };
    }
    // A rule on stored state refused some (the storage logged each one): keep what comes before the first.
    refused = first(collection, outcome.rejections, position) ?? refused;
    const cut = candidates.findIndex((d) => d.id === refused?.id);
    candidates = candidates.slice(0, cut < 0 ? 0 : cut);
  }
  return refused ? { taken: [], refused } : { taken: [] };
}

function first(collection: VanCollection, rejections: readonly Rejection[], position: ReadonlyMap<string, number>): Refusal | undefined {
  let best: Rejection | undefined;
  for (const r of rejections) if (!best || (position.get(r.id) ?? Infinity) < (position.get(best.id) ?? Infinity)) best = r;
  return best && { collection, id: best.id, status: 'refused', code: best.code, reason: best.reason };
}
