import { type Building, type BuildingUnit, type Project, type SalePermit } from '#domain/market/building-table.ts';
import { type ContractDraft } from '#domain/market/contract.ts';
import { type FilingEvent, type FilingEventKind, type FilingStatus } from '#domain/market/filing.ts';
import { type EndReason, type ListingFacts, type ListingKind, type ListingSource, type ListingStatus, type Seller, type VerifyItem, type AutoCheckItem } from '#domain/market/listing.ts';
import { type Bucket } from '#domain/market/market-stats.ts';
import { type PortalKind, type PortalRole } from '#domain/market/portal-roles.ts';

/**
 * The market's storage ports, one per aggregate: the building table, filings (with their drafts and the
 * banks' notices), listings, and the work left for after a commit. The adapter over the
 * office database (SQLite or PostgreSQL) is `db-market-store.ts`. Every method is atomic on its own.
 */

export type OrgKind = PortalKind;
export type Org = { id: string; kind: OrgKind; name: string; creditCode: string; active: boolean; createdBy: string; createdAt: string };

export type BuildingTableStore = {
  /**
   * An organisation, with its first admin login when given, in one transaction: an organisation stored without the admin
   * it was entered with could not be entered again (its credit code is taken) nor logged into (no page adds its first admin).
   */
  createOrg(org: Org, firstAdmin?: Account): Promise<'ok' | 'credit-code-taken' | 'login-taken'>;
  org(id: string): Promise<Org | undefined>;
  orgs(kind: OrgKind): Promise<Org[]>;
  /** A project with its buildings and units, in one transaction; refused when a unit number is already in the table. */
  createProject(p: Project, buildings: readonly Building[], units: readonly BuildingUnit[], by: string, at: string): Promise<{ ok: true } | { ok: false; existing: string[] }>;
  /** Units added to a project by hand (with any new building), in one transaction; refused when a unit number is taken. */
  addUnits(projectId: string, buildings: readonly Building[], units: readonly BuildingUnit[], at: string): Promise<{ ok: true } | { ok: false; existing: string[] }>;
  project(id: string): Promise<Project | undefined>;
  projectsOf(developerId: string): Promise<Project[]>;
  projects(districtCode: string | null, limit: number): Promise<Project[]>;
  buildingsOf(projectId: string): Promise<Building[]>;
  unitsOf(projectId: string): Promise<BuildingUnit[]>;
  unit(unitNumber: string): Promise<BuildingUnit | undefined>;
  permitsOf(projectId: string): Promise<SalePermit[]>;
  permitNumberTaken(number: string): Promise<boolean>;
  /** Stores a permit and queues the listings of its units, together. */
  addPermit(p: SalePermit, by: string, at: string): Promise<void>;
  revokePermit(id: string, on: string, by: string, at: string): Promise<boolean>;
};

export type DraftStatus = 'draft' | 'filed' | 'discarded';
export type DraftRow = { id: string; contractNumber: string; developerId: string; unitNumber: string; draft: ContractDraft; status: DraftStatus; createdBy: string; createdAt: string; updatedAt: string };

export type FilingRow = {
  id: string;
  contractNumber: string;
  unitNumber: string;
  projectId: string;
  developerId: string;
  districtCode: string;
  status: FilingStatus;
  seq: number;
  totalFen: number;
  areaDm2: number;
  filedAt: string;
  filedOn: string;
  endedOn: string | null;
};

export type BankNotice = { id: number; bankId: string; filingId: string; contractNumber: string; seq: number; kind: FilingEventKind; at: string; readAt: string | null };

/** Refused by the database's one-active-filing index: the filing that stands, named. */
export type FileOutcome = { ok: true } | { ok: false; standing: string };

export type FilingStore = {
  /** A new draft under the next contract number of `year`, allocated in the same transaction. */
  createDraft(d: Omit<DraftRow, 'contractNumber' | 'status'>, template: ContractDraft['template'], year: number): Promise<DraftRow>;
  updateDraft(id: string, draft: ContractDraft, at: string): Promise<boolean>;
  discardDraft(id: string, at: string): Promise<boolean>;
  draft(id: string): Promise<DraftRow | undefined>;
  draftsOf(developerId: string, status: DraftStatus, limit: number): Promise<DraftRow[]>;
  /**
   * Files a draft: the filing, its first event, the draft marked filed and the unit's listing work queued, in
   * one transaction. A second active filing on the unit is refused by the database, naming the one that stands.
   */
  file(draftId: string, row: FilingRow, first: FilingEvent): Promise<FileOutcome>;
  filing(id: string): Promise<FilingRow | undefined>;
  filingByContract(contractNumber: string): Promise<FilingRow | undefined>;
  activeFilingOf(unitNumber: string): Promise<FilingRow | undefined>;
  /** The latest filing of each unit of a project (the sales table), by unit number. */
  latestFilingsOf(projectId: string): Promise<Map<string, FilingRow>>;
  filingsOf(developerId: string, limit: number): Promise<FilingRow[]>;
  events(filingId: string): Promise<FilingEvent[]>;
  /**
   * Appends events decided on the filing as of `expectedSeq`, updates its status, tells the banks watching
   * it, and queues the unit's work, in one transaction; false (nothing written) when another write came first.
   */
  append(filingId: string, expectedSeq: number, events: readonly FilingEvent[], status: FilingStatus, endedOn: string | null): Promise<boolean>;
  watch(bankId: string, filingId: string, at: string): Promise<void>;
  notices(bankId: string, limit: number): Promise<BankNotice[]>;
  markNoticesRead(bankId: string, upToId: number, at: string): Promise<void>;
  /** Sums of standing filings (active or closed) by day (`YYYY-MM-DD`) or month (`YYYY-MM`) from `since`. */
  sums(by: 'day' | 'month', since: string): Promise<Bucket[]>;
};

