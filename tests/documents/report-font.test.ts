import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * OFFICE_CJK_FONT replaces the packaged Noto Sans SC in the office's reports: the reconciliation report drawn in a
 * process started with it set embeds that font (here the package's Bold file), and without it the Regular one.
 */
const run = promisify(execFile);
const folder = tempFolderForTests('report-font');
const ENTRY = new URL('./report-font-entry.ts', import.meta.url).pathname;
const BOLD = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

/** The fonts `pdffonts` finds in the report a fresh office process draws, with `env` added to its environment. */
async function fontsOfReport(name: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const pdf = join(folder(), `${name}.pdf`);
  const base = { ...process.env };
  delete base['OFFICE_CJK_FONT'];
  await run(process.execPath, ['--import', 'tsx', ENTRY, pdf], { env: { ...base, ...env }, timeout: 60_000 });
  const { stdout } = await run('pdffonts', [pdf]);
  // Subset names carry a suffix of their own (NotoSansSC-Regular-2163): the family and style name it.
  return stdout.split('\n').slice(2).filter(Boolean).map((line) => (line.split(/\s+/)[0] ?? '').replace(/-\d+$/, ''));
}

describe('the report font (OFFICE_CJK_FONT)', () => {
  it('is the packaged Noto Sans SC Regular unless OFFICE_CJK_FONT names another file, which then replaces it', async () => {
    const [packaged, replaced] = await Promise.all([fontsOfReport('packaged', {}), fontsOfReport('replaced', { OFFICE_CJK_FONT: BOLD })]);
    expect({ packaged, replaced }).toEqual({ packaged: ['NotoSansSC-Regular'], replaced: ['NotoSansSC-Bold'] });
  }, 120_000);
});
