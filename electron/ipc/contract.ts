/**
 * The IPC contract between the renderer and the main-side services: the ONE place channel and
 * event names exist. Each channel is `area:verb` with a zod request and response schema; the
 * main side validates every payload on arrival (handle.ts), the preload and the HTTP transport
 * both build `window.van` from this table with `bindVanApi`, so the two transports cannot drift.
 *
 * This file is imported by the sandboxed renderer too: zod and plain data only, no Node.
 */
import { z } from 'zod';
import { PAYMENT_METHODS, type PaymentMethod } from '#domain/case/events.ts';
import { BundleRows, OfficeBundleManifest } from '#protocol/bundles.ts';

// ---------- shared shapes ----------

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** An identity as read from a second-generation ID card (devices helper's driver output). */
export const IdentitySchema = z.object({
  cardType: z.string().min(1).max(40),
  name: z.string().min(1).max(60),
  sex: z.enum(['男', '女']),
  nation: z.string().max(20),
  birthDate: isoDate,
  address: z.string().max(200),
  idNumber: z.string().min(1).max(30),
  issuer: z.string().max(100),
  validFrom: isoDate,
  validTo: z.union([isoDate, z.literal('长期')]),
});
export type Identity = z.infer<typeof IdentitySchema>;

export const DeviceKindSchema = z.enum(['idReader', 'printer']);
export type DeviceKind = z.infer<typeof DeviceKindSchema>;

export const PortInfoSchema = z.object({
  path: z.string().min(1).max(260),
  manufacturer: z.string().max(200).optional(),
  /** True for an emulator's pseudo terminal started by the host in demo mode. */
  isEmulator: z.boolean(),
});
export type PortInfo = z.infer<typeof PortInfoSchema>;

export const DeviceStateSchema = z.enum(['notConfigured', 'connecting', 'ready', 'busy', 'disconnected', 'error']);

export const DeviceStatusSchema = z.object({
  kind: DeviceKindSchema,
  path: z.string().max(260).nullable(),
  baudRate: z.number().int().positive().nullable(),
  state: DeviceStateSchema,
  isEmulator: z.boolean(),
  /** Plain-words detail for staff when state is `error` or `disconnected`. */
  detail: z.string().max(500).optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

export const PrinterStatusSchema = z.object({
  online: z.boolean(),
  paper: z.enum(['ok', 'nearEnd', 'out', 'unknown']),
  coverOpen: z.boolean(),
  detail: z.string().max(500).optional(),
});
export type PrinterStatus = z.infer<typeof PrinterStatusSchema>;

const fen = z.number().int().nonnegative().max(1_000_000_000);
const paymentMethod = z.enum(PAYMENT_METHODS as [PaymentMethod, ...PaymentMethod[]]);
/** A QR payment's transaction reference as the applicant's phone shows it (the sync protocol's pattern). */
const transactionRef = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/);
const idLike = z.string().min(1).max(120);
/**
 * Bytes (a signature PNG, a PDF): a Uint8Array on both transports, never base64 (Electron's IPC clones it, the HTTP
 * transport sends it as a part of its own, binary-parts.ts).
 */
const bytes = (max: number) => z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: '应为字节' }).refine((b) => b.byteLength > 0 && b.byteLength <= max, { message: `应为 1 至 ${max} 字节` });

/** What the receipt printer prints: everything comes from the stored receipt document. */
export const ReceiptPrintSchema = z.strictObject({
  receiptId: idLike,
  receiptCode: z.string().min(1).max(40),
  receiptNumber: z.string().min(1).max(40),
  caseId: idLike,
  caseNumber: z.string().min(1).max(60),
  payer: z.string().min(1).max(200),
  // No items on a receipt of a business charged nothing (none is issued any more; one from before can still be voided).
  items: z.array(z.object({ name: z.string().min(1).max(100), amountFen: fen, ruleVersion: z.string().max(60) })).max(50),
  totalFen: fen,
  paymentMethod,
  transactionRef: transactionRef.optional(),
  payee: z.string().min(1).max(100),
  staffName: z.string().min(1).max(60),
  issuedAt: z.iso.datetime({ offset: true }),
  statusUrl: z.url().max(500),
  paperWidth: z.enum(['58', '80']).default('80'),
});
export type ReceiptPrint = z.infer<typeof ReceiptPrintSchema>;

