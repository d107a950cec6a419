import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_EXTENSION, BUNDLE_FORMAT, type BundleHeader, type BundleRows, type BundleScan, OfficeBundleManifest, type VanBundleManifest } from '#protocol/bundles.ts';
import { openBundle, readBundleHeader, sealBundle, toBase64, tokenHashOf } from '#protocol/bundle-seal.ts';
import { PROTOCOL_VERSION } from '#protocol/version.ts';
import { writeFileDurably } from '#files/replace-file.ts';
import { BUNDLE_TEXT } from './bundle-text.ts';

export type VanBundleInput = {
  deviceId: string;
  deviceToken: string;
  /** The rows not yet accepted, per collection in push order (the page reads them from its store). */
  collections: readonly BundleRows[];
  /** Scans whose bytes the office has not verified. */
  scans: readonly string[];
  readScan: (sha256: string) => Promise<Uint8Array>;
  now: Date;
};

export type WrittenBundle = { path: string; bundleId: string; documents: number; scans: number; bytes: number };

/** The file name of a van bundle: which device and when, so several on one stick sort by time. */
export const vanBundleName = (deviceId: string, at: Date): string => `van-${deviceId}-${at.toISOString().replace(/[^0-9]/g, '').slice(0, 14)}${BUNDLE_EXTENSION}`;

/** Seals the van's unsent documents and scan files into one bundle (bundle-seal.ts). */
export async function sealVanBundle(input: VanBundleInput): Promise<{ bundleId: string; bytes: Uint8Array; documents: number; scans: number }> {
  const blobs: Uint8Array[] = [];
  const scans: BundleScan[] = [];
  let offset = 0;
  for (const sha256 of new Set(input.scans)) {
    const bytes = await input.readScan(sha256);
    scans.push({ sha256, bytes: bytes.length, offset });
    blobs.push(bytes);
    offset += bytes.length;
  }
  const createdAt = input.now.toISOString();
  const bundleId = randomBytes(12).toString('hex');
  const documents = input.collections.reduce((n, c) => n + c.rows.length, 0);
  const header: BundleHeader = {
    format: BUNDLE_FORMAT, direction: 'van-to-office', deviceId: input.deviceId, bundleId, createdAt,
    salt: toBase64(randomBytes(16)), iv: toBase64(randomBytes(12)), documents, scans: scans.length,
  };
  const manifest: VanBundleManifest = { direction: 'van-to-office', deviceId: input.deviceId, bundleId, createdAt, collections: [...input.collections], scans, protocol: PROTOCOL_VERSION };
  const bytes = await sealBundle({ header, manifest, blobs, tokenHash: await tokenHashOf(input.deviceToken) });
  return { bundleId, bytes, documents, scans: scans.length };
}

/**
 * Writes the bundle into `dir` (a USB stick's folder) durably: a stick pulled mid-write leaves only a hidden
 * temporary file, never a half bundle under the bundle's name (replace-file.ts).
 */
export async function writeVanBundle(dir: string, input: VanBundleInput): Promise<WrittenBundle> {
  const sealed = await sealVanBundle(input);
  const path = join(dir, vanBundleName(input.deviceId, input.now));
  await writeFileDurably(path, sealed.bytes, join(dir, `.${randomBytes(6).toString('hex')}.jmsb-tmp`));
  return { path, bundleId: sealed.bundleId, documents: sealed.documents, scans: sealed.scans, bytes: sealed.bytes.length };
}

/** Opens the office's answer bundle for this device, or says in Chinese why not. */
export async function openOfficeBundle(file: Uint8Array, deviceId: string, deviceToken: string): Promise<{ ok: true; manifest: OfficeBundleManifest } | { ok: false; reason: string }> {
  // Whose it is shows in the clear header: another device's bundle is named as such, not as a failed seal.
  const header = readBundleHeader(file);
  if (header.ok && header.header.direction === 'office-to-van' && header.header.deviceId !== deviceId) return { ok: false, reason: BUNDLE_TEXT.otherDevice(header.header.deviceId) };
  const opened = await openBundle(file, 'office-to-van', await tokenHashOf(deviceToken));
  if (!opened.ok) return opened;
  if (opened.header.deviceId !== deviceId) return { ok: false, reason: BUNDLE_TEXT.otherDevice(opened.header.deviceId) };
  const manifest = OfficeBundleManifest.safeParse(opened.manifest);
  if (!manifest.success) return { ok: false, reason: BUNDLE_TEXT.manifestInvalid };
  if (manifest.data.deviceId !== deviceId || manifest.data.bundleId !== opened.header.bundleId) return { ok: false, reason: BUNDLE_TEXT.manifestInvalid };
  return { ok: true, manifest: manifest.data };
}

/**
 * The answer bundle at `path`: that file, or in a folder (the stick) the newest answer for this device, the names
 * sorting by time. Null when there is none.
 */
export async function findAnswerFile(path: string, deviceId: string): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  if (info.isFile()) return path;
  if (!info.isDirectory()) return null;
  const prefix = `office-to-${deviceId}-`;
  const names = (await readdir(path)).filter((n) => n.startsWith(prefix) && n.endsWith(BUNDLE_EXTENSION)).sort();
  const newest = names.at(-1);
  return newest ? join(path, newest) : null;
}
