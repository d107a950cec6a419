import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '#files/replace-file.ts';

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
 * Archives `bytes` as `name` in the case's folder, durably (a crash leaves either the whole document under its
 * name or nothing) and safe against two saves of one document at once.
 */
export async function archiveCaseDocument(dataDir: string, caseId: string, name: string, bytes: Uint8Array): Promise<string> {
  const dir = caseDocumentsDir(dataDir, caseId);
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFileDurably(path, bytes);
  return path;
}
