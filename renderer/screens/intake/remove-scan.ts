/**
 * A scan taken out of the intake being taken (imported by mistake): out of the draft, and its sealed file off the
 * van unless another case holds the same file. Only while the material's record of it is not stored: once saved the
 * record names the file (and may have reached the office), so the van refuses, as the main side does (scans:remove).
 */
import { type VanApi } from '#electron/ipc/contract.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type MaterialLine, storedScans } from './draft.ts';
import { T } from './intake-text.ts';

/**
 * The material's line without the scan. A line whose last scan goes and which has no page count typed goes back to
 * not received: the wrong file was all that had come.
 */
export function withoutScan(line: MaterialLine, scan: string | { sha256: string }): MaterialLine {
  const sha256 = typeof scan === 'string' ? scan : scan.sha256;
  const scans = line.scans.filter((s) => s.sha256 !== sha256);
  return { ...line, scans, ...(scans.length === 0 && line.typedPages === null ? { received: false } : {}) };
}

/**
 * Takes the file off one material of the draft. Refused when this material's record of it is stored (the case was
 * saved with it); the file leaves the disk only when no other material of the draft holds it and no record of the
 * case names it: one file may stand for several materials (docs/van-scans.md), and an application continued after
 * 补正 may bring for a material taken now a file already on record for one taken the first time.
 */
export async function removeScan(
  db: VanDatabase, van: Pick<VanApi, 'scansRemove'>, d: { caseId: string; materials: readonly MaterialLine[] }, key: string, sha256: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const line = d.materials.find((m) => m.key === key);
  // No such line in the draft: nothing of it to take off.
  if (!line) return { ok: true };
  // The file's records for this case, one per material it was saved for (draft.ts materialScanDocs).
  const records = (await storedScans(db, d.caseId)).filter((r) => r.sha256 === sha256);
  if (records.some((r) => r.material === line.name)) return { ok: false, message: T.materials.scanOnRecord };
  const materials = d.materials.map((m) => (m.key === key ? withoutScan(m, sha256) : m));
  // The same file under another material of this intake, or on record for one, keeps its one entry and its file.
  if (records.length === 0 && !materials.some((m) => m.scans.some((s) => s.sha256 === sha256))) {
    const r = await van.scansRemove({ caseId: d.caseId, sha256 });
    if (!r.ok) return { ok: false, message: r.error.message };
  }
  return { ok: true };
}
