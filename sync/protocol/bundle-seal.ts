/**
 * The seal of a USB bundle: AES-256-GCM (NIST SP 800-38D) through WebCrypto under a key derived with HKDF-SHA256
 * (RFC 5869) from the SHA-256 of the device's bearer token, which only that device and the office hold (the
 * office stores nothing else of the token). The salt and the direction are in the derivation, so a van bundle
 * can never be passed off as the office's answer or the other way round; the clear header is the GCM
 * additional data, so changing a single byte of the file anywhere makes it unreadable.
 *
 * File layout: `JMSB` `\x01`, a 4-byte big-endian header length, the header (JSON), then the ciphertext of:
 * a 4-byte manifest length, the manifest (JSON), the scan bytes one after another.
 */
import { type BundleDirection, BundleHeader } from './bundles.ts';

const MAGIC = [0x4a, 0x4d, 0x53, 0x42, 0x01];
const PREFIX = MAGIC.length + 4;
const MAX_HEADER = 4096;

export type SealInput = {
  header: BundleHeader;
  manifest: object;
  blobs: readonly Uint8Array[];
  /** The SHA-256 (hex) of the device's bearer token. */
  tokenHash: string;
};

export type OpenRefusal = { ok: false; code: 'not-a-bundle' | 'wrong-direction' | 'cannot-open'; reason: string };
export type Opened = { ok: true; header: BundleHeader; manifest: unknown; payload: Uint8Array; blobsAt: number };

/** The header of a file, read without the key (to find the device whose key opens it), or why it is no bundle. */
export function readBundleHeader(file: Uint8Array): { ok: true; header: BundleHeader; headerEnd: number } | OpenRefusal {
  const notBundle: OpenRefusal = { ok: false, code: 'not-a-bundle', reason: '这不是服务车数据包文件（文件头不对），请选择以 .jmsb 结尾的文件' };
  if (file.length < PREFIX || MAGIC.some((b, i) => file[i] !== b)) return notBundle;
  const length = new DataView(file.buffer, file.byteOffset + MAGIC.length, 4).getUint32(0);
  if (length > MAX_HEADER || PREFIX + length > file.length) return notBundle;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file.subarray(PREFIX, PREFIX + length)));
  } catch {
    return notBundle;
  }
  const header = BundleHeader.safeParse(json);
  if (!header.success) return { ok: false, code: 'not-a-bundle', reason: '数据包文件头不合格（格式版本不符或已损坏），请重新导出' };
  return { ok: true, header: header.data, headerEnd: PREFIX + length };
}

export async function sealBundle(input: SealInput): Promise<Uint8Array> {
  const headerBytes = new TextEncoder().encode(JSON.stringify(input.header));
  const prefix = new Uint8Array(PREFIX + headerBytes.length);
  prefix.set(MAGIC, 0);
  new DataView(prefix.buffer).setUint32(MAGIC.length, headerBytes.length);
  prefix.set(headerBytes, PREFIX);
  const manifestBytes = new TextEncoder().encode(JSON.stringify(input.manifest));
  const blobsLength = input.blobs.reduce((n, b) => n + b.length, 0);
  const plain = new Uint8Array(4 + manifestBytes.length + blobsLength);
  new DataView(plain.buffer).setUint32(0, manifestBytes.length);
  plain.set(manifestBytes, 4);
  let at = 4 + manifestBytes.length;
  for (const blob of input.blobs) {
    plain.set(blob, at);
    at += blob.length;
  }
  const key = await bundleKey(input.tokenHash, input.header, ['encrypt']);
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: fromBase64(input.header.iv) as BufferSource, additionalData: prefix }, key, plain));
  const out = new Uint8Array(prefix.length + cipher.length);
  out.set(prefix, 0);
  out.set(cipher, prefix.length);
  return out;
}

/**
 * Opens a bundle meant to travel `direction` with the token hash of the device its header names. A wrong key,
 * a changed byte or a cut file all fail the GCM tag: nothing of such a file is read.
 */
export async function openBundle(file: Uint8Array, direction: BundleDirection, tokenHash: string): Promise<Opened | OpenRefusal> {
  const read = readBundleHeader(file);
  if (!read.ok) return read;
  const { header, headerEnd } = read;
  if (header.direction !== direction) {
    return { ok: false, code: 'wrong-direction', reason: direction === 'van-to-office' ? '这是办公室发给服务车的回传包，应在服务车上导入' : '这是服务车导出的数据包，应在办公室导入' };
  }
  const key = await bundleKey(tokenHash, header, ['decrypt']);
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(header.iv) as BufferSource, additionalData: file.subarray(0, headerEnd) as BufferSource }, key, file.subarray(headerEnd) as BufferSource));
  } catch {
    return { ok: false, code: 'cannot-open', reason: '数据包无法通过校验：文件被改动或不完整，或不是该设备当前登记所生成的。请在服务车上重新导出' };
  }
  const length = plain.length >= 4 ? new DataView(plain.buffer, plain.byteOffset, 4).getUint32(0) : Number.MAX_SAFE_INTEGER;
  if (4 + length > plain.length) return { ok: false, code: 'cannot-open', reason: '数据包内容不完整，请重新导出' };
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(plain.subarray(4, 4 + length)));
  } catch {
    return { ok: false, code: 'cannot-open', reason: '数据包内容清单无法读取，请重新导出' };
  }
  return { ok: true, header, manifest, payload: plain, blobsAt: 4 + length };
}

/** The SHA-256 (hex) of a bearer token: what the office stores of it, and the bundle key's input on the van. */
export async function tokenHashOf(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function bundleKey(tokenHash: string, header: BundleHeader, usages: KeyUsage[]): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', new TextEncoder().encode(tokenHash) as BufferSource, 'HKDF', false, ['deriveKey']);
  const info = new TextEncoder().encode(`jms-van bundle v${header.format} ${header.direction} ${header.deviceId}`);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: fromBase64(header.salt) as BufferSource, info: info as BufferSource },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    usages,
  );
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}
