import { type BundleRows } from '#protocol/bundles.ts';
import { VAN_COLLECTIONS } from '#protocol/collections.ts';
import { type VanDatabase } from './database.ts';
import { entriesAbove, readOutbox, sendable } from './outbox.ts';

/**
 * What a USB bundle carries: the documents the outbox would send now (above its mark; set-aside ones stay out,
 * as they do from the outbox), per collection in write order, and the scans whose bytes the office has not
 * verified. The office holds back a case's later documents behind a refused one (protocol 21), as for a live push.
 */
export async function unsentForBundle(db: VanDatabase): Promise<{ collections: BundleRows[]; scans: string[] }> {
  // As the live outbox: documents the van pulled (the office's, e.g. its receipt grants) are not its to send.
  const { mark, deviceId } = await readOutbox(db);
  const entries = sendable(await entriesAbove(db, mark, 1_000_000), deviceId);
  const collections: BundleRows[] = [];
  for (const name of VAN_COLLECTIONS) {
    const rows = entries.filter((e) => e.collection === name).map((e) => ({ newDocumentState: e.doc }));
    if (rows.length > 0) collections.push({ collection: name, rows });
  }
  const acked = new Set((await db.scanAcks.find().exec()).map((a) => a.sha256));
  const scans = [...new Set((await db.scans.find().exec()).map((s) => s.sha256))].filter((h) => !acked.has(h));
  return { collections, scans };
}