export const PrintOutcomeSchema = z.object({
  jobId: z.string(),
  /** The printer state after the job, for the screen. */
  printer: PrinterStatusSchema,
});

/** A material as received: the form and number of copies actually handed over, and its pages. */
const materialLine = z.object({
  name: z.string().min(1).max(100),
  form: z.enum(['original', 'copy']),
  count: z.number().int().positive().max(100),
  pages: z.number().int().nonnegative().max(10_000),
});

/** Who acts for an applicant (监护人 or 委托代理人), printed beside the applicant's name. */
const representativeLine = z.object({ kind: z.enum(['guardian', 'agent']), name: z.string().min(1).max(60) });

export const NoticeBaseSchema = z.strictObject({
  caseId: idLike,
  caseNumber: z.string().min(1).max(60),
  queryCode: z.string().min(1).max(40),
  businessKind: z.string().min(1).max(60),
  businessName: z.string().min(1).max(100),
  applicants: z.array(z.object({ name: z.string().min(1).max(60), idNumber: z.string().max(30), representative: representativeLine.optional() })).min(1).max(20),
  /** Every unit of the case: each is its own 件, and the notice names them all. */
  units: z.array(z.object({ unitNumber: z.string().max(60), address: z.string().max(300) })).min(1).max(200),
  issuedAt: z.iso.datetime({ offset: true }),
  staffName: z.string().min(1).max(60),
  statusUrl: z.url().max(500),
  /**
   * The applicants' signatures drawn on the van (PNG), by applicant name: the signed copy of the notice draws each
   * on its applicant's line. Without them every applicant gets an empty line to sign on paper.
   */
  signatures: z.array(z.object({ name: z.string().min(1).max(60), png: bytes(2_000_000) })).max(20).optional(),
});

/** A deadline as printed: the date, its working days, and whether it relies on a year whose holiday notice is not out. */
const deadlineLine = z.object({ date: isoDate, workingDays: z.number().int().min(1).max(30), provisional: z.boolean() });

export const AcceptanceNoticeSchema = NoticeBaseSchema.extend({
  materials: z.array(materialLine).max(100),
  feeTotalFen: fen,
  /** How the fee was paid (none when nothing was charged): the notice names the channel and its reference. */
  payment: z.object({ method: paymentMethod, transactionRef: transactionRef.optional() }).optional(),
  promised: deadlineLine,
  legal: deadlineLine,
});
export type AcceptanceNoticeInput = z.infer<typeof AcceptanceNoticeSchema>;

export const CorrectionNoticeSchema = NoticeBaseSchema.extend({
  missing: z.array(z.object({ name: z.string().min(1).max(100), reason: z.string().max(300), basis: z.string().max(300).optional() })).min(1).max(100),
  /** The last day to supply them (the office's period, domain/calendar/deadlines.ts), printed with where to hand them in. */
  supplyBy: deadlineLine,
});
export type CorrectionNoticeInput = z.infer<typeof CorrectionNoticeSchema>;

/** 不予受理告知书 (条例 第十七条第一款第（四）项, or a bar in law on the unit): the reasons, their basis, where to go. */
export const RefusalNoticeSchema = NoticeBaseSchema.extend({
  reasons: z.array(z.string().min(1).max(500)).min(1).max(20),
  basis: z.string().min(1).max(500),
  referTo: z.string().max(200).optional(),
});
export type RefusalNoticeInput = z.infer<typeof RefusalNoticeSchema>;

