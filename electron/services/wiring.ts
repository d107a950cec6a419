/**
 * Where the concrete drivers of the other areas (electron/devices, electron/documents,
 * electron/receipts, electron/scans) are adapted to the shapes the services use (context.ts).
 * An area not present yet leaves its dependency out; its channels then answer `unavailable`
 * with a plain message instead of pretending to work.
 */
import { type Clock } from '#domain/clock.ts';
import { type PdfBackend, createDocumentRenderer, workerBackend } from '#electron/documents/document-renderer.ts';
import { DEMO_OFFICE } from '#electron/documents/office-info.ts';
import { type DocumentRenderer, type HostDependencies } from './context.ts';
import { type ModuleLogger } from './log.ts';
import { createScanAdapter } from './scan-adapter.ts';
import { serialDeviceDrivers } from './device-drivers.ts';

export type WiringOptions = { dataDir: string; officeUrl: string; deviceToken: string | null; log: ModuleLogger; clock?: Clock };

let drawingThread: PdfBackend | undefined;

/**
 * One drawing thread per process, shared by every host in it (the app runs one; the end-to-end tests run a host
 * per world in each test process). Starting a thread and loading its font and harfbuzz is 1–2 s that the first
 * notice waited for; the thread holds no host's state (each render carries its spec and time) and, idle, does not
 * keep the process alive, so it is never closed.
 */
function sharedDrawingThread(): PdfBackend {
  if (!drawingThread) {
    drawingThread = workerBackend();
    // Loaded while staff log in and fill the intake, not when they press 生成告知书.
    void drawingThread.warm?.().catch(() => undefined);
  }
  return drawingThread;
}

/** The documents helper's PDF renderer (pdf-lib, embedded CJK font) behind the services' shape, drawing on a worker thread. */
export function documentsFromRenderer(clock: Clock = { now: () => new Date() }): DocumentRenderer {
  const renderer = createDocumentRenderer({ office: DEMO_OFFICE, clock, backend: sharedDrawingThread() });
  return {
    acceptanceNotice: (input) => renderer.acceptanceNotice(input),
    correctionNotice: (input) => renderer.correctionNotice(input),
    refusalNotice: (input) => renderer.refusalNotice(input),
    interviewRecord: (input) => renderer.interviewRecord(input),
    inspectionRecord: (input) => renderer.inspectionRecord(input),
    refundReceipt: (input) => renderer.refundReceipt(input),
    voidedReceiptCopy: ({ receipt, reason, voidedBy, voidedAt }) => renderer.receiptCopy(receipt, { kind: 'voided', reason, by: voidedBy, at: voidedAt }),
    receiptCopy: (receipt, mark) => renderer.receiptCopy(receipt, mark),
    reprintCopy: (pdf) => renderer.reprintCopy(pdf),
  };
}

export async function loadHostDependencies(opts: WiringOptions): Promise<HostDependencies> {
  return {
    scans: await createScanAdapter(opts),
    documents: documentsFromRenderer(opts.clock),
    devices: serialDeviceDrivers({ dataDir: opts.dataDir }),
  };
}
