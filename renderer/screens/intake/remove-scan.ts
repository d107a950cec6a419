/**
 * A scan taken out of the intake being taken (imported by mistake): out of the draft, and its sealed file off the
 * van unless another case holds the same file. Only while the case is not saved: once saved its scan records name
 * the file (and may have reached the office), so the van refuses, as the main side does (scans:remove).
 */
import { type VanApi } from '#electron/ipc/contract.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type MaterialLine } from './draft.ts';
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

export async function removeScan(
  db: VanDatabase, van: Pick<VanApi, 'scansRemove'>, d: { caseId: string; materials: readonly MaterialLine[] }, key: string, sha256: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  // Scan records are written with the case (draft.ts scanDocs): one for this file means the case is on record.
  if (await db.scans.findOne(`${d.caseId}:${sha256.slice(0, 16)}`).exec()) return { ok: false, message: T.materials.scanOnRecord };
  const materials = d.materials.map((m) => (m.key === key ? withoutScan(m, sha256) : m));
  // The same file under another material of this intake keeps its one entry and its file.
  if (!materials.some((m) => m.scans.some((s) => s.sha256 === sha256))) {
    const r = await van.scansRemove({ caseId: d.caseId, sha256 });
    if (!r.ok) return { ok: false, message: r.error.message };
  }
  return { ok: true };
}
