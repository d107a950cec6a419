import { randomBytes } from 'node:crypto';
import { ScanKey, ScanStore } from '#electron/scans/scan-store.ts';

/** A scan store under a fresh random key, open from the start (as after a staff login). */
export function openScanStore(dir: string, key: Buffer = randomBytes(32)): ScanStore {
  const k = new ScanKey();
  k.set(key);
  return new ScanStore(dir, k);
}
