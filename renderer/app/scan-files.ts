/**
 * The page's two parts in how the main side keeps scan files (electron/services/scan-adapter.ts):
 * - their key: derived from the van's data key (HKDF-SHA-256, RFC 5869, its own label, so the scan files and
 *   the local store never share a key) and handed to the main side once a login has opened the data key;
 * - when they may leave the van: once their case is saved, which is when their scan records are written. Every
 *   record written says so at once; at start the page asks which cases the main side still holds and tells it
 *   which of those are saved, so a crash between the two never strands a saved case's scans.
 */
import { type VanApi } from '#electron/ipc/contract.ts';
import { type VanDatabase } from '#renderer/db/database.ts';

const SCAN_KEY_INFO = new TextEncoder().encode('jiamusi-van/scan-files/v1');

export async function scanFileKey(dataKey: CryptoKey): Promise<string> {
  const base = await crypto.subtle.importKey('raw', await crypto.subtle.exportKey('raw', dataKey), 'HKDF', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: SCAN_KEY_INFO }, base, 256));
  return btoa(String.fromCharCode(...bits));
}

/** Hands the scan key to the main side, then releases the scans of every saved case, now and as cases are saved. */
export async function openScanFiles(db: VanDatabase, van: Pick<VanApi, 'scansUnlock' | 'scansHeld' | 'scansCaseSaved'>, dataKey: CryptoKey): Promise<() => void> {
  const unlocked = await van.scansUnlock({ keyBase64: await scanFileKey(dataKey) });
  if (!unlocked.ok) throw new Error(unlocked.error.message);
  const release = (caseIds: string[]) => (caseIds.length > 0 ? van.scansCaseSaved({ caseIds }) : null);
  const sub = db.scans.insert$.subscribe((e) => void release([e.documentData.caseId]));
  const held = await van.scansHeld();
  if (held.ok && held.value.caseIds.length > 0) {
    const saved = await db.scans.find({ selector: { caseId: { $in: held.value.caseIds } } }).exec();
    await release([...new Set(saved.map((s) => s.caseId))]);
  }
  return () => sub.unsubscribe();
}
