/**
 * Bundles the Electron main process, its preload and the document worker for `npm start` (Electron cannot run
 * TypeScript). Kept apart from start.ts so the build can be tested without starting anything
 * (tests/electron/app-bundle.test.ts).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_WORKER_FILE } from '#documents/render-worker.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** What the main-side bundles leave to Node's own resolution: Electron, Node's modules and native addons. */
const MAIN_EXTERNALS = ['electron', /^node:/, 'better-sqlite3', 'serialport', /^@serialport\//, 'electron-updater'];

/** Writes `main.js` (ES module), `preload.cjs` (CommonJS) and the document worker beside main.js into `outDir`. */
export async function buildMain(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const common = { configFile: false as const, logLevel: 'warn' as const, resolve: { conditions: ['node'] } };
  const esEntry = (entry: string, fileName: string) =>
    build({
      ...common,
      build: { outDir, emptyOutDir: false, ssr: true, target: 'node22', lib: { entry: join(repoRoot, entry), formats: ['es'], fileName: () => fileName }, rollupOptions: { external: MAIN_EXTERNALS, output: { entryFileNames: fileName } } },
    });
  await esEntry('electron/main.ts', 'main.js');
  // The render worker runs this file when it sits beside main.js (documents/render-worker.ts).
  await esEntry('documents/render-worker-entry.ts', BUNDLED_WORKER_FILE);
  // A sandboxed preload must be one CommonJS file with nothing but `electron` required.
  await build({
    ...common,
    build: { outDir, emptyOutDir: false, ssr: true, target: 'node22', lib: { entry: join(repoRoot, 'electron/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' }, rollupOptions: { external: ['electron'] }, ssrEmitAssets: false },
    ssr: { noExternal: true },
  });
}