const recordBase = {
  caseId: idLike,
  caseNumber: z.string().min(1).max(60),
  businessName: z.string().min(1).max(100),
  units: z.array(z.object({ unitNumber: z.string().max(60), address: z.string().max(300) })).min(1).max(200),
  staffName: z.string().min(1).max(60),
  issuedAt: z.iso.datetime({ offset: true }),
  /** The signature drawn on the touch screen, PNG (at most 2 MB). */
  signaturePng: bytes(2_000_000),
};

/** 询问记录: the questions asked and the answers, signed by the person asked. */
export const InterviewRecordSchema = z.strictObject({
  ...recordBase,
  interviewee: z.string().min(1).max(60),
  answers: z.array(z.object({ question: z.string().min(1).max(500), answer: z.string().min(1).max(2000) })).min(1).max(50),
});
export type InterviewRecordInput = z.infer<typeof InterviewRecordSchema>;

/** 实地查看记录 (条例 第十九条): why, what was seen, whether it matches the application, signed. */
export const InspectionRecordSchema = z.strictObject({
  ...recordBase,
  ground: z.string().min(1).max(200),
  findings: z.string().min(1).max(2000),
  matchesApplication: z.boolean(),
  present: z.string().min(1).max(200),
});
export type InspectionRecordInput = z.infer<typeof InspectionRecordSchema>;

/** 退费凭证: the refund of a receipt after 撤回 or 不予登记. */
export const RefundReceiptSchema = z.strictObject({
  caseId: idLike,
  caseNumber: z.string().min(1).max(60),
  refundNumber: z.string().min(1).max(40),
  receiptNumber: z.string().min(1).max(40),
  payee: z.string().min(1).max(200),
  amountFen: fen,
  method: z.enum(['cash', 'bank-card']),
  ground: z.enum(['withdrawn', 'registration-refused']),
  reason: z.string().min(1).max(500),
  staffName: z.string().min(1).max(60),
  refundedAt: z.iso.datetime({ offset: true }),
});
export type RefundReceiptInput = z.infer<typeof RefundReceiptSchema>;

export const RenderedDocumentSchema = z.object({
  /** Content hash; the PDF is archived with the case on disk by the main side. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  pages: z.number().int().positive(),
  /** The PDF itself, so the screen can show it. */
  pdf: bytes(100_000_000),
});
export type RenderedDocument = z.infer<typeof RenderedDocumentSchema>;

/** 20 MB per imported file: a multi-page A4 scan at 300 dpi fits, a video does not. */
export const MAX_SCAN_BYTES = 20 * 1024 * 1024;

export const ScanImportSchema = z.strictObject({
  caseId: idLike,
  material: z.string().min(1).max(100),
  files: z
    .array(
      z.object({
        name: z.string().min(1).max(260),
        mime: z.enum(['application/pdf', 'image/jpeg', 'image/png', 'image/tiff']),
        /** The id the host gave the file's bytes (`POST /scans/incoming`, electron/host/scan-files.ts): no file crosses IPC. */
        stagedId: z.string().regex(/^[0-9a-f]{32}$/),
      }),
    )
    .min(1)
    .max(50),
});

export const ScanMetaSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  mime: z.string(),
  pages: z.number().int().positive(),
  name: z.string(),
  material: z.string(),
  caseId: idLike,
});
export type ScanMeta = z.infer<typeof ScanMetaSchema>;

/** A finished file in the scanner's output folder, offered in the Materials step (来自扫描仪). */
export const ScannerFileSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  name: z.string(),
  bytes: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  mime: z.enum(['application/pdf', 'image/jpeg', 'image/png', 'image/tiff']),
});
export type ScannerFile = z.infer<typeof ScannerFileSchema>;
export const ScannerOfferSchema = z.object({ folder: z.string().nullable(), files: z.array(ScannerFileSchema) });
export type ScannerOffer = z.infer<typeof ScannerOfferSchema>;

