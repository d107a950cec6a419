import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { ScanAckDoc } from '#protocol/documents/office.ts';
import { type OfficeContext } from '#server/context.ts';
import { type Device } from '#server/storage/storage.ts';
import { BUNDLE_TEXT } from '#server/bundles/bundle-text.ts';
import { writeFileDurably } from '#files/replace-file.ts';

export type KeptScan = { ok: true; already: boolean } | { ok: false; reason: string };

/**
 * Keeps scan bytes that arrived whole by another way than tus (a USB bundle) under the same rules as an upload:
 * the bytes must hash to the declared SHA-256 and a `scans` document of the device must declare them; the file is
 * written beside its final name, fsynced, renamed and its folder fsynced before it is recorded with its
 * `scanAcks` document, which goes to every van that declared the bytes.
 */
export async function keepScanBytes(ctx: OfficeContext, device: Device, sha256: string, bytes: Uint8Array): Promise<KeptScan> {
  const { storage, hub } = ctx;
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    await storage.recordIncident({ at: ctx.clock.now().toISOString(), deviceId: device.id, collection: 'scans', docId: sha256, code: 'scan-hash-mismatch', detail: `收到的文件哈希为 ${actual}` });
    return { ok: false, reason: BUNDLE_TEXT.scanHashMismatch(sha256) };
  }
  const declarers = await storage.scanDeclarers(sha256);
  if (await storage.scanBlob(sha256)) {
    const vans = [...new Set(declarers.map((d) => d.vanId))];
    await storage.shareWithVans('scanAcks', sha256, vans);
    hub.publish('scanAcks', { vanIds: vans, ownerDevice: device.id });
    return { ok: true, already: true };
  }
  if (!declarers.some((d) => d.deviceId === device.id)) return { ok: false, reason: BUNDLE_TEXT.scanNotDeclared(sha256) };
  const folder = `${ctx.dataDir}/scans/${sha256.slice(0, 2)}`;
  const finalPath = `${folder}/${sha256}`;
  await mkdir(folder, { recursive: true });
  await writeFileDurably(finalPath, bytes);
  const verifiedAt = ctx.clock.now().toISOString();
  const vans = [...new Set(declarers.map((d) => d.vanId))];
  const ack = ScanAckDoc.parse({ id: sha256, sha256, bytes: bytes.length, verifiedAt, _deleted: false });
  await storage.acknowledgeScan({ sha256, bytes: bytes.length, path: finalPath, deviceId: device.id, verifiedAt }, { body: ack, audienceVans: vans, ownerDevice: device.id });
  hub.publish('scanAcks', { vanIds: vans, ownerDevice: device.id });
  ctx.events.emit('scan-verified', { sha256, deviceId: device.id });
  return { ok: true, already: false };
}
