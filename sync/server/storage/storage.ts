import { type Checkpoint, type ChainStatus, type DeviceReport, type Rejection, type WipeReadyRequest, type WireDocument } from '#protocol/messages.ts';
import { type SyncCollection } from '#protocol/collections.ts';
import { type OwnedDocument } from '#server/sync/ownership.ts';
export type { Viewer, StoredDocument, PullPage, OfficeWrite } from '#office/replication/document-store.ts';
export type { Device } from '#office/replication/device-store.ts';
export type { Incident } from '#office/replication/incident-store.ts';
export type { ScanBlob } from '#office/replication/scan-blob-store.ts';
export type { Session } from '#office/staff/session-store.ts';
export type { ChainResolution } from '#office/replication/chain-resolution-store.ts';
export type { OpenRefusal } from '#office/replication/open-refusal-store.ts';
export type { GrantRecord } from '#office/replication/receipt-grant-store.ts';
import { type Viewer, type StoredDocument, type PullPage, type OfficeWrite } from '#office/replication/document-store.ts';
import { type Device } from '#office/replication/device-store.ts';
import { type Incident } from '#office/replication/incident-store.ts';
import { type ScanBlob } from '#office/replication/scan-blob-store.ts';
import { type Session } from '#office/staff/session-store.ts';
import { type ChainResolution } from '#office/replication/chain-resolution-store.ts';
import { type OpenRefusal } from '#office/replication/open-refusal-store.ts';
import { type GrantRecord } from '#office/replication/receipt-grant-store.ts';
import { type Db } from '#office/platform/db/db.ts';

/**
 * The office state the van endpoints and the office pages reach, as one interface while the office moves to
 * a storage port per aggregate (office/*): implemented once (`DbStorage`) over the office database port, so
 * the same code runs on SQLite and PostgreSQL. Every method is atomic on its own.
 */
export type OfficeStorage = {
  /** The office database itself, for the stores of office/* (each one transaction per use case). */
  readonly db: Db;
  pull(collection: SyncCollection, after: Checkpoint | undefined, limit: number, viewer: Viewer): Promise<PullPage>;
  getDocument(collection: SyncCollection, id: string): Promise<StoredDocument | undefined>;
  listDocuments(collection: SyncCollection): Promise<StoredDocument[]>;
  /** Stores van-authored documents: all of them, or none with the reasons (see `PushOutcome`). */
  pushVanDocuments(input: VanPush): Promise<PushOutcome>;
  /** Writes (inserts or replaces) office-authored documents, each under a new sequence number. */
  writeOfficeDocuments(collection: SyncCollection, docs: readonly OfficeWrite[]): Promise<StoredDocument[]>;
  /** Adds `vanIds` to the audience of a document and, when that adds a van, gives it a new sequence so it is pulled. */
  shareWithVans(collection: SyncCollection, id: string, vanIds: readonly string[]): Promise<void>;
  /** The devices (with their vans) that pushed a `scans` document for these bytes: an upload must belong to one. */
  scanDeclarers(sha256: string): Promise<{ deviceId: string; vanId: string }[]>;
  /** The van's trip with the latest date (ties: the highest id): the trip its devices work on. */
  latestTripOf(vanId: string): Promise<StoredDocument | undefined>;

  /** Every run of the trip's receipt block granted so far, to any device, in block order. */
  receiptGrants(tripId: string): Promise<GrantRecord[]>;
  /**
   * Grants the device the next run of the trip's block, atomically with the other grants: `next` gets every
   * grant of the trip and answers the run (or null when the block is used up); `entry` is the ledger document
   * delivered to the device only. With `onlyIfNone`, a device that already holds a run gets nothing new.
   */
  grantReceipts(input: {
    tripId: string;
    deviceId: string;
    now: string;
    onlyIfNone: boolean;
    /** `used`: the receipt numbers of the trip already stored. */
    next(granted: readonly GrantRecord[], used: readonly string[]): { first: number; last: number } | null;
    entry(run: { first: number; last: number }, id: string): WireDocument;
  }): Promise<{ granted: GrantRecord | null; usedUp: boolean }>;

  createEnrollCode(input: { codeHash: string; vanId: string; createdBy: string; expiresAt: string }): Promise<void>;
  /**
   * Consumes a one-time code and registers the device; `undefined` when the code is unknown, used or expired.
   * With `previousTokenHash`, the device `deviceId` enrolls again (e.g. after a revocation): its token must be
   * that one and the code must be for its van; it gets the new token, is no longer revoked, keeps its id.
   */
  enrollDevice(input: { codeHash: string; deviceId: string; name: string; tokenHash: string; now: string; previousTokenHash?: string; installationHash?: string }): Promise<Device | undefined>;
  /** The device a token belongs to, revoked or not (callers refuse revoked ones, see auth/guards.ts). */
  deviceByTokenHash(tokenHash: string): Promise<Device | undefined>;
  /** A device and the SHA-256 of its current token (the key of its USB bundles), or undefined. */
  deviceWithTokenHash(deviceId: string): Promise<{ device: Device; tokenHash: string } | undefined>;
  touchDevice(deviceId: string, now: string, report?: DeviceReport): Promise<void>;
  listDevices(): Promise<Device[]>;
  revokeDevice(deviceId: string, now: string): Promise<boolean>;
  /** Orders a lost device wiped (device-store.ts); false when one is ordered already. */
  orderDeviceWipe(deviceId: string, now: string, by: string): Promise<boolean>;
  /** Gives up what a device ordered wiped has not pushed; false without an open wipe order. */
  abandonDeviceUnsynced(deviceId: string, now: string): Promise<boolean>;
  saveWipeReport(deviceId: string, now: string, report: WipeReadyRequest): Promise<void>;
  /** The device erased itself; it stays revoked for good. */
  confirmDeviceWiped(deviceId: string, now: string, erasedAt: string): Promise<void>;

  /** The live session of a token, kept alive for another idle period by the request that asks (a read that writes). */
  touchSession(tokenHash: string, now: string): Promise<Session | undefined>;
  /** Ends one session (logout). */
  endSession(tokenHash: string): Promise<void>;

  chainStatus(deviceId: string): Promise<ChainStatus>;
  /** Records supervisors' decisions on events held for a broken chain; an event already decided keeps its first. Answers how many were new. */
  resolveHeldEvents(decisions: readonly ChainResolution[]): Promise<number>;
  chainResolutions(): Promise<ChainResolution[]>;
  countDeviceEvents(deviceId: string): Promise<number>;
  recordIncident(incident: Omit<Incident, 'id'>): Promise<void>;
  listIncidents(limit: number): Promise<Incident[]>;
  /** The device's refused case headers and events not stored since (protocol 21, case-order.ts). */
  openRefusals(deviceId: string): Promise<OpenRefusal[]>;
  openRefusal(deviceId: string, refusal: OpenRefusal): Promise<void>;
  closeRefusal(deviceId: string, collection: OpenRefusal['collection'], docId: string): Promise<void>;

  scanBlob(sha256: string): Promise<ScanBlob | undefined>;
  countDeviceScans(deviceId: string): Promise<number>;
  /** Records a verified scan file and writes its `scanAcks` document, atomically. */
  acknowledgeScan(blob: ScanBlob, ack: OfficeWrite): Promise<void>;

  /** Copies the database to `file` while the office keeps running (SQLite online backup); PostgreSQL is backed up with pg_dump. */
  backup(file: string): Promise<{ ok: true } | { ok: false; reason: 'use-pg-dump' }>;
  close(): Promise<void>;
};

