import { officeId } from '#domain/city/office-ids.ts';
import { randomInt, randomUUID } from 'node:crypto';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { saleBasisOf } from '#domain/market/building-table.ts';
import { autoCheck, type AutoCheck, checkListingInput, decideVerification, endReasonFor, type ListingFacts, type ListingInputProblem, type ListingSource, passes, type Seller, type VerifyItem, type VerifyRefusal } from '#domain/market/listing.ts';
import { makeVerificationCode } from '#domain/market/verification-code.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type CheckRow, type ListingRow, type MarketStores } from './market-store.ts';
import { type RegisterPort } from './register-port.ts';

export type SubmitError = { code: 'input'; problems: ListingInputProblem[] } | { code: 'refused'; listing: ListingRow; checks: AutoCheck[] } | { code: 'unit-listed' } | { code: 'new-home' };
export type VerifyError = VerifyRefusal | 'not-found' | 'busy';

/** 11 random digits for a verification code (the twelfth is its check digit). */
const randomDigits = (): string => Array.from({ length: 11 }, () => String(randomInt(10))).join('');

/**
 * The use cases of the trading market: a second-hand listing submitted and checked against the register at
 * once, verified item by item at the office and published with its code; a new-home listing kept in line with
 * the building table; every live listing ended by itself when its home is sold, seized or filed.
 */
export class ListingService {
  constructor(
    private readonly stores: MarketStores,
    private readonly register: RegisterPort,
    private readonly clock: Clock,
    private readonly newCode: () => string = () => makeVerificationCode(randomDigits()),
    /** The office's area code, carried by the ids this service mints (domain/city/office-ids.ts). */
    private readonly area: string | null = null,
  ) {}

  private today(): string {
    return chinaDate(this.clock.now().toISOString());
  }

  /**
   * A second-hand listing from an agency or an owner. A listing that fails a check against the register is
   * kept as refused, with the checks that failed, so the submitter sees why and the office sees who tried.
   */
  async submit(source: ListingSource, submittedBy: string, facts: ListingFacts, sellers: readonly Seller[]): Promise<Result<ListingRow, SubmitError>> {
    const problems = checkListingInput(facts, sellers, this.today());
    if (problems.length > 0) return err({ code: 'input', problems });
    // A home of the building table not yet sold is offered from the sales table, not as a second-hand home.
    const unit = await this.stores.table.unit(facts.unitNumber);
    const filing = await this.stores.filings.activeFilingOf(facts.unitNumber);
    if (unit && !filing) {
      const latest = (await this.stores.filings.latestFilingsOf(unit.projectId)).get(unit.unitNumber);
      if (latest?.status !== 'closed') return err({ code: 'new-home' });
    }
    const registered = await this.register.facts(facts.unitNumber, this.today());
    const checks = autoCheck(sellers, facts.areaDm2, registered, filing?.contractNumber ?? null);
    const now = this.clock.now().toISOString();
    const row: ListingRow = { ...facts, id: officeId(this.area, 'listing', randomUUID()), kind: 'second-hand', source, sellers, status: passes(checks) ? 'verifying' : 'refused', code: null, submittedBy, submittedAt: now, publishedAt: null, endedAt: null, endReason: null };
    const rows: CheckRow[] = checks.map((c, i) => ({ seq: i + 1, source: 'auto', item: c.item, ok: c.ok, note: '', staffId: null, at: now }));
    if ((await this.stores.listings.create(row, rows)) === 'unit-listed') return err({ code: 'unit-listed' });
    return row.status === 'refused' ? err({ code: 'refused', listing: row, checks }) : ok(row);
  }

  /** One item verified by office staff; the last one publishes the listing under a new verification code. */
  async verify(staffId: string, listingId: string, item: VerifyItem, isOk: boolean, note: string): Promise<Result<ListingRow, VerifyError>> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const l = await this.stores.listings.listing(listingId);
      if (!l) return err('not-found');
      const done = (await this.stores.listings.checks(listingId)).filter((c) => c.source === 'staff');
      const at = this.clock.now().toISOString();
      const v = { item, ok: isOk, note: note.trim(), staffId, at };
      const decided = decideVerification(l.status, done.map((c) => ({ item: c.item as VerifyItem, ok: c.ok, note: c.note, staffId: c.staffId ?? '', at: c.at })), v);
      if (!decided.ok) return err(decided.error);
      const code = decided.next === 'published' ? this.newCode() : null;
      if (await this.stores.listings.verify(listingId, { status: l.status, staffChecks: done.length }, { source: 'staff', item, ok: isOk, note: v.note, staffId, at }, decided.next, code)) {
        return ok({ ...l, status: decided.next, code: code ?? l.code, publishedAt: code ? at : l.publishedAt });
      }
    }
    return err('busy');
  }

  async withdraw(orgId: string, listingId: string): Promise<boolean> {
    const l = await this.stores.listings.listing(listingId);
    if (!l || l.source.kind === 'owner' || l.source.orgId !== orgId) return false;
    return this.stores.listings.end(listingId, 'withdrawn', this.clock.now().toISOString(), this.today());
  }

  /**
   * Brings a unit's listings in line with what the register, the filings and the building table say: a live
   * listing ends when its home is sold, seized or filed; a home of the building table for sale under a
   * permit, with a declared price, is offered as a new-home listing.
   */
  async reconcileUnit(unitNumber: string): Promise<void> {
    const today = this.today();
    const now = this.clock.now().toISOString();
    const [facts, filing, live] = await Promise.all([this.register.facts(unitNumber, today), this.stores.filings.activeFilingOf(unitNumber), this.stores.listings.liveOf(unitNumber)]);
    if (live) {
      const reason = endReasonFor(live.kind, facts, filing?.contractNumber ?? null, live.sellers.map((s) => s.idNumber));
      if (reason) await this.stores.listings.end(live.id, reason, now, today);
      else return;
    }
    if (filing || (facts && (facts.seizure || facts.waitingSeizures > 0))) return;
    const unit = await this.stores.table.unit(unitNumber);
    if (!unit || unit.listFenPerM2 === null) return;
    const latest = (await this.stores.filings.latestFilingsOf(unit.projectId)).get(unitNumber);
    if (latest?.status === 'closed') return;
    const [project, permits, buildings] = await Promise.all([this.stores.table.project(unit.projectId), this.stores.table.permitsOf(unit.projectId), this.stores.table.buildingsOf(unit.projectId)]);
    const building = buildings.find((b) => b.id === unit.buildingId);
    if (!project || !building || !saleBasisOf(unit, permits, today).ok) return;
    const row: ListingRow = {
      id: officeId(this.area, 'listing', randomUUID()),
      kind: 'new-home',
      unitNumber,
      districtCode: project.districtCode,
      place: `${project.name} ${building.name}`,
      areaDm2: unit.areaDm2,
      priceFen: Math.floor((unit.listFenPerM2 * unit.areaDm2 + 50) / 100),
      use: unit.use,
      rooms: unit.rooms,
      halls: unit.halls,
      floor: unit.floor,
      totalFloors: building.floors,
      description: '',
      source: { kind: 'developer', orgId: project.developerId, orgName: project.name },
      sellers: [],
      status: 'published',
      code: this.newCode(),
      submittedBy: 'building-table',
      submittedAt: now,
      publishedAt: now,
      endedAt: null,
      endReason: null,
    };
    await this.stores.listings.create(row, []);
  }
}