export const UploadStateSchema = z.object({
  sha256: z.string(),
  caseId: idLike,
  bytes: z.number().int().nonnegative(),
  uploaded: z.number().int().nonnegative(),
  state: z.enum(['pending', 'uploading', 'verified', 'failed']),
  error: z.string().max(500).optional(),
});
export type UploadState = z.infer<typeof UploadStateSchema>;

export const VanConfigSchema = z.object({
  officeUrl: z.url(),
  /** The office's public address: the base of the status link on receipts and notices (domain/case/status-link.ts). */
  publicUrl: z.url(),
  /** 'configured' when set for this van; 'office-address' when it falls back to the office address the van uses (warned on 设备). */
  publicUrlSource: z.enum(['configured', 'office-address']),
  /** Days without reaching the office after which no one can log in until it syncs again. */
  offlineLockDays: z.number().int().min(1).max(365),
  deviceId: z.string(),
  /** Token the van uses for the office API (issued at enrollment). */
  deviceToken: z.string(),
  transport: z.enum(['electron', 'http']),
  isDemo: z.boolean(),
  appVersion: z.string(),
});
export type VanConfig = z.infer<typeof VanConfigSchema>;

const none = z.undefined();
const ack = z.object({ done: z.literal(true) });

// ---------- the channels ----------

