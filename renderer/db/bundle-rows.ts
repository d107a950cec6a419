import { type BundleRows } from '#protocol/bundles.ts';
import { type VanDatabase } from './database.ts';
import { RELEASE_ORDER, rowsInOrder } from './hold-back.ts';
import { pendingIds } from './pending.ts';

/**
 * What a USB bundle carries: the documents a live push would send now (not yet accepted; set-aside and
 * held-back ones stay out, as they do from a push), per collection in write order, and the scans whose bytes
 * the office has not verified.
 */
export async function unsentForBundle(db: VanDatabase): Promise<{ collections: BundleRows[]; scans: string[] }> {
  const collections: BundleRows[] = [];
  for (const name of RELEASE_ORDER) {
    const ids = await pendingIds(db, name);
    const rows = await rowsInOrder(db, name, ids.map((docId) => ({ sourceCollection: name, docId })));
    if (rows.length > 0) collections.push({ collection: name, rows });
  }
  const acked = new Set((await db.scanAcks.find().exec()).map((a) => a.sha256));
  const scans = [...new Set((await db.scans.find().exec()).map((s) => s.sha256))].filter((h) => !acked.has(h));
  return { collections, scans };
}