/** A van document ready to store: validated, with its canonical JSON (the idempotency key) worked out. */
export type PreparedDocument = {
  id: string;
  body: WireDocument;
  canonical: string;
  /** What the ownership rules read; the store records `owned.caseId` as claimed by the pushing van. */
  owned: OwnedDocument;
  receipt?: { number: string; tripId: string };
  chainLink?: { seq: number; hash: string; prevHash: string | null };
  /** A 收费 event's receipt, stored with the event (receipt-view.ts). */
  receiptView?: PreparedDocument;
  /** Set by the store when the rules refused `receiptView` (the event is stored all the same). */
  receiptRefused?: Rejection;
};

export type VanPush = {
  collection: SyncCollection;
  deviceId: string;
  /** The van the pushing device is enrolled for (recorded with the cases it claims). */
  vanId: string;
  now: string;
  docs: readonly PreparedDocument[];
  /** Rules that need stored state (runs inside the write transaction): returns the refused documents. */
  check(ctx: PushContext, fresh: readonly PreparedDocument[]): Rejection[];
};

export type PushContext = {
  document(collection: SyncCollection, id: string): StoredDocument | undefined;
  /** The stored receipt holding a number (a number is never used twice, voided or not). */
  receiptWithNumber(number: string): { id: string; caseId: string } | undefined;
  /** The device (and its van) that claimed a case by writing the first document of it. */
  caseOwner(caseId: string): { id: string; vanId: string } | undefined;
  /** The bodies of the trips planned for a van. */
  tripsOfVan(vanId: string): WireDocument[];
  /** The runs of the trip's receipt block granted to the pushing device. */
  grantsOf(tripId: string): { first: number; last: number }[];
};

export type PushOutcome =
  | { ok: true; written: number; duplicates: number; /** The ids written now (the others were duplicates). */ storedIds: readonly string[] }
  | { ok: false; rejections: Rejection[] };