export const channels = {
  'config:get': { request: none, response: VanConfigSchema },
  /** Enrolls this van again with a new code after the office revoked it: same device id, new token, nothing lost. */
  'device:reenroll': { request: z.strictObject({ code: z.string().trim().min(6).max(64) }), response: z.object({ deviceId: z.string(), vanId: z.string() }) },
  /** The office ordered this device wiped and the page erased its store: erase the scans, archives and config too. */
  'device:wipe': { request: none, response: ack },
  /**
   * Writes a USB bundle (docs/usb-bundles.md) into `dir`: the rows the page read from its store as a push would
   * send them, and the bytes of the scans named, sealed for the office; answered with the file and its counts.
   */
  'sync:exportBundle': {
    request: z.strictObject({ dir: z.string().trim().min(1).max(1000), collections: z.array(BundleRows), scans: z.array(z.string().regex(/^[0-9a-f]{64}$/)) }),
    response: z.object({ path: z.string(), documents: z.number().int(), scans: z.number().int(), bytes: z.number().int() }),
  },
  /**
   * Opens the office's answer bundle for this device (a file, or the newest one in a folder) and hands its pages
   * and answers to the page, which takes them in as a pull (renderer/db/answer-bundle.ts).
   */
  'sync:importBundle': {
    request: z.strictObject({ path: z.string().trim().min(1).max(1000) }),
    response: OfficeBundleManifest.extend({ path: z.string() }),
  },
  'devices:list': { request: none, response: z.array(PortInfoSchema) },
  'devices:status': { request: none, response: z.array(DeviceStatusSchema) },
  'devices:configure': {
    request: z.strictObject({ kind: DeviceKindSchema, path: z.string().min(1).max(260), baudRate: z.number().int().positive().max(921_600).optional() }),
    response: DeviceStatusSchema,
  },
  'idReader:read': { request: z.strictObject({ timeoutMs: z.number().int().min(1000).max(300_000).optional() }), response: IdentitySchema },
  'idReader:cancel': { request: none, response: ack },
  'printer:status': { request: none, response: PrinterStatusSchema },
  'printer:testPage': { request: none, response: PrintOutcomeSchema },
  'receipts:issue': { request: ReceiptPrintSchema, response: PrintOutcomeSchema },
  'receipts:reprint': { request: ReceiptPrintSchema, response: PrintOutcomeSchema },
  'receipts:void': {
    request: z.strictObject({ receipt: ReceiptPrintSchema, reason: z.string().min(2).max(200), voidedBy: z.string().min(1).max(60), voidedAt: z.iso.datetime({ offset: true }) }),
    response: RenderedDocumentSchema,
  },
  'documents:acceptanceNotice': { request: AcceptanceNoticeSchema, response: RenderedDocumentSchema },
  'documents:correctionNotice': { request: CorrectionNoticeSchema, response: RenderedDocumentSchema },
  'documents:refusalNotice': { request: RefusalNoticeSchema, response: RenderedDocumentSchema },
  /** A notice already made for a case, read back from the case's archive (案件: view and print again). */
  'documents:caseNotice': {
    request: z.strictObject({ caseId: idLike, notice: z.enum(['acceptance', 'correction', 'refusal']), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: RenderedDocumentSchema,
  },
  /**
   * The same notice printed again from 案件: the archived file checked against its hash, marked 重印 with the time
   * of this printing, and archived beside it.
   */
  'documents:reprintNotice': {
    request: z.strictObject({ caseId: idLike, notice: z.enum(['acceptance', 'correction', 'refusal']), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: RenderedDocumentSchema,
  },
  'documents:interviewRecord': { request: InterviewRecordSchema, response: RenderedDocumentSchema },
  'documents:inspectionRecord': { request: InspectionRecordSchema, response: RenderedDocumentSchema },
  'documents:refundReceipt': { request: RefundReceiptSchema, response: RenderedDocumentSchema },
  'scans:import': { request: ScanImportSchema, response: z.array(ScanMetaSchema) },
  'scans:list': { request: z.strictObject({ caseId: idLike }), response: z.array(ScanMetaSchema) },
  'scans:uploadState': { request: none, response: z.array(UploadStateSchema) },
  /** Staff know the link is back: uploads waiting out their backoff go again now. */
  'scans:retryNow': { request: none, response: ack },
  'scans:scanner': { request: none, response: ScannerOfferSchema },
  'scans:setScannerFolder': { request: z.strictObject({ path: z.string().min(1).max(500).nullable() }), response: ScannerOfferSchema },
  'scans:attachScannerFile': { request: z.strictObject({ caseId: idLike, material: z.string().min(1).max(100), fileId: z.string().regex(/^[0-9a-f]{32}$/) }), response: ScanMetaSchema },
  /** An intake discarded before its case was saved: the scan files imported for it, which nothing else refers to. */
  'scans:discardCase': { request: z.strictObject({ caseId: idLike }), response: z.object({ removed: z.number().int().nonnegative() }) },
  /**
   * One scan taken out of an intake not yet saved (imported by mistake): its entry goes, and its sealed file too
   * unless another case refers to the same file. A scan of a saved case is refused: it is on record (and may be
   * at the office) with the notice that listed it.
   */
  'scans:remove': {
    request: z.strictObject({ caseId: idLike, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: z.object({ fileRemoved: z.boolean() }),
  },
  /** The case is saved (its scan records written): its scans may leave the van. Unknown ids are ignored. */
  'scans:caseSaved': { request: z.strictObject({ caseIds: z.array(idLike).min(1).max(1000) }), response: z.object({ released: z.number().int().nonnegative() }) },
  /** Cases whose scans the main side still holds back (a crash may have come between saving the case and saying so). */
  'scans:held': { request: none, response: z.object({ caseIds: z.array(z.string()) }) },
  /** The scan files' key (32 bytes, base64), derived by the page from the van's data key once a login opened it. */
  'scans:unlock': { request: z.strictObject({ keyBase64: z.base64().length(44) }), response: ack },
  /**
   * A failure the page caught (its local store refused a write, a bug): its details for the van's log, under the
   * code the clerk was shown (renderer/app/failure-log.ts). The screen shows only Chinese.
   */
  'log:pageFailure': {
    request: z.strictObject({
      code: z.string().regex(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/), where: z.string().min(1).max(100),
      name: z.string().max(200), message: z.string().max(4000), stack: z.string().max(16000).optional(),
    }),
    response: ack,
  },
} as const;

/** Main → renderer pushes (webContents.send in Electron, server-sent events over HTTP). */
export const events = {
  'devices:changed': z.array(DeviceStatusSchema),
  'scans:progress': z.array(UploadStateSchema),
  'scans:scanner': ScannerOfferSchema,
  'idReader:waiting': z.object({ since: z.string() }),
} as const;

export type Channel = keyof typeof channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof channels)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export const isChannel = (value: unknown): value is Channel => typeof value === 'string' && Object.hasOwn(channels, value);
export const isEventName = (value: unknown): value is EventName => typeof value === 'string' && Object.hasOwn(events, value);

// ---------- results across the bridge ----------

export const IPC_ERROR_CODES = [
  'invalid-request', // the payload did not match the contract
  'forbidden-sender', // the call did not come from our app
  'unknown-channel',
  'not-configured', // a device or service is not set up
  'unavailable', // a dependency (device, office) is not reachable now
  'cancelled',
  'timeout',
  'device-error',
  'printer-paper-out',
  'printer-cover-open',
  'printer-offline',
  'not-found',
  'rejected', // a business rule refused (message says which)
  'internal',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];
export type IpcError = { code: IpcErrorCode; message: string };
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const IpcResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.enum(IPC_ERROR_CODES), message: z.string() }) }),
]);

