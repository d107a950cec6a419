import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The renderer: built once to dist/renderer, served by the app:// protocol (Electron) or by the
// browser host (`npm run start:browser`). Relative asset paths so both origins work.
export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // The minified bundle (vite 8 / oxc) crashed at start with "Cannot access 'h' before
    // initialization" inside the RxDB chunk; unminified it runs. Loaded from local disk, size hardly matters.
    minify: false,
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
  logLevel: 'warn',
});
