import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** A value made safe as one path segment (case ids, receipt codes and numbers come from outside). */
export const safeSegment = (value: string): string => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);

/** Where a case's archived documents live: `<dataDir>/documents/<caseId>/`. */
const caseDocumentsDir = (dataDir: string, caseId: string): string => join(dataDir, 'documents', safeSegment(caseId));

/** A document archived with the case, or null when there is none under that name. */
export async function readCaseDocument(dataDir: string, caseId: string, name: string): Promise<Buffer | null> {
  try {
    return await readFile(join(caseDocumentsDir(dataDir, caseId), name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Archives `bytes` as `name` in the case's folder: written to a temporary file, fsynced, renamed, and the
 * folder fsynced, so a crash leaves either the whole document under its name or nothing. Each save writes its
 * own temporary file: two saves of one document at once (a double tap, a retry) would otherwise rename the
 * same file twice and the second fail; with their own, the last rename wins with a whole copy.
 */
export async function archiveCaseDocument(dataDir: string, caseId: string, name: string, bytes: Uint8Array): Promise<string> {
  const dir = caseDocumentsDir(dataDir, caseId);
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
  return path;
}