// ---------- the API the renderer sees ----------

/** `'idReader:read'` → `'idReaderRead'`. */
type MethodName<C extends string> = C extends `${infer Area}:${infer Verb}` ? `${Area}${Capitalize<Verb>}` : never;

type Method<C extends Channel> = undefined extends RequestOf<C>
  ? (request?: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>
  : (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;

export type VanApi = { readonly [C in Channel as MethodName<C>]: Method<C> } & {
  /** Listen to a contract event; returns the unsubscribe function. Unknown event names are refused. */
  readonly subscribe: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};

export const methodName = <C extends Channel>(channel: C): MethodName<C> => {
  const [area, verb] = channel.split(':') as [string, string];
  return `${area}${verb.charAt(0).toUpperCase()}${verb.slice(1)}` as MethodName<C>;
};

/**
 * Marks the host's own answer when it could not reach the office at all (electron/host/office-proxy.ts): the page
 * then reads it as an unreachable office, as it would a failed fetch, and not as the office's server failing.
 */
export const OFFICE_UNREACHABLE_HEADER = 'x-van-office-unreachable';

/** What staff read when the page cannot reach the app's main side at all (a call that never got an answer). */
export const LINK_LOST_TEXT = '与主程序的连接中断：请重试；仍不成功请关闭本程序后重新打开';

/** How a transport moves one call and one subscription. */
export type VanTransport = {
  invoke(channel: Channel, request: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
};

/**
 * Builds the frozen API object from the contract: one named method per channel and nothing else.
 * Used by the Electron preload and by the renderer's HTTP transport, so both expose exactly the
 * same methods. The result of `invoke` is checked to be an `IpcResult` so a broken transport shows
 * up as an error value, not as an exception in a screen.
 */
export function bindVanApi(transport: VanTransport): VanApi {
  const api: Record<string, unknown> = {};
  for (const channel of channelNames) {
    api[methodName(channel)] = async (request?: unknown): Promise<IpcResult<unknown>> => {
      try {
        const raw = await transport.invoke(channel, request);
        const parsed = IpcResultSchema.safeParse(raw);
        return parsed.success ? parsed.data : { ok: false, error: { code: 'internal', message: '主程序返回了无法识别的结果' } };
      } catch {
        // Not the transport's own words (`Failed to fetch`, `Error invoking remote method`): English, and they say
        // no more than that the main side did not answer.
        return { ok: false, error: { code: 'unavailable', message: LINK_LOST_TEXT } };
      }
    };
  }
  api['subscribe'] = (event: unknown, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error(`unknown event: ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return Object.freeze(api) as VanApi;
}
