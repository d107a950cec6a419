import { z } from 'zod';
import { VAN_COLLECTIONS } from './collections.ts';

/**
 * HTTP contract of the office (docs/sync-protocol.md). Both ends parse with these schemas:
 * the office every request, the van every response.
 */

/** The office's own write sequence; kept outside the document body, as RxDB's replication protocol wants its checkpoints (docs/sync-protocol.md, "Pull, push and checkpoints"). */
export const Checkpoint = z.object({ seq: z.number().int().nonnegative() }).strict();
export type Checkpoint = z.infer<typeof Checkpoint>;

export const MAX_PULL_LIMIT = 1000;
export const MAX_PUSH_ROWS = 500;
/** Largest accepted JSON body of a push, in bytes. */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;
/** Largest accepted scan file, in bytes (a 40-page colour PDF at 300 dpi stays well under this). */
export const MAX_SCAN_BYTES = 200 * 1024 * 1024;

export const PullQuery = z
  .object({
    checkpoint: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined || raw === '' || raw === 'null') return undefined;
        try {
          const parsed = Checkpoint.safeParse(JSON.parse(raw));
          if (parsed.success) return parsed.data;
        } catch {
          // fall through to the issue below
        }
        ctx.addIssue({ code: 'custom', message: 'checkpoint must be JSON {"seq": n}' });
        return z.NEVER;
      }),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(100),
  })
  .strict();

/** A replicated document on the wire: the body, plus RxDB's `_deleted` flag. */
export const WireDocument = z.looseObject({ id: z.string().min(1).max(200), _deleted: z.boolean() });
export type WireDocument = z.infer<typeof WireDocument>;

export const PullResponse = z.object({ documents: z.array(WireDocument), checkpoint: Checkpoint.nullable() });
export type PullResponse = z.infer<typeof PullResponse>;

export const PushRow = z.object({ newDocumentState: WireDocument, assumedMasterState: WireDocument.optional() });
export type PushRow = z.infer<typeof PushRow>;
export const PushRequest = z.array(PushRow).min(1).max(MAX_PUSH_ROWS);

/** The push answer: the master state of every conflicting row (empty when none), per the RxDB protocol. */
export const PushResponse = z.array(WireDocument);

/** Why the office refuses one pushed document. The whole batch is refused and nothing is stored. */
export const REJECTION_CODES = [
  'invalid-document',
  'office-authored',
  'immutable',
  'deleted-not-allowed',
  'wrong-device',
  'event-hash-mismatch',
  'receipt-outside-block',
  'receipt-number-used',
  'unknown-trip',
  /** Protocol 2: a case event's payload does not match its kind (documents/event-payloads.ts). */
  'invalid-payload',
  /** Protocol 4: the case belongs to another van. */
  'not-own-case',
  /** Protocol 4: the trip is another van's. */
  'not-own-trip',
  /** Protocol 4: the id is in the office's namespace (`office-…`). */
  'reserved-id',
  /** Protocol 4: an event names a receipt number of another van's block or another case's receipt. */
  'receipt-not-own',
  /** Protocol 9: a receipt number the office did not grant to the pushing device (domain/receipts/grants.ts). */
  'receipt-outside-grant',
  /** Protocol 21: an earlier document of the same case from the same device is refused and not stored since. */
  'held-back',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];
export const Rejection = z.object({ id: z.string(), code: z.enum(REJECTION_CODES), reason: z.string() });
export type Rejection = z.infer<typeof Rejection>;

/**
 * Protocol 16: the van's outbox. The van sends its own documents in the order it wrote them, any
 * collection mixed; the office takes them in that order and answers each one. To a van of protocol 16–20
 * it stops at the first document it refuses (the answer ends with that refusal), so the van learns of the
 * refusal before it sends the refused document's case any further. From protocol 21 it answers every row
 * and refuses the later rows of such a case itself, as `held-back`.
 */
