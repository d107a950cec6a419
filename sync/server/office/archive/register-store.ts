import { type AcceptedPayload } from '#domain/case/events.ts';
import { type RegisterEntry, type RegisterEntryBody, type RegisterSource } from '#domain/register/entries.ts';
import { type RegisterView } from '#domain/register/project.ts';
import { type Result } from '#domain/result.ts';

/**
 * The register's storage port: entries per unit, the lookups over them, the intakes read from the case stream,
 * and the outbox of work a change leaves behind. The adapter over the office database (SQLite or PostgreSQL) is `db-register-store.ts`; another
 * one implements the same type. Every method is atomic on its own.
 */

/** Work to do once a register change has committed; written in the same transaction as the entries. */
export type OutboxWork =
  /** Rebuild the unit's snapshot for vans (and the office's 登簿 re-check). */
  | { kind: 'snapshot' }
  /** A seizure took effect or joined the queue: flag the open cases on the unit. */
  | { kind: 'flag-cases'; message: string; staffId: string }
  /** The unit is no longer seized: clear the seizure flags on its open cases, saying who and why. */
  | { kind: 'clear-flags'; reason: string; staffId: string }
  /**
   * The unit's last seizure lapsed: the system clears the seizure flags on its open cases (no one decided it, the
   * law did), saying which seizure lapsed under which rule.
   */
  | { kind: 'lapse-clears-flags'; reason: string; seizureId: string }
  /** A case's 登簿 on the unit: its 接入 message goes into the province send queue. */
  | { kind: 'report-province'; eventId: string; caseId: string };

export type OutboxItem = { id: number; unitNumber: string; work: OutboxWork; createdAt: string };

/** What one change appends to one unit: bodies with their ids (stable ids make a retry append nothing twice). */
export type UnitAppend = {
  /** `recordedAt` of an entry, when it differs from the append's (a historic record keeps its own date). */
  entries: readonly { id: string; body: RegisterEntryBody; recordedAt?: string }[];
  source: RegisterSource;
  recordedBy: string;
  recordedAt: string;
  outbox: readonly OutboxWork[];
};

export type CaseProgress = {
  intakes: readonly { caseId: string; caseNumber: string; intake: AcceptedPayload; isOpen: boolean }[];
  opened: readonly string[];
  closed: readonly string[];
};

export type UnitRow = { unitNumber: string; address: string; certificate: string };

export type LookupIndex = 'unit-number' | 'certificate' | 'address';

export type RegisterStore = {
  entriesOf(unitNumber: string): Promise<RegisterEntry[]>;
  /**
   * Reads the unit's entries and runs `decide` on them inside one transaction, then seals what it returns onto the
   * unit's chain. Entries whose id is already stored are skipped. A refusal from `decide` writes nothing.
   */
  append<E>(unitNumber: string, decide: (entries: readonly RegisterEntry[]) => Result<UnitAppend, E>): Promise<Result<RegisterEntry[], E>>;
  /** Units new to the register, all in one transaction; none when any of them is already there. */
  appendNewUnits(units: readonly { unitNumber: string; append: UnitAppend }[]): Promise<{ ok: true } | { ok: false; existing: string[] }>;
  /** Which of these units the register holds. */
  existing(unitNumbers: readonly string[]): Promise<Set<string>>;
  /** Which of these entry ids the register holds (what an interrupted import already wrote). */
  entriesStored(ids: readonly string[]): Promise<Set<string>>;
  unitsOfBuilding(buildingKey: string): Promise<string[]>;
  find(by: LookupIndex, value: string, limit: number): Promise<UnitRow[]>;
  /** Units whose current holders include this (18-digit) ID number. */
  unitsHeldBy(idNumber: string): Promise<string[]>;
  countUnits(): Promise<number>;

  /** Units whose status changes by time alone on or before `day` (a seizure's period ended). */
  dueForChange(day: string, limit: number): Promise<string[]>;
  /**
   * Moves a unit's next change to what its entries say as of `day`, and queues its snapshot and the work `then`
   * asks for on the register as of that day, together.
   */
  retime(unitNumber: string, day: string, at: string, then: (v: RegisterView) => OutboxWork[]): Promise<void>;

  cursor(name: string): Promise<number>;
  /** Stores what was read from the case stream and moves the cursor past it, together. */
  saveCaseProgress(progress: CaseProgress, cursor: { name: string; position: number }): Promise<void>;
  intakeOf(caseId: string): Promise<{ caseNumber: string; intake: AcceptedPayload } | undefined>;
  /** Cases accepted on the unit that are still open (not registered, refused or withdrawn). */
  openCasesOf(unitNumber: string): Promise<string[]>;
  /** Every case accepted on the unit, open or closed, with its number (the archive viewer's case materials). */
  casesOf(unitNumber: string): Promise<{ caseId: string; caseNumber: string }[]>;

  outbox(limit: number): Promise<OutboxItem[]>;
  completeOutbox(ids: readonly number[]): Promise<void>;
};

/** The 24 characters that name a building: parcel and 自然幢号 of the 不动产单元号 (GB/T 37346). */
export const buildingKeyOf = (unitNumber: string): string => unitNumber.slice(0, 24);
