import { discrepancy, type Discrepancy } from './discrepancy.ts';

/** A scan the van declared (its metadata document) or only referenced from a material list. */
export type ExpectedScan = { sha256: string; caseId: string; material: string };

/**
 * Scans expected against scans verified. The office counts a scan only after it recomputed the
 * hash of the uploaded bytes (docs/sync-protocol.md): received-but-unverified is its own finding,
 * because the fix differs (re-upload vs. find the file).
 */
export function reconcileScans(input: {
  expected: readonly ExpectedScan[];
  /** Hashes of which the office holds bytes, verified or not. */
  uploaded: ReadonlySet<string>;
  /** Hashes whose bytes the office re-hashed and found equal. */
  verified: ReadonlySet<string>;
}): { expected: number; verified: number; findings: Discrepancy[] } {
  // One file of a case counts once, however many materials it was scanned for (one scan record per material, the
  // bytes uploaded once): what the van sends and the office verifies is the file. A finding names every material
  // the file stands for, since each of them lacks its scan.
  const files = new Map<string, { scan: ExpectedScan; materials: string[] }>();
  for (const scan of input.expected) {
    const key = `${scan.caseId}:${scan.sha256}`;
    const file = files.get(key);
    if (!file) files.set(key, { scan, materials: [scan.material] });
    else if (!file.materials.includes(scan.material)) file.materials.push(scan.material);
  }
  const findings: Discrepancy[] = [];
  let verified = 0;
  for (const { scan, materials } of files.values()) {
    const named = materials.map((m) => `「${m}」`).join('');
    if (input.verified.has(scan.sha256)) {
      verified += 1;
    } else if (input.uploaded.has(scan.sha256)) {
      findings.push(discrepancy('scan-unverified', scan.sha256, `材料${named}的扫描件哈希校验未通过。`, scan.caseId));
    } else {
      findings.push(discrepancy('scan-missing', scan.sha256, `材料${named}的扫描件未上传。`, scan.caseId));
    }
  }
  return { expected: files.size, verified, findings };
}
