import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const SOURCE = join(repoRoot, 'sync/server/web/viewer/main.ts');
/** Where the viewer's script is built (dist/ is not in the repository). */
export const VIEWER_BUNDLE = join(repoRoot, 'dist/office-web/viewer/viewer.js');

let building: Promise<void> | null = null;

/**
 * Builds the archive viewer's script with Vite when it is missing or older than its source, into a fresh folder
 * renamed into place (as the map page's bundle is), so a page never loads half a build.
 */
export function ensureViewerBundle(): Promise<void> {
  if (existsSync(VIEWER_BUNDLE) && statSync(VIEWER_BUNDLE).mtimeMs >= statSync(SOURCE).mtimeMs) return Promise.resolve();
  building ??= (async () => {
    const { build } = await import('vite');
    const outDir = join(VIEWER_BUNDLE, '..');
    const tmp = `${outDir}.${process.pid}.${Date.now()}`;
    mkdirSync(tmp, { recursive: true });
    await build({
      configFile: false,
      logLevel: 'warn',
      build: { outDir: tmp, emptyOutDir: true, target: 'chrome120', minify: true, lib: { entry: SOURCE, formats: ['es'], fileName: () => 'viewer.js' } },
    });
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
  })().finally(() => {
    building = null;
  });
  return building;
}