export type ListingRow = ListingFacts & {
  id: string;
  kind: ListingKind;
  source: ListingSource;
  sellers: readonly Seller[];
  status: ListingStatus;
  code: string | null;
  submittedBy: string;
  submittedAt: string;
  publishedAt: string | null;
  endedAt: string | null;
  endReason: EndReason | null;
};

/**
 * A listing as the public search reads it: the facts its pages show (listing-view.ts), without the unit number, the
 * sellers, the source or who submitted it, so the public path never reads personal data, and each row costs its
 * thirteen columns, not the table's twenty-eight.
 */
export type PublicListingRow = Pick<ListingRow, 'id' | 'kind' | 'districtCode' | 'place' | 'areaDm2' | 'priceFen' | 'use' | 'rooms' | 'halls' | 'floor' | 'totalFloors' | 'code' | 'publishedAt'>;

export type CheckRow = { seq: number; source: 'auto' | 'staff'; item: AutoCheckItem | VerifyItem; ok: boolean; note: string; staffId: string | null; at: string };

export type SearchFilter = {
  districtCode: string | null;
  kind: ListingKind | null;
  minFen: number | null;
  maxFen: number | null;
  minAreaDm2: number | null;
  maxAreaDm2: number | null;
  rooms: number | null;
};

/** Where the next page starts: after this listing in publication order (newest first). */
export type SearchCursor = { publishedAt: string; id: string };

export type ListingStore = {
  /** Stores a listing with its automatic checks; refused when the unit already has a live listing. */
  create(row: ListingRow, checks: readonly CheckRow[]): Promise<'ok' | 'unit-listed'>;
  listing(id: string): Promise<ListingRow | undefined>;
  byCode(code: string): Promise<ListingRow | undefined>;
  checks(listingId: string): Promise<CheckRow[]>;
  liveOf(unitNumber: string): Promise<ListingRow | undefined>;
  ofSource(orgId: string, limit: number): Promise<ListingRow[]>;
  queue(limit: number): Promise<ListingRow[]>;
  /**
   * Records a staff verification (numbered after the listing's checks) and the listing's next status (and code
   * when published), together; false, writing nothing, when the listing or its verifications moved since read.
   */
  verify(id: string, expected: { status: ListingStatus; staffChecks: number }, check: Omit<CheckRow, 'seq'>, next: ListingStatus, code: string | null): Promise<boolean>;
  end(id: string, reason: EndReason, at: string, on: string): Promise<boolean>;
  search(f: SearchFilter, after: SearchCursor | null, limit: number): Promise<PublicListingRow[]>;
  /** Sums of second-hand listings ended as sold, by day or month of their end, from `since`. */
  soldSums(by: 'day' | 'month', since: string): Promise<Bucket[]>;
};

export type OutboxWork = { kind: 'reconcile-unit' } | { kind: 'register-filing'; filingId: string; seq: number };
export type OutboxItem = { id: number; unitNumber: string; work: OutboxWork; createdAt: string };

export type MarketOutbox = {
  enqueue(unitNumbers: readonly string[], work: OutboxWork, at: string): Promise<void>;
  outbox(limit: number): Promise<OutboxItem[]>;
  complete(ids: readonly number[]): Promise<void>;
};

/** A person of a developer, bank or agency, with the same password hashing as office staff. */
export type Account = { id: string; orgId: string; login: string; name: string; roles: readonly PortalRole[]; passwordHash: string; active: boolean; updatedAt: string };

export type PortalStore = {
  createAccount(a: Account): Promise<'ok' | 'login-taken'>;
  accountByLogin(login: string): Promise<Account | undefined>;
  account(id: string): Promise<Account | undefined>;
  accountsOf(orgId: string): Promise<Account[]>;
  /** Changes roles, the active flag or the password; the account's sessions end with it, in the same transaction. */
  updateAccount(id: string, change: Partial<Pick<Account, 'roles' | 'active' | 'passwordHash'>>, at: string, endSessions: boolean): Promise<boolean>;
  createSession(s: { tokenHash: string; accountId: string; createdAt: string; expiresAt: string }): Promise<void>;
  /** The account of a session that has neither ended nor expired by `now`, with its sign-in time and idle deadline. */
  sessionAccount(tokenHash: string, now: string): Promise<{ accountId: string; createdAt: string; expiresAt: string } | undefined>;
  /** Moves a live session's deadline on to `until` (a request came); an ended or expired one stays ended. */
  extendSession(tokenHash: string, now: string, until: string): Promise<void>;
  endSession(tokenHash: string, at: string): Promise<void>;
};

export type MarketStores = { table: BuildingTableStore; filings: FilingStore; listings: ListingStore; outbox: MarketOutbox; portal: PortalStore };
