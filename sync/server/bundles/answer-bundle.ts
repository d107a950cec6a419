import { randomBytes } from 'node:crypto';
import { SYNC_COLLECTIONS } from '#protocol/collections.ts';
import { BUNDLE_EXTENSION, BUNDLE_FORMAT, type BundleHeader, type BundlePage, type BundleRefusal, type OfficeBundleManifest } from '#protocol/bundles.ts';
import { sealBundle, toBase64 } from '#protocol/bundle-seal.ts';
import { type Checkpoint, MAX_PULL_LIMIT } from '#protocol/messages.ts';
import { type OfficeContext } from '#server/context.ts';
import { ensureRunForLatestTrip } from '#server/sync/receipt-grants.ts';
import { type BundleRefused, bundleDevice } from './import-bundle.ts';

export type AnswerBundle = { ok: true; name: string; bytes: Uint8Array; documents: number };

/**
 * The office's sealed answer for a van without a link (a trip pull by USB stick): every collection's pull for
 * that device from the start, with the checkpoint it reached, as the van's replication would have pulled it
 * (the device's run of receipt numbers included), and the refusals of the van bundle it answers. The van takes
 * the pages in through its replication, so a later live pull goes on from their checkpoints.
 */
export async function writeAnswerBundle(ctx: OfficeContext, deviceId: string, answers: { bundleId: string; refused: readonly BundleRefusal[] } | null): Promise<AnswerBundle | BundleRefused> {
  const createdAt = ctx.clock.now().toISOString();
  const header: BundleHeader = {
    format: BUNDLE_FORMAT, direction: 'office-to-van', deviceId, bundleId: randomBytes(12).toString('hex'), createdAt,
    salt: toBase64(randomBytes(16)), iv: toBase64(randomBytes(12)), documents: 0, scans: 0,
  };
  const owner = await bundleDevice(ctx, header, 'answer');
  if (!owner.ok) return owner;
  await ensureRunForLatestTrip(ctx, owner.device);
  const viewer = { kind: 'device' as const, deviceId, vanId: owner.device.vanId };
  const pages: BundlePage[] = [];
  for (const collection of SYNC_COLLECTIONS) {
    const documents: Record<string, unknown>[] = [];
    let checkpoint: Checkpoint | null = null;
    for (;;) {
      const page = await ctx.storage.pull(collection, checkpoint ?? undefined, MAX_PULL_LIMIT, viewer);
      documents.push(...(page.documents as Record<string, unknown>[]));
      checkpoint = page.checkpoint ?? checkpoint;
      if (page.documents.length < MAX_PULL_LIMIT) break;
    }
    pages.push({ collection, documents, checkpoint });
  }
  header.documents = pages.reduce((n, p) => n + p.documents.length, 0);
  const manifest: OfficeBundleManifest = {
    direction: 'office-to-van', deviceId, bundleId: header.bundleId, createdAt,
    answersTo: answers?.bundleId ?? null, pages, refused: [...(answers?.refused ?? [])],
  };
  const bytes = await sealBundle({ header, manifest, blobs: [], tokenHash: owner.tokenHash });
  return { ok: true, name: `office-to-${deviceId}-${createdAt.replace(/[^0-9]/g, '').slice(0, 14)}${BUNDLE_EXTENSION}`, bytes, documents: header.documents };
}
