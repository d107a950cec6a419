/**
 * The van app benchmark's helpers on the Node side: the bench page's bundle, built beside the app's
 * renderer build (in the benchmark's temp folder, never in dist/), and a check that the generated bulk
 * data is what the office would accept.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyChain } from '#protocol/domain-bridge.ts';
import { DOCUMENT_SCHEMAS } from '#protocol/documents/index.ts';
import { type ChainHead, pastCaseAt, unitAt } from './app-data.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Bundles bench/app-page.ts into `<rendererDir>/bench/` and writes `<rendererDir>/bench.html` that loads it. */
export async function buildBenchPage(rendererDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: repoRoot,
    base: './',
    logLevel: 'warn',
    build: {
      outDir: join(rendererDir, 'bench'),
      emptyOutDir: true,
      target: 'chrome120',
      // As vite.config.ts: the minified RxDB chunk does not start.
      minify: false,
      chunkSizeWarningLimit: 4000,
      rollupOptions: { input: join(repoRoot, 'bench', 'app-page.ts'), output: { entryFileNames: 'app-page.js', format: 'es' } },
    },
  });
  writeFileSync(join(rendererDir, 'bench.html'), '<!doctype html>\n<meta charset="utf-8">\n<title>van bench</title>\n<script type="module" src="./bench/app-page.js"></script>\n');
}

/**
 * The generated data passes the office's document schemas: every 10th unit (all unit and certificate
 * numbers are checked to be distinct), and the first `cases` cases with their events and receipts, whose
 * events must form one valid hash chain. (Hashing is ~0.6 ms an event, so not all 20,000 are checked twice.)
 */
export function checkBulkData(units: number, cases: number): void {
  const fail = (what: string, issue: unknown) => {
    throw new Error(`generated ${what} is invalid: ${JSON.stringify(issue).slice(0, 400)}`);
  };
  const seen = { unitNumber: new Set<string>(), certificate: new Set<string>() };
  for (let i = 0; i < units; i += 1) {
    const u = unitAt(i);
    if (i % 10 === 0) {
      const r = DOCUMENT_SCHEMAS.units.safeParse({ ...u, _deleted: false });
      if (!r.success) fail(`unit ${i}`, r.error.issues);
    }
    seen.unitNumber.add(u.unitNumber);
    seen.certificate.add(u.certificateNumber);
  }
  if (seen.unitNumber.size !== units || seen.certificate.size !== units) fail('units', 'unit or certificate numbers repeat');
  const ctx = { deviceId: 'bench-device', staffId: 'staff-zhangwei', vanId: 'van-1', receiptPrefix: 'HJ', unitCount: units };
  let head: ChainHead = { seq: 0, hash: null };
  const events = [];
  for (let j = 0; j < cases; j += 1) {
    const next = pastCaseAt(j, ctx, head);
    head = next.head;
    const c = DOCUMENT_SCHEMAS.cases.safeParse({ ...next.past.case, _deleted: false });
    if (!c.success) fail(`case ${j}`, c.error.issues);
    const rc = DOCUMENT_SCHEMAS.receipts.safeParse({ ...next.past.receipt, _deleted: false });
    if (!rc.success) fail(`receipt ${j}`, rc.error.issues);
    for (const e of next.past.events) {
      const ev = DOCUMENT_SCHEMAS.caseEvents.safeParse({ ...e, _deleted: false });
      if (!ev.success) fail(`event ${e.id}`, ev.error.issues);
      events.push(e);
    }
  }
  const chain = verifyChain(ctx.deviceId, events as Parameters<typeof verifyChain>[1]);
  if (!chain.ok) fail('event chain', chain.error);
}
