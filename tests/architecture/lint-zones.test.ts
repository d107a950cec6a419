import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import zones of eslint.config.ts, one runtime per folder: an import a folder may not make is reported, one it
 * may make is not. The project's lint configuration as it is, without its type-aware rules (they need the file in a
 * tsconfig; the zones do not), so a file that does not exist can be linted as if it sat in each folder.
 */
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: [tseslint.configs.disableTypeChecked] });

async function refused(file: string, spec: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import { x } from '${spec}';\nexport const y = x;\n`, { filePath: file });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${file}: ${fatal.message}`);
  return messages.some((m) => m.ruleId === 'no-restricted-imports');
}

/** [a file in the folder, what it imports, whether lint refuses it]. */
const CASES: [string, string, boolean][] = [
  // domain ← sync/protocol ← the shells: the pure folders take nothing of Node, of I/O libraries or of a shell.
  ['domain/zone-check.ts', 'node:fs', true],
  ['domain/zone-check.ts', 'rxdb', true],
  ['domain/zone-check.ts', '#protocol/version.ts', true],
  ['domain/zone-check.ts', '#electron/ipc/contract.ts', true],
  ['domain/zone-check.ts', '#server/app.ts', true],
  ['domain/zone-check.ts', '#office/platform/logger.ts', true],
  ['domain/zone-check.ts', '#renderer/db/outbox.ts', true],
  ['domain/zone-check.ts', '#documents/fonts.ts', true],
  ['domain/zone-check.ts', '../sync/protocol/version.ts', true],
  ['domain/zone-check.ts', '#domain/clock.ts', false],
  ['domain/zone-check.ts', 'zod', false],
  ['sync/protocol/zone-check.ts', 'node:crypto', true],
  ['sync/protocol/zone-check.ts', '#server/app.ts', true],
  ['sync/protocol/zone-check.ts', '#electron/ipc/contract.ts', true],
  ['sync/protocol/zone-check.ts', '#domain/clock.ts', false],
  // The renderer never imports Node, and takes from electron/ only the IPC contract and its byte parts.
  ['renderer/db/zone-check.ts', 'node:fs', true],
  ['renderer/db/zone-check.ts', 'electron', true],
  ['renderer/db/zone-check.ts', '#server/app.ts', true],
  ['renderer/db/zone-check.ts', '#documents/fonts.ts', true],
  ['renderer/db/zone-check.ts', '#electron/services/host.ts', true],
  ['renderer/db/zone-check.ts', '#electron/main.ts', true],
  ['renderer/db/zone-check.ts', '#electron/ipc/contract.ts', false],
  ['renderer/db/zone-check.ts', '#electron/ipc/binary-parts.ts', false],
  ['renderer/db/zone-check.ts', '#protocol/version.ts', false],
  // The office server runs in plain Node; office/ never imports the van endpoints, its platform no office system.
  ['sync/server/zone-check.ts', 'electron', true],
  ['sync/server/zone-check.ts', '#electron/ipc/contract.ts', true],
  ['sync/server/zone-check.ts', '#renderer/db/outbox.ts', true],
  ['sync/server/zone-check.ts', '#office/platform/logger.ts', false],
  ['sync/server/web/zone-check.ts', '#server/app.ts', true],
  ['office/zone-check.ts', '#server/app.ts', true],
  ['office/zone-check.ts', '#fixtures/demo/constants.ts', true],
  ['office/zone-check.ts', '#office/platform/logger.ts', false],
  ['office/platform/zone-check.ts', '#office/staff/staff-store.ts', true],
  ['office/platform/zone-check.ts', '#office/platform/logger.ts', false],
  // documents/ and files/ are shared by both sides; electron/ reaches the renderer and the office only from outside.
  ['documents/zone-check.ts', '#server/app.ts', true],
  ['documents/zone-check.ts', '#electron/main.ts', true],
  ['documents/zone-check.ts', '#domain/clock.ts', false],
  ['files/zone-check.ts', '#domain/clock.ts', true],
  ['files/zone-check.ts', 'node:fs', false],
  ['electron/zone-check.ts', '#renderer/db/outbox.ts', true],
  ['electron/zone-check.ts', '#server/app.ts', true],
  ['electron/zone-check.ts', '#domain/clock.ts', false],
];

describe('the lint import zones (eslint.config.ts)', () => {
  it('refuse every import a folder may not make, the #subpaths included, and allow the rest', async () => {
    const answers: [string, string, boolean][] = [];
    for (const [file, spec] of CASES) answers.push([file, spec, await refused(file, spec)]);
    expect(answers).toEqual(CASES);
  }, 60_000);
});
