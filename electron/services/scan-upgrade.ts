/**
 * A van upgraded from a version that kept one JSON file per scan in `scan-index/` and the scan files in
 * the clear: their entries join the one scan index (as saved, since that version uploaded every scan at
 * once), and once a login opens the key each file is sealed in place. The old folder goes last, so a
 * crash or a run with no login repeats only what is left.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '#files/replace-file.ts';
import { type ScanIndex } from '#electron/scans/scan-index.ts';
import { isSealed, sealScan, type ScanStore } from '#electron/scans/scan-store.ts';

const OlderEntry = z.object({ sha256: z.string(), bytes: z.number(), mime: z.string(), pages: z.number(), name: z.string(), material: z.string(), caseId: z.string(), verified: z.boolean().default(false) });

/** Adopts the older entries now; returns when the older files are sealed too (which waits for the key). */
export async function adoptOlderScans(dataDir: string, index: ScanIndex, files: ScanStore): Promise<void> {
  const dir = join(dataDir, 'scan-index');
  const names = await readdir(dir).catch(() => null);
  if (!names) return;
  const older = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const parsed = OlderEntry.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8').catch(() => 'null')));
    if (parsed.success && !index.get(parsed.data.sha256, parsed.data.caseId)) older.push({ ...parsed.data, saved: true });
  }
  await index.put(...older);
  const key = await files.key.get();
  for (const sha256 of new Set(index.all().map((e) => e.sha256))) {
    const raw = await readFile(files.pathOf(sha256)).catch(() => null);
    // A file whose content no longer matches its name is left as it is: the upload then reports it.
    if (raw && !isSealed(raw) && createHash('sha256').update(raw).digest('hex') === sha256) await writeFileDurably(files.pathOf(sha256), sealScan(key, sha256, raw));
  }
  await rm(join(dataDir, 'tus-uploads.json'), { force: true });
  await rm(dir, { recursive: true, force: true });
}
