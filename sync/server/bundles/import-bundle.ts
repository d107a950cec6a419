import { parseForm } from '#domain/forms/form-issues.ts';
import { VAN_COLLECTIONS } from '#protocol/collections.ts';
import { type BundleHeader, type BundleImportResult, type BundleRefusal, VanBundleManifest } from '#protocol/bundles.ts';
import { openBundle, readBundleHeader } from '#protocol/bundle-seal.ts';
import { type PushRow } from '#protocol/messages.ts';
import { type OfficeContext } from '#server/context.ts';
import { keepScanBytes } from '#server/scans/keep-scan-bytes.ts';
import { type Device } from '#server/storage/storage.ts';
import { pushFromDevice } from '#server/sync/push-service.ts';
import { CASE_ORDER_PROTOCOL, CaseOrder } from '#server/sync/case-order.ts';
import { takeOutbox } from '#server/sync/outbox.ts';
import { BUNDLE_TEXT } from './bundle-text.ts';

/** The rows of one push, as the van's replication sends them. */
const BATCH = 100;

export type BundleRefused = { ok: false; reason: string };

/**
 * The sealing device of a bundle and its key, when it may still hand the office data: as for a push, a device
 * ordered wiped may (it must give what it holds), a revoked or wiped one may not.
 */
export async function bundleDevice(ctx: OfficeContext, header: BundleHeader, purpose: 'import' | 'answer'): Promise<{ ok: true; device: Device; tokenHash: string } | BundleRefused> {
  const found = await ctx.storage.deviceWithTokenHash(header.deviceId);
  if (!found) return { ok: false, reason: BUNDLE_TEXT.unknownDevice(header.deviceId) };
  const { device } = found;
  if (device.wipe?.confirmedAt) return { ok: false, reason: BUNDLE_TEXT.deviceWiped(device.id) };
  if (device.wipe && purpose === 'answer') return { ok: false, reason: BUNDLE_TEXT.deviceWipeOrdered(device.id) };
  if (!device.wipe && device.revokedAt !== null) return { ok: false, reason: BUNDLE_TEXT.deviceRevoked(device.id) };
  return { ok: true, ...found };
}

/**
 * Imports a van's USB bundle: every document goes through the push path (push-service.ts) in the van's order
 * and batch size, a refused row is answered like a live push's and the rest of its batch stored, so a bundle
 * gets per document exactly what a push gets. Stored documents are immutable, so importing again, or the van
 * pushing the same documents live later, stores nothing twice. Scan files are kept like a finished upload.
 */
export async function importVanBundle(ctx: OfficeContext, file: Uint8Array): Promise<{ ok: true; result: BundleImportResult } | BundleRefused> {
  const head = readBundleHeader(file);
  if (!head.ok) return head;
  const owner = await bundleDevice(ctx, head.header, 'import');
  if (!owner.ok) return owner;
  const opened = await openBundle(file, 'van-to-office', owner.tokenHash);
  if (!opened.ok) return opened;
  const parsed = parseForm(VanBundleManifest, opened.manifest, BUNDLE_TEXT.manifestFields, BUNDLE_TEXT.issues);
  if (!parsed.ok) return { ok: false, reason: BUNDLE_TEXT.manifestInvalid(parsed.message) };
  const manifest = parsed.data;
  if (manifest.deviceId !== opened.header.deviceId || manifest.bundleId !== opened.header.bundleId) return { ok: false, reason: BUNDLE_TEXT.manifestMismatch };
  const blobsEnd = opened.payload.length - opened.blobsAt;
  const outside = manifest.scans.find((s) => s.offset + s.bytes > blobsEnd);
  if (outside) return { ok: false, reason: BUNDLE_TEXT.scanOutside(outside.sha256) };

  const result: BundleImportResult = {
    bundleId: manifest.bundleId, deviceId: manifest.deviceId, createdAt: manifest.createdAt,
    stored: 0, already: 0, refused: [], scansStored: 0, scansAlready: 0, scansRefused: [],
  };
  // A van of protocol 21 or later leaves the per-case order to the office: its rows go through the outbox path.
  const order = (manifest.protocol ?? 0) >= CASE_ORDER_PROTOCOL ? await CaseOrder.of(ctx, owner.device) : undefined;
  // Case headers before their events, events before the receipts and scans that name them.
  for (const name of VAN_COLLECTIONS) {
    const rows = manifest.collections.filter((c) => c.collection === name).flatMap((c) => c.rows);
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await (order ? takeBatch(ctx, owner.device, name, batch, order, result) : pushBatch(ctx, owner.device, name, batch, result));
    }
  }
  for (const scan of manifest.scans) {
    const start = opened.blobsAt + scan.offset;
    const kept = await keepScanBytes(ctx, owner.device, scan.sha256, opened.payload.subarray(start, start + scan.bytes));
    if (!kept.ok) result.scansRefused.push({ sha256: scan.sha256, reason: kept.reason });
    else if (kept.already) result.scansAlready++;
    else result.scansStored++;
  }
  return { ok: true, result };
}

/** One batch as a van of protocol 21 or later sends its outbox: every row answered, later rows of a refused case held back. */
async function takeBatch(ctx: OfficeContext, device: Device, collection: BundleRefusal['collection'], batch: PushRow[], order: CaseOrder, result: BundleImportResult): Promise<void> {
  for (const r of await takeOutbox(ctx, device, batch.map((row) => ({ collection, doc: row.newDocumentState })), order)) {
    if (r.status === 'refused') result.refused.push({ collection, id: r.id, code: r.code, reason: r.reason });
    else if (r.status === 'stored') result.stored++;
    else result.already++;
    // A 收费 stored whose receipt the rules refused: the answer bundle tells the van, as a live answer does.
    if (r.status !== 'refused' && r.receiptRefused) result.refused.push({ collection: 'receipts', ...r.receiptRefused });
  }
}

/** One batch as an older van pushes it: the refused rows are answered and set aside, the rest pushed again. */
async function pushBatch(ctx: OfficeContext, device: Device, collection: BundleRefusal['collection'], batch: PushRow[], result: BundleImportResult): Promise<void> {
  let rows = batch;
  while (rows.length > 0) {
    const outcome = await pushFromDevice(ctx, device, collection, rows);
    if (outcome.ok) {
      result.stored += outcome.written;
      result.already += rows.length - outcome.written;
      // A 收费 stored whose receipt the rules refused: the answer bundle tells the van, as a live answer does.
      for (const r of outcome.receiptsRefused) result.refused.push({ collection: 'receipts', id: r.id, code: r.code, reason: r.reason });
      return;
    }
    const named = new Set(outcome.rejections.map((r) => r.id));
    const rest = rows.filter((r) => !named.has(r.newDocumentState.id));
    for (const r of outcome.rejections) result.refused.push({ collection, id: r.id, code: r.code, reason: r.reason });
    if (rest.length === rows.length) {
      // A refusal naming none of the rows: each is tried alone, so the one refused is found (as the van halves).
      if (rows.length === 1) {
        result.refused.push({ collection, id: rows[0]?.newDocumentState.id ?? '', code: outcome.rejections[0]?.code ?? 'invalid-document', reason: BUNDLE_TEXT.refusedUnnamed });
        return;
      }
      for (const row of rows) await pushBatch(ctx, device, collection, [row], result);
      return;
    }
    rows = rest;
  }
}
