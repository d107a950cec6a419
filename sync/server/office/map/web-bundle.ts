import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const SOURCE_DIR = join(repoRoot, 'sync/server/web/map');
/** Where the map page's script and style are built (dist/ is not in the repository). */
export const MAP_BUNDLE_DIR = join(repoRoot, 'dist/office-web/map');
export const MAP_ASSETS = ['map.js', 'map.css'] as const;

const newest = (dir: string): number => Math.max(0, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));

let building: Promise<void> | null = null;

/**
 * Builds the map page's browser bundle (OpenLayers and sync/server/web/map) with Vite when it is missing or
 * older than its sources. Built into a fresh folder and renamed into place, so a page never loads half a
 * build and two office processes building at once do not mix their files.
 */
export function ensureMapBundle(outDir = MAP_BUNDLE_DIR): Promise<void> {
  const fresh = MAP_ASSETS.every((f) => existsSync(join(outDir, f))) && statSync(join(outDir, 'map.js')).mtimeMs >= newest(SOURCE_DIR);
  if (fresh) return Promise.resolve();
  building ??= (async () => {
    const { build } = await import('vite');
    const tmp = `${outDir}.${process.pid}.${Date.now()}`;
    mkdirSync(tmp, { recursive: true });
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir: tmp,
        emptyOutDir: true,
        target: 'chrome120',
        minify: true,
        lib: { entry: join(SOURCE_DIR, 'main.ts'), formats: ['es'], fileName: () => 'map.js', cssFileName: 'map' },
      },
    });
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
  })().finally(() => {
    building = null;
  });
  return building;
}
