import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildOfficeApp } from '#server/app.ts';
import { openPostgresStorage, openSqliteStorage } from '#server/storage/open-storage.ts';
import { writeAnswerBundle } from './answer-bundle.ts';
import { BUNDLE_CLI as T } from './bundle-text.ts';
import { writeFileDurably } from '#files/replace-file.ts';
import { importVanBundle } from './import-bundle.ts';

export const BUNDLE_COMMANDS = ['import-bundle', 'export-bundle'] as const;
export type BundleCommand = (typeof BUNDLE_COMMANDS)[number];
export const isBundleCommand = (s: string | undefined): s is BundleCommand => (BUNDLE_COMMANDS as readonly (string | undefined)[]).includes(s);

/**
 * `npm run office -- import-bundle <file> [--answer-dir <dir>]` and `export-bundle --device <id> <dir>`, on the
 * office's own database (`--data`, `--database`), for an office run without its pages at hand. Returns the exit code.
 */
export async function runBundleCommand(command: BundleCommand, args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { data: { type: 'string', default: '.data/office' }, database: { type: 'string' }, 'answer-dir': { type: 'string' }, device: { type: 'string' } },
  });
  const target = positionals[0];
  if (!target || (command === 'export-bundle' && !values.device)) {
    out(command === 'import-bundle' ? T.importUsage : T.exportUsage);
    return 2;
  }
  const databaseUrl = values.database ?? process.env['OFFICE_DATABASE_URL'];
  const storage = databaseUrl ? await openPostgresStorage(databaseUrl) : openSqliteStorage(values.data);
  const app = await buildOfficeApp({ dataDir: values.data, storage });
  try {
    await app.ready();
    const ctx = app.office;
    if (command === 'export-bundle') {
      const answer = await writeAnswerBundle(ctx, values.device ?? '', null);
      if (!answer.ok) return refused(out, answer.reason);
      await writeFileDurably(join(target, answer.name), answer.bytes);
      out(T.answerWritten(join(target, answer.name), answer.documents));
      return 0;
    }
    const imported = await importVanBundle(ctx, new Uint8Array(await readFile(target)));
    if (!imported.ok) return refused(out, imported.reason);
    const r = imported.result;
    out(T.imported(r.deviceId, r.bundleId));
    out(T.documents(r.stored, r.already, r.refused.length));
    out(T.scans(r.scansStored, r.scansAlready, r.scansRefused.length));
    for (const x of r.refused) out(`  ${x.collection} ${x.id} ${x.code}: ${x.reason}`);
    for (const x of r.scansRefused) out(`  scans ${x.sha256}: ${x.reason}`);
    if (values['answer-dir']) {
      const answer = await writeAnswerBundle(ctx, r.deviceId, { bundleId: r.bundleId, refused: r.refused });
      if (!answer.ok) return refused(out, answer.reason);
      await writeFileDurably(join(values['answer-dir'], answer.name), answer.bytes);
      out(T.answerWritten(join(values['answer-dir'], answer.name), answer.documents));
    }
    return 0;
  } finally {
    await app.close();
  }
}

function refused(out: (line: string) => void, reason: string): number {
  out(`${T.refused}${reason}`);
  return 1;
}
