import { officeId } from '#domain/city/office-ids.ts';
import { randomUUID } from 'node:crypto';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { type ContractDraft, normalizeIdNumber } from '#domain/market/contract.ts';
import { type Actor, closingRegistration, decideFiling, type FilingCommand, type FilingEvent, type FilingRefusal, type FilingState, projectFiling } from '#domain/market/filing.ts';
import { checkNewFiling, type NewFilingRefusal } from '#domain/market/new-filing.ts';
import { unregisteredUnit } from '#domain/market/unit-facts.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type DraftRow, type FilingRow, type MarketStores } from './market-store.ts';
import { type RegisterPort } from './register-port.ts';

/** A filing as its pages show it: the stored row, the projected state and its history. */
export type FilingView = { row: FilingRow; state: FilingState; events: FilingEvent[] };

export type DraftError = 'unknown-unit' | 'not-own-unit' | 'not-found' | 'not-a-draft';
export type ActError = FilingRefusal | 'not-found' | 'busy';

/** The register's 登簿, as a filing's history names who closed it. */
const REGISTRATION: Actor = { kind: 'registration', id: 'register', name: '不动产登记簿', orgId: null, orgName: null };

/** How often a command is decided again when another write to the same filing came first. */
const ATTEMPTS = 5;

/**
 * The use cases of contract filing: drafting on the developer portal, filing (one active filing per unit,
 * held by the database), acting on a filing (change, cancel, 预抵押, close), and the bank's look-up. Each
 * decides with `domain/market` and writes through the store in one transaction; what must follow a write
 * (listings, the register) is queued in the same transaction and done by the market's worker.
 */
export class FilingService {
  constructor(
    private readonly stores: MarketStores,
    private readonly register: RegisterPort,
    private readonly clock: Clock,
    private readonly afterWrite: () => void = () => undefined,
    /** The office's area code, carried by the ids this service mints (domain/city/office-ids.ts). */
    private readonly area: string | null = null,
  ) {}

  private today(): string {
    return chinaDate(this.clock.now().toISOString());
  }

  /** Saves a new draft under the next contract number. The draft may still have problems; filing checks them. */
  async createDraft(actor: Actor, draft: ContractDraft): Promise<Result<DraftRow, DraftError>> {
    const unit = await this.stores.table.unit(draft.unitNumber);
    if (!unit) return err('unknown-unit');
    const project = await this.stores.table.project(unit.projectId);
    if (project?.developerId !== actor.orgId) return err('not-own-unit');
    const now = this.clock.now().toISOString();
    const row = await this.stores.filings.createDraft(
      { id: officeId(this.area, 'draft', randomUUID()), developerId: project.developerId, unitNumber: unit.unitNumber, draft, createdBy: actor.id, createdAt: now, updatedAt: now },
      draft.template,
      Number(this.today().slice(0, 4)),
    );
    return ok(row);
  }

  async updateDraft(actor: Actor, id: string, draft: ContractDraft): Promise<Result<DraftRow, DraftError>> {
    const row = await this.ownDraft(actor, id);
    if (!row.ok) return row;
    const unit = await this.stores.table.unit(draft.unitNumber);
    if (!unit) return err('unknown-unit');
    const project = await this.stores.table.project(unit.projectId);
    if (project?.developerId !== actor.orgId) return err('not-own-unit');
    if (!(await this.stores.filings.updateDraft(id, draft, this.clock.now().toISOString()))) return err('not-a-draft');
    return ok({ ...row.value, draft, unitNumber: draft.unitNumber });
  }

  async ownDraft(actor: Actor, id: string): Promise<Result<DraftRow, DraftError>> {
    const row = await this.stores.filings.draft(id);
    if (!row || row.developerId !== actor.orgId) return err('not-found');
    return ok(row);
  }