export const OutboxRow = z.object({ collection: z.enum(VAN_COLLECTIONS), doc: WireDocument });
export type OutboxRow = z.infer<typeof OutboxRow>;
export const OutboxRequest = z.object({ rows: z.array(OutboxRow).min(1).max(MAX_PUSH_ROWS) });
export type OutboxRequest = z.infer<typeof OutboxRequest>;
export const OutboxResult = z.union([
  z.object({
    collection: z.enum(VAN_COLLECTIONS),
    id: z.string(),
    status: z.enum(['stored', 'duplicate']),
    /** Protocol 20: a 收费 event stored whose receipt row (receipt-view) the office refused; the van sets that receipt aside. */
    receiptRefused: Rejection.optional(),
  }),
  z.object({ collection: z.enum(VAN_COLLECTIONS), id: z.string(), status: z.literal('refused'), code: z.enum(REJECTION_CODES), reason: z.string() }),
]);
export type OutboxResult = z.infer<typeof OutboxResult>;
/** One answer per row taken, in the rows' order: all of them, or (before protocol 21) those up to and including the first refusal. */
export const OutboxResponse = z.object({ results: z.array(OutboxResult) });
export type OutboxResponse = z.infer<typeof OutboxResponse>;

export const ERROR_CODES = [
  'protocol-too-old',
  'unauthorized',
  'forbidden',
  'not-found',
  'malformed',
  'too-large',
  'rejected',
  'enroll-code-invalid',
  'login-failed',
  'scan-hash-mismatch',
  'conflict',
  /** Protocol 6: this device was revoked by the office; enroll again with a new code (keeping the device id). */
  'device-revoked',
  /** Protocol 6: too many failed logins for this account or from this address; try again later. */
  'too-many-attempts',
  /** Protocol 6: the office's disk is full; nothing was stored, try again later (HTTP 507). */
  'storage-full',
  /** Protocol 6: a scan upload for bytes no scan document of this device declares (yet). */
  'scan-not-declared',
  /**
   * Protocol 13: the office ordered this device wiped (a lost or stolen laptop). It gets nothing more from the
   * office; it may still push, upload scans and report, then erases itself (`/devices/me/wipe/*`).
   */
  'device-wipe-ordered',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every 4xx answer of the office. `rejected` lists the refused documents when code is `rejected`. */
export const ErrorBody = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  rejected: z.array(Rejection).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** SSE payload: a batch of new master documents, or RESYNC (run the checkpoint iteration again). */
export const StreamMessage = z.union([z.literal('RESYNC'), PullResponse]);

export const EnrollRequest = z.object({
  code: z.string().min(6).max(64),
  deviceName: z.string().min(1).max(100),
  /**
   * Protocol 6: a device enrolling again (after the office revoked it) proves it is that device with its
   * previous token, and keeps its device id, so its unpushed documents and event chain stay its own.
   */
  previous: z.object({ deviceId: z.string().min(1).max(100), token: z.string().min(1).max(200) }).optional(),
  /**
   * Protocol 9: a random key the van keeps from its first attempt. Enrolling again with a code this
   * installation already used answers the same device with a new token, so a lost answer or a restart
   * never leaves the van locked out by its own one-time code.
   */
  installationId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
});
export const EnrollResponse = z.object({ deviceId: z.string(), vanId: z.string(), token: z.string() });
export type EnrollResponse = z.infer<typeof EnrollResponse>;

export const LoginRequest = z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export const LoginResponse = z.object({
  token: z.string(),
  staffId: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  expiresAt: z.string(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** What a van reports about itself after each sync round, for `van office status`. */
export const DeviceReport = z.object({
  chainHeadSeq: z.number().int().nonnegative(),
  chainHeadHash: z.string().nullable(),
  pendingDocuments: z.number().int().nonnegative(),
  pendingScans: z.number().int().nonnegative(),
  quarantined: z.number().int().nonnegative(),
});
export type DeviceReport = z.infer<typeof DeviceReport>;

export const ChainStatus = z.object({
  deviceId: z.string(),
  verifiedSeq: z.number().int().nonnegative(),
  headHash: z.string().nullable(),
  /** `ok`: contiguous and every link checks; `gap`: events missing so far; `broken`: a link or hash fails. */
  state: z.enum(['ok', 'gap', 'broken']),
  detail: z.string().nullable(),
});
export type ChainStatus = z.infer<typeof ChainStatus>;

/**
 * `POST /api/v1/devices/me/wipe/ready` (protocol 13): a device the office ordered wiped has pushed what it
 * could and says what is still unsynced on it. The office records it and answers whether it may erase now:
 * only when nothing is left, or when the office abandoned what is left.
 */
export const WipeReadyRequest = z.object({
  pendingDocuments: z.number().int().nonnegative(),
  /** Documents the office refused (set aside on the van): unsynced too, until the office abandons them. */
  quarantined: z.number().int().nonnegative(),
  /** Scan files the office does not hold verified. */
  unverifiedScans: z.number().int().nonnegative(),
  /** The store is still locked (nobody has logged in since the start): its documents cannot be read, so not counted. */
  locked: z.boolean().optional(),
}).strict();
export type WipeReadyRequest = z.infer<typeof WipeReadyRequest>;
export const WipeReadyResponse = z.object({ erase: z.boolean(), abandoned: z.boolean() });
export type WipeReadyResponse = z.infer<typeof WipeReadyResponse>;

/** `POST /api/v1/devices/me/wipe/done` (protocol 13): the device erased its store, scans, config and keys at `erasedAt`. */
export const WipeDoneRequest = z.object({ erasedAt: z.iso.datetime({ offset: true }) }).strict();

/** A wipe order as the office keeps it. */
export const WipeStatus = z.object({
  orderedAt: z.string(),
  orderedBy: z.string(),
  /** When the office gave up what the device had not pushed (it may then erase without pushing it). */
  abandonedAt: z.string().nullable(),
  /** The device's last account of what it still holds unsynced, and when it gave it. */
  lastReport: WipeReadyRequest.nullable(),
  lastReportAt: z.string().nullable(),
  /** When the device said it erased itself (its clock), and when the office heard it. */
  erasedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
});
export type WipeStatus = z.infer<typeof WipeStatus>;

export const DeviceStatus = z.object({
  deviceId: z.string(),
  name: z.string(),
  vanId: z.string(),
  enrolledAt: z.string(),
  lastSeenAt: z.string().nullable(),
  report: DeviceReport.nullable(),
  storedEvents: z.number().int().nonnegative(),
  verifiedScans: z.number().int().nonnegative(),
  chain: ChainStatus,
  /** Protocol 6: when the office revoked the device (null while it may sync). */
  revokedAt: z.string().nullable().optional(),
  /** Protocol 13: the office's wipe order for this device and how far it got (null when none). */
  wipe: WipeStatus.nullable().optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/** Answer of `GET /api/v1/scans/:sha256`: whether the office holds a verified copy. */
export const ScanState = z.object({ sha256: z.string(), verified: z.boolean(), bytes: z.number().int().nullable() });
export type ScanState = z.infer<typeof ScanState>;

/**
 * `POST /api/v1/devices/me/unit-snapshots` (protocol 6): before a trip the van asks the office to read the
 * register again for the units of its trips (`tripIds`, or the van's trips from today on when empty); the
 * fresh snapshots then arrive by the ordinary `units` pull.
 */
export const SnapshotRefreshRequest = z.object({ tripIds: z.array(z.string().min(1).max(200)).max(20).default([]) }).strict();
export const SnapshotRefreshResponse = z.object({
  /** Per trip: its units, how many were read again now, and the oldest snapshot they carry afterwards. */
  trips: z.array(z.object({ tripId: z.string(), units: z.number().int().nonnegative(), refreshed: z.number().int().nonnegative(), snapshotAt: z.string() })),
});
export type SnapshotRefreshResponse = z.infer<typeof SnapshotRefreshResponse>;
