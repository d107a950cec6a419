import { performance } from 'node:perf_hooks';
import { fixedClock } from '#domain/clock.ts';
import { createFontSource } from '#documents/font-source.ts';
import { type Block, type DocumentSpec } from '#documents/layout.ts';
import { acceptanceNoticeSpec } from '#electron/documents/notices.ts';
import { DEMO_OFFICE } from '#electron/documents/office-info.ts';
import { renderPdf } from '#documents/render-pdf.ts';
import { createWorkerRenderer } from '#documents/render-worker.ts';
import { acceptanceInput } from '#fixtures/documents/notices.ts';
import { type BenchRow, summarize } from './report.ts';

const RUNS = 15;
const now = new Date('2026-11-28T02:30:00Z');

/** The same page with every non-ASCII character replaced by a Latin letter: same blocks, same layout work. */
function latinOnly(spec: DocumentSpec): DocumentSpec {
  const latin = (s: string) => s.replace(/[^\x20-\x7e\n]/g, 'x');
  const json = JSON.stringify(spec.blocks, (_k, v: unknown) => (typeof v === 'string' ? latin(v) : v));
  return { ...spec, title: latin(spec.title), footer: latin(spec.footer), blocks: JSON.parse(json) as Block[] };
}

/** Times runs, and the longest the main event loop went without a turn (setImmediate chain) during them. */
async function timeRuns(fn: () => Promise<unknown>): Promise<ReturnType<typeof summarize> & { stallMs: number }> {
  await fn(); // warm: font file read, modules compiled
  await fn();
  const samples: number[] = [];
  let stallMs = 0;
  for (let i = 0; i < RUNS; i += 1) {
    let last = performance.now();
    let running = true;
    const turn = () => {
      const t = performance.now();
      stallMs = Math.max(stallMs, t - last);
      last = t;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
    running = false;
    stallMs = Math.max(stallMs, performance.now() - last);
  }
  return { ...summarize(samples), stallMs };
}

/**
 * Acceptance notice generation, warm. Each run uses different applicant names, so the font subset cache is
 * missed and harfbuzz subsets every time (as for a new case). Baseline: the same page with Latin text only.
 */
export async function benchDocuments(): Promise<BenchRow[]> {
  const fonts = createFontSource();
  const clock = fixedClock(now.toISOString());
  const names = ['王淑兰', '李堃喆', '张秀英', '刘建国', '陈玉珍', '赵德胜', '孙桂芝', '周永福', '吴凤琴', '郑国栋'];
  let i = 0;
  const spec = () => {
    i += 1;
    const name = `${names[i % names.length] ?? ''}${names[(i * 7 + 3) % names.length] ?? ''}`;
    return acceptanceNoticeSpec({ ...acceptanceInput, applicants: [{ name, idNumber: acceptanceInput.applicants[0]?.idNumber ?? '' }] }, DEMO_OFFICE);
  };
  const cjk = await timeRuns(() => renderPdf(spec(), fonts, clock.now()));
  const latin = await timeRuns(() => renderPdf(latinOnly(spec()), fonts, now));
  const worker = createWorkerRenderer();
  const onWorker = await timeRuns(() => worker.render(spec(), now));
  await worker.close();
  const size = (await renderPdf(spec(), fonts, now)).bytes.length;
  const ms = (s: ReturnType<typeof summarize>) => `${s.median.toFixed(1)} ms (${s.min.toFixed(1)}..${s.max.toFixed(1)})`;
  return [
    { measure: `acceptance notice, warm: ${ms(cjk)}`, baseline: `same page, Latin text only: ${ms(latin)}`, ratio: cjk.median / latin.median, target: 'CJK cost shown; absolute < 100 ms' },
    { measure: `acceptance notice, warm: ${cjk.median.toFixed(1)} ms`, baseline: '100 ms budget', ratio: cjk.median / 100, target: '< 1.00' },
    { measure: `acceptance notice size: ${(size / 1024).toFixed(1)} KB`, baseline: '150 KB budget', ratio: size / (150 * 1024), target: '< 1.00' },
    // The app draws on a worker thread (electron/services/wiring.ts): the same work plus posting the spec and the bytes.
    { measure: `acceptance notice on the worker thread (as the app draws it): ${ms(onWorker)}`, baseline: `on the main thread: ${ms(cjk)}`, ratio: onWorker.median / cjk.median, target: '≤ 1.2' },
    { measure: `longest main-loop stall while drawing, worker thread: ${onWorker.stallMs.toFixed(1)} ms`, baseline: `main thread: ${cjk.stallMs.toFixed(1)} ms`, ratio: onWorker.stallMs / cjk.stallMs, target: '< 0.25' },
  ];
}