  /**
   * Files a draft (网签备案). Two offices filing the same unit at the same instant both pass the checks; the
   * database's one-active-filing index lets one stand, and the other is refused naming it.
   */
  async file(actor: Actor, draftId: string): Promise<Result<FilingRow, NewFilingRefusal | { code: 'no-draft' }>> {
    const own = await this.ownDraft(actor, draftId);
    if (!own.ok || own.value.status !== 'draft') return err({ code: 'no-draft' });
    const d = own.value.draft;
    const unit = await this.stores.table.unit(d.unitNumber);
    const project = unit && (await this.stores.table.project(unit.projectId));
    if (!unit || !project) return err({ code: 'no-draft' });
    const today = this.today();
    const [permits, facts, active] = await Promise.all([this.stores.table.permitsOf(project.id), this.register.facts(unit.unitNumber, today), this.stores.filings.activeFilingOf(unit.unitNumber)]);
    const checked = checkNewFiling(d, actor.orgId ?? '', { unit, developerOfUnit: project.developerId, permits, facts: facts ?? unregisteredUnit(unit.unitNumber), activeContractNumber: active?.contractNumber ?? null }, today);
    if (!checked.ok) return err(checked.error);
    const now = this.clock.now().toISOString();
    const { buyers, ...terms } = d;
    const first: FilingEvent = {
      kind: 'filed',
      seq: 1,
      at: now,
      actor,
      terms: { ...terms, contractNumber: own.value.contractNumber, developerId: project.developerId, developerName: actor.orgName ?? '', permitNumber: checked.permit.number },
      buyers,
    };
    const row: FilingRow = {
      id: officeId(this.area, 'filing', randomUUID()),
      contractNumber: own.value.contractNumber,
      unitNumber: unit.unitNumber,
      projectId: project.id,
      developerId: project.developerId,
      districtCode: project.districtCode,
      status: 'active',
      seq: 1,
      totalFen: d.pricing.totalFen,
      areaDm2: d.areaDm2,
      filedAt: now,
      filedOn: today,
      endedOn: null,
    };
    const stored = await this.stores.filings.file(draftId, row, first);
    if (!stored.ok) return err({ code: 'already-filed', contractNumber: stored.standing });
    this.afterWrite();
    return ok(row);
  }

  async view(filingId: string): Promise<FilingView | undefined> {
    const row = await this.stores.filings.filing(filingId);
    if (!row) return undefined;
    const events = await this.stores.filings.events(filingId);
    return { row, state: projectFiling(events), events };
  }

  /** Decides a command on the filing as it stands and stores it; decided again if another write came first. */
  async act(actor: Actor, filingId: string, command: FilingCommand): Promise<Result<FilingView, ActError>> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const v = await this.view(filingId);
      if (!v) return err('not-found');
      const decided = decideFiling(v.state, command, actor);
      if (!decided.ok) return decided;
      const at = this.clock.now().toISOString();
      const events = decided.value.map((body, i) => ({ ...body, seq: v.state.seq + 1 + i, at, actor }));
      const next = projectFiling([...v.events, ...events]);
      const endedOn = next.status === 'active' ? null : this.today();
      if (await this.stores.filings.append(filingId, v.state.seq, events, next.status, endedOn)) {
        this.afterWrite();
        return ok({ row: { ...v.row, seq: next.seq, status: next.status, endedOn }, state: next, events: [...v.events, ...events] });
      }
    }
    return err('busy');
  }

  /**
   * Closes the unit's active filing when the register shows its buyers' ownership registered by a case after it
   * was filed (the 登簿 of the 转移登记). Run on every change of the unit's register; doing it twice changes nothing.
   */
  async closeOnRegistration(unitNumber: string): Promise<Result<FilingView, ActError> | null> {
    const active = await this.stores.filings.activeFilingOf(unitNumber);
    if (!active) return null;
    const v = await this.view(active.id);
    const facts = await this.register.facts(unitNumber, this.today());
    const by = v && facts ? closingRegistration(v.state, facts) : null;
    return by ? this.act(REGISTRATION, active.id, { kind: 'close', ...by }) : null;
  }

  /**
   * A bank's look-up: a filing is shown only to one who names both its contract number and a buyer's ID
   * number, and nothing else is searchable. A wrong pair answers exactly as an unknown contract does. The
   * bank is told of the filing's changes from then on.
   */
  async bankLookup(bank: Actor, contractNumber: string, buyerIdNumber: string): Promise<FilingView | undefined> {
    const row = await this.stores.filings.filingByContract(contractNumber.trim().toUpperCase());
    if (!row) return undefined;
    const v = await this.view(row.id);
    if (!v?.state.buyers.some((b) => normalizeIdNumber(b.idNumber) === normalizeIdNumber(buyerIdNumber))) return undefined;
    await this.stores.filings.watch(bank.orgId ?? '', row.id, this.clock.now().toISOString());
    return v;
  }
}
