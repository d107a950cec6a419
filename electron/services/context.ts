/**
 * What every main-side service module receives in `enable(ctx)`, and the shapes of the drivers it
 * talks to. The drivers themselves live with their owners (electron/devices, electron/documents,
 * electron/receipts, electron/scans); `wiring.ts` adapts them to these shapes.
 */
import { type Clock } from '#domain/clock.ts';
import { type ReceiptCopyMark } from '#electron/documents/receipt-copy.ts';
import { type AcceptanceNoticeInput, type CorrectionNoticeInput, type InspectionRecordInput, type InterviewRecordInput, type RefundReceiptInput, type RefusalNoticeInput, type EventName, type EventPayload, type Identity, type PrinterStatus, type ReceiptPrint, type ScanMeta, type UploadState, type VanConfig } from '#electron/ipc/contract.ts';
import { type Handlers } from '#electron/ipc/handle.ts';
import { type PortSetting, type StoredConfig } from '#electron/config.ts';
import { type ModuleLogger } from './log.ts';

export type EventBus = {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export type IdReaderDriver = {
  /** Waits for a card to be placed and reads it; rejects with a ServiceError on failure or abort. */
  read(opts: { timeoutMs: number; signal: AbortSignal }): Promise<Identity>;
  close(): Promise<void>;
};

export type PrinterDriver = {
  status(): Promise<PrinterStatus>;
  /** Prints one receipt; `copy` marks a reprint (重打印). Rejects with a ServiceError naming the paper state. */
  printReceipt(receipt: ReceiptPrint, opts: { jobId: string; copy: 'original' | 'reprint' }): Promise<void>;
  printTestPage(opts: { jobId: string }): Promise<void>;
  close(): Promise<void>;
};

export type DeviceDrivers = {
  listPorts(): Promise<{ path: string; manufacturer?: string }[]>;
  openIdReader(setting: PortSetting): Promise<IdReaderDriver>;
  openPrinter(setting: PortSetting): Promise<PrinterDriver>;
};

export type DocumentRenderer = {
  acceptanceNotice(input: AcceptanceNoticeInput): Promise<{ bytes: Uint8Array; pages: number }>;
  correctionNotice(input: CorrectionNoticeInput): Promise<{ bytes: Uint8Array; pages: number }>;
  refusalNotice(input: RefusalNoticeInput): Promise<{ bytes: Uint8Array; pages: number }>;
  interviewRecord(input: InterviewRecordInput): Promise<{ bytes: Uint8Array; pages: number }>;
  inspectionRecord(input: InspectionRecordInput): Promise<{ bytes: Uint8Array; pages: number }>;
  refundReceipt(input: RefundReceiptInput): Promise<{ bytes: Uint8Array; pages: number }>;
  voidedReceiptCopy(input: { receipt: ReceiptPrint; reason: string; voidedBy: string; voidedAt: string }): Promise<{ bytes: Uint8Array; pages: number }>;
  /** The A5 copy archived with the case when a receipt is issued or reprinted. */
  receiptCopy(receipt: ReceiptPrint, mark: ReceiptCopyMark): Promise<{ bytes: Uint8Array; pages: number }>;
  /** An archived notice printed again: the same file, marked 重印 with the time of this printing. */
  reprintCopy(pdf: Uint8Array): Promise<{ bytes: Uint8Array; pages: number }>;
};

export type ScanStore = {
  put(input: { caseId: string; material: string; name: string; mime: string; bytes: Uint8Array }): Promise<ScanMeta>;
  list(caseId: string): Promise<ScanMeta[]>;
  /** Cases whose scans are held on the van because the page has not yet said the case is saved. */
  heldCases(): string[];
  /** These cases are saved: their scans may go to the office now. Returns how many entries were released. */
  caseSaved(caseIds: readonly string[]): Promise<number>;
  /** The scan files' key, from the page once a login opened the van's data key; reads, writes and uploads wait for it. */
  unlock(fileKey: Uint8Array): void;
  /** Forgets the case's scans, removing each file no other case refers to; returns how many files went. */
  discardCase(caseId: string): Promise<number>;
  /**
   * Takes one scan out of a case not yet saved, removing its file when no other case refers to it: `removed` (with
   * whether the file went), `not-found` when the case holds no such scan, `saved` when the case is saved already.
   */
  removeScan(caseId: string, sha256: string): Promise<{ outcome: 'removed'; fileRemoved: boolean } | { outcome: 'not-found' | 'saved' }>;
  read(sha256: string): Promise<{ mime: string; bytes: Uint8Array } | null>;
  uploadState(): Promise<UploadState[]>;
  /** Uploads waiting out their backoff after a failed try go again now (the link is back). */
  retryNow?(): void;
  onProgress(listener: (states: UploadState[]) => void): () => void;
  /** Stops background uploads (they resume on the next start). */
  close?(): void;
  /** The device was enrolled again: uploads (running, waiting or failed) go on with the new token. */
  setDeviceToken?(token: string): void;
};

export type HostDependencies = {
  devices?: DeviceDrivers;
  documents?: DocumentRenderer;
  scans?: ScanStore;
};

export type ServiceContext = {
  dataDir: string;
  config: StoredConfig;
  /** Persists changed settings (device ports) back to the data folder. */
  saveConfig(next: StoredConfig): void;
  publicConfig: Omit<VanConfig, 'transport'>;
  deps: HostDependencies;
  events: EventBus;
  log: ModuleLogger;
  /** Ports of emulators started by the host in demo mode, so the Devices screen can label them. */
  emulatorPaths: ReadonlySet<string>;
  newId(): string;
  /** The van's time on the main side: the system clock, or a chosen one (tests/e2e/harness.ts). */
  clock: Clock;
};

/** A service module: contributes the handlers of its area and cleans up on close. */
export type ServiceModule<K extends keyof Handlers> = {
  handlers: Pick<Handlers, K>;
  close?(): Promise<void>;
};
