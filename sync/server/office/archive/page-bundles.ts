import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The archive pages' scripts: the viewer, and the building view (three.js). Sources under sync/server/web/<name>/. */
export const ARCHIVE_SCRIPTS = ['viewer', 'building'] as const;
export type ArchiveScript = (typeof ARCHIVE_SCRIPTS)[number];

const sourceDir = (name: ArchiveScript) => join(repoRoot, `sync/server/web/${name}`);
/** Where a script is built (dist/ is not in the repository). */
export const bundleOf = (name: ArchiveScript): string => join(repoRoot, `dist/office-web/${name}/${name}.js`);

const newest = (dir: string): number => Math.max(0, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
const building = new Map<ArchiveScript, Promise<void>>();

/**
 * Builds an archive page's script with Vite when it is missing or older than its sources, into a fresh folder renamed
 * into place (as the map page's bundle is), so a page never loads half a build.
 */
export function ensureBundle(name: ArchiveScript): Promise<void> {
  const out = bundleOf(name);
  if (existsSync(out) && statSync(out).mtimeMs >= newest(sourceDir(name))) return Promise.resolve();
  const running = building.get(name);
  if (running) return running;
  const job = (async () => {
    const { build } = await import('vite');
    const outDir = join(out, '..');
    const tmp = `${outDir}.${process.pid}.${Date.now()}`;
    mkdirSync(tmp, { recursive: true });
    await build({
      configFile: false,
      logLevel: 'warn',
      build: { outDir: tmp, emptyOutDir: true, target: 'chrome120', minify: true, lib: { entry: join(sourceDir(name), 'main.ts'), formats: ['es'], fileName: () => `${name}.js` } },
    });
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
  })().finally(() => building.delete(name));
  building.set(name, job);
  return job;
}
