import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Import zones: one runtime per folder (see docs/architecture.md). Each folder lists what it may not reach.
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'stream', 'url', 'util', 'events', 'buffer', 'worker_threads'];
/**
 * An import of one of the project's folders by its `#name/…` subpath (package.json `imports`), as a `regex` pattern:
 * a `group` cannot name them, since it reads its entries as .gitignore lines, where a leading # makes a comment and
 * the entry matches nothing (tests/architecture/lint-zones.test.ts). `except` lists the files of those folders allowed.
 */
const folders = (names: string[], except: string[] = []) =>
  `^#(?:${names.join('|')})/${except.length > 0 ? `(?!(?:${except.map((e) => e.replaceAll('.', '\\.')).join('|')})$)` : ''}`;
const pureZone = (extraForbidden: string[]) => ({
  patterns: [
    { group: NODE_BUILTINS, message: 'domain/ and sync/protocol/ are pure: no Node modules.' },
    { group: ['electron', 'electron/*', 'react', 'react-dom', 'rxdb', 'rxdb/*', 'better-sqlite3', 'serialport', 'fastify', 'pdf-lib', 'iconv-lite', '@tus/*', 'pino', '@resvg/*', 'echarts', 'write-excel-file', 'write-excel-file/*'], message: 'pure folders take no I/O libraries.' },
    { regex: folders(['electron', 'renderer', 'server', 'office', 'files', 'documents', 'fixtures', 'scripts', ...extraForbidden]), message: 'dependencies point one way: domain <- protocol <- shells.' },
    { group: ['../*', '../../*'], message: 'cross-folder imports use #subpaths.' },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'test-results/**', 'renderer/dist/**', 'sync/server/web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
      'no-console': 'error',
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', pureZone(['protocol'])],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'domain is pure.' }, { name: 'process', message: 'domain is pure.' },
        { name: 'Buffer', message: 'domain is pure: use Uint8Array.' }, { name: 'document', message: 'domain is pure.' }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Take a Clock (domain/clock.ts).' },
        { object: 'Math', property: 'random', message: 'Take an IdGenerator (domain/clock.ts).' }],
    },
  },
  {
    files: ['sync/protocol/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pureZone([])] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: NODE_BUILTINS, message: 'the renderer never imports Node modules; go through window.van.' },
          // @resvg/resvg-js is a native addon: the office rasterises its charts, the sandboxed renderer cannot load it.
          { group: ['electron', 'electron/*', 'better-sqlite3', 'serialport', 'fastify', 'pino', '@resvg/*'], message: 'not in the sandboxed renderer.' },
          { regex: folders(['server', 'office', 'files', 'documents', 'fixtures', 'scripts']), message: 'not in the sandboxed renderer.' },
          { regex: folders(['electron'], ['ipc/contract.ts', 'ipc/binary-parts.ts']), message: 'the renderer may import only the IPC contract (and its byte parts) from electron/.' },
        ],
      }],
    },
  },
  {
    files: ['sync/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'react', 'react-dom', 'serialport'], message: 'the office server runs in plain Node.' },
          { regex: folders(['electron', 'renderer']), message: 'the office server runs in plain Node.' },
        ],
      }],
    },
  },
  {
    // The office pages' browser code (bundled by Vite, served by the office): browser only, reaches the office over HTTP.
    files: ['sync/server/web/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: NODE_BUILTINS, message: 'office page scripts run in the browser.' },
          { group: ['electron', 'electron/*', 'react', 'react-dom', 'better-sqlite3', 'serialport', 'fastify', 'pino', '@resvg/*', 'write-excel-file', 'write-excel-file/*'], message: 'office page scripts reach the office only over HTTP.' },
          { regex: folders(['server', 'office', 'files', 'documents', 'fixtures', 'electron', 'renderer', 'scripts']), message: 'office page scripts reach the office only over HTTP.' },
          { group: ['../*', '../../*'], message: 'cross-folder imports use #subpaths.' },
        ],
      }],
    },
  },
  {
    // The office: its platform (database, migrations, change feed, locks) and one folder per system
    // (review, planning, reconciliation, …). The van endpoints in sync/server/ build on it, never the reverse.
    files: ['office/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'react', 'react-dom', 'serialport', 'rxdb', 'rxdb/*'], message: 'the office server runs in plain Node.' },
          { regex: folders(['electron', 'renderer', 'fixtures']), message: 'the office server runs in plain Node.' },
          { regex: folders(['server']), message: 'sync/server/ (the van endpoints) imports office/, never the reverse.' },
          { group: ['../*', '../../*'], message: 'cross-folder imports use #subpaths (#office/platform/...).' },
        ],
      }],
    },
  },
  {
    files: ['office/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'react', 'react-dom', 'serialport', 'rxdb', 'rxdb/*'], message: 'the office server runs in plain Node.' },
          { regex: folders(['electron', 'renderer', 'fixtures']), message: 'the office server runs in plain Node.' },
          { regex: folders(['server']), message: 'sync/server/ (the van endpoints) imports office/, never the reverse.' },
          { regex: '^#office/(?!platform/)', message: 'the platform serves every office system and imports none of them.' },
          { group: ['../*', '../../*'], message: 'cross-folder imports use #subpaths (#office/platform/...).' },
        ],
      }],
    },
  },
  {
    // The PDF toolkit shared by the van (electron/) and the office (sync/server/): plain Node, no shell of either side.
    files: ['documents/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'react', 'react-dom', 'rxdb', 'rxdb/*', 'better-sqlite3', 'serialport', 'fastify'], message: 'documents/ is shared by the van and the office: it imports only domain/, Node and the PDF libraries.' },
          { regex: folders(['electron', 'renderer', 'server', 'fixtures']), message: 'documents/ is shared by the van and the office: it imports only domain/, Node and the PDF libraries.' },
          { group: ['../*', '../../*'], message: 'cross-folder imports use #subpaths.' },
        ],
      }],
    },
  },
  {
    // Durable file writes shared by the van's main process and the office: plain Node, nothing else.
    files: ['files/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'react', 'react-dom', 'rxdb', 'rxdb/*', 'better-sqlite3', 'serialport', 'fastify', 'pdf-lib', '@resvg/*', 'write-excel-file', 'write-excel-file/*'], message: 'files/ is shared by the van and the office: it imports only Node.' },
          { regex: '^#', message: 'files/ is shared by the van and the office: it imports only Node.' },
          { group: ['../*', '../../*'], message: 'cross-folder imports use #subpaths.' },
        ],
      }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom'], message: 'electron/ reaches the renderer only through IPC and the office only over HTTP.' },
          { regex: folders(['renderer', 'server', 'office']), message: 'electron/ reaches the renderer only through IPC and the office only over HTTP.' },
        ],
      }],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'fixtures/**/*.ts', 'electron/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-properties': ['error',
        { object: 'it', property: 'only' }, { object: 'it', property: 'skip' },
        { object: 'test', property: 'only' }, { object: 'test', property: 'skip' },
        { object: 'describe', property: 'only' }, { object: 'describe', property: 'skip' }],
      'no-restricted-globals': ['error', 'xit', 'xdescribe', 'fit', 'fdescribe'],
    },
  },
  {
    files: ['*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
