import { officeId } from '#domain/city/office-ids.ts';
import { randomUUID } from 'node:crypto';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { checkCreditCode, type CreditCodeError } from '#domain/identity/credit-code.ts';
import { type Building, type BuildingUnit, checkPermit, type PermitError, type PermitKind, type SalePermit } from '#domain/market/building-table.ts';
import { type ImportedUnit, parseUnitCells, parseUnitRows, type RowProblem } from '#domain/market/unit-import.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { JIAMUSI_CITY_AREA } from '#domain/units/service-area.ts';
import { type Account, type MarketStores, type Org, type OrgKind } from './market-store.ts';
import { type AccountError } from './portal-accounts.ts';

export type OrgError = { code: 'name' } | { code: 'credit-code'; error: CreditCodeError } | { code: 'credit-code-taken' } | { code: 'admin'; error: AccountError };
export type ProjectError = { code: 'name' | 'address' | 'district' | 'developer' } | UnitsError;
export type UnitsError = { code: 'rows'; problems: RowProblem[] } | { code: 'units-exist'; unitNumbers: string[] } | { code: 'unit-district'; unitNumber: string } | { code: 'floors'; building: string } | { code: 'unknown-project' };
export type PermitInput = { projectId: string; kind: PermitKind; number: string; authority: string; issuedOn: string; buildingIds: string[] };

/**
 * The building table's use cases at the office: the organisations that use the portals, a project entered
 * from the survey's results, and the permits (预售许可, 竣工验收备案) that put its homes on sale.
 */
export class BuildingTableService {
  constructor(
    private readonly stores: MarketStores,
    private readonly clock: Clock,
    private readonly afterWrite: () => void = () => undefined,
    /** The office's area code, carried by the ids this service mints (domain/city/office-ids.ts). */
    private readonly area: string | null = null,
  ) {}

  /**
   * An organisation that uses a portal, stored together with its first admin login (`firstAdmin` mints it for the new
   * organisation): both or neither, since no page adds a first admin to an organisation stored without one.
   */
  async createOrg(by: string, input: { kind: OrgKind; name: string; creditCode: string }, firstAdmin: (org: Org) => Promise<Result<Account, AccountError>>): Promise<Result<Org, OrgError>> {
    if (input.name.trim() === '') return err({ code: 'name' });
    const code = checkCreditCode(input.creditCode);
    if (!code.ok) return err({ code: 'credit-code', error: code.error });
    const org: Org = { id: officeId(this.area, input.kind, randomUUID()), kind: input.kind, name: input.name.trim(), creditCode: code.value.code, active: true, createdBy: by, createdAt: this.clock.now().toISOString() };
    const admin = await firstAdmin(org);
    if (!admin.ok) return err({ code: 'admin', error: admin.error });
    const stored = await this.stores.table.createOrg(org, admin.value);
    if (stored === 'ok') return ok(org);
    return err(stored === 'login-taken' ? { code: 'admin', error: 'login-taken' } : { code: 'credit-code-taken' });
  }

  /**
   * A project, with the units pasted from the survey's table when there are any (every row checked before
   * anything is stored); without rows the project starts empty and its units are entered one by one.
   */
  async createProject(by: string, input: { developerId: string; name: string; districtCode: string; address: string; rows: string }): Promise<Result<string, ProjectError>> {
    if (input.name.trim() === '') return err({ code: 'name' });
    if (input.address.trim() === '') return err({ code: 'address' });
    if (!JIAMUSI_CITY_AREA.districtCodes.includes(input.districtCode)) return err({ code: 'district' });
    const developer = await this.stores.table.org(input.developerId);
    if (developer?.kind !== 'developer') return err({ code: 'developer' });
    const parsed = input.rows.trim() === '' ? { ok: true as const, units: [] } : parseUnitRows(input.rows);
    if (!parsed.ok) return err({ code: 'rows', problems: parsed.problems });
    const projectId = officeId(this.area, 'project', randomUUID());
    const placed = placeUnits(() => officeId(this.area, 'building', randomUUID()), projectId, input.districtCode, [], parsed.units);
    if (!placed.ok) return placed;
    const project = { id: projectId, developerId: developer.id, name: input.name.trim(), districtCode: input.districtCode, address: input.address.trim() };
    const stored = await this.stores.table.createProject(project, placed.value.buildings, placed.value.units, by, this.clock.now().toISOString());
    return stored.ok ? ok(projectId) : err({ code: 'units-exist', unitNumbers: stored.existing });
  }

  /** One unit entered by hand (the survey table's columns, the same checks), into a building of the project or a new one. */
  async addUnit(projectId: string, cells: readonly string[]): Promise<Result<string, UnitsError>> {
    const project = await this.stores.table.project(projectId);
    if (!project) return err({ code: 'unknown-project' });
    const parsed = parseUnitCells(cells, 1);
    if (!parsed.unit) return err({ code: 'rows', problems: parsed.problems });
    const placed = placeUnits(() => officeId(this.area, 'building', randomUUID()), projectId, project.districtCode, await this.stores.table.buildingsOf(projectId), [parsed.unit]);
    if (!placed.ok) return placed;
    const stored = await this.stores.table.addUnits(projectId, placed.value.buildings, placed.value.units, this.clock.now().toISOString());
    if (!stored.ok) return err({ code: 'units-exist', unitNumbers: stored.existing });
    this.afterWrite();
    return ok(parsed.unit.unitNumber);
  }

  async addPermit(by: string, input: PermitInput): Promise<Result<SalePermit, PermitError | 'unknown-project'>> {
    const project = await this.stores.table.project(input.projectId);
    if (!project) return err('unknown-project');
    const buildings = await this.stores.table.buildingsOf(project.id);
    const number = input.number.trim();
    const taken = (await this.stores.table.permitNumberTaken(number)) ? [number] : [];
    const problem = checkPermit({ ...input, number }, buildings, taken, chinaDate(this.clock.now().toISOString()));
    if (problem) return err(problem);
    const permit: SalePermit = { ...input, number, authority: input.authority.trim(), id: officeId(this.area, 'permit', randomUUID()), revokedOn: null };
    await this.stores.table.addPermit(permit, by, this.clock.now().toISOString());
    this.afterWrite();
    return ok(permit);
  }

  async revokePermit(by: string, permitId: string, on: string): Promise<boolean> {
    const done = await this.stores.table.revokePermit(permitId, on, by, this.clock.now().toISOString());
    if (done) this.afterWrite();
    return done;
  }
}

/**
 * The buildings and units of the table for units read from the survey's columns: each unit goes into the
 * project's building of its name (whose floor count must agree) or a new one; every unit is in the project's district.
 */
function placeUnits(newId: () => string, projectId: string, districtCode: string, existing: readonly Building[], read: readonly ImportedUnit[]): Result<{ buildings: Building[]; units: BuildingUnit[] }, UnitsError> {
  const elsewhere = read.find((u) => u.unitNumber.slice(0, 6) !== districtCode);
  if (elsewhere) return err({ code: 'unit-district', unitNumber: elsewhere.unitNumber });
  const buildings: Building[] = [];
  for (const u of read) {
    const known = existing.find((b) => b.name === u.building) ?? buildings.find((b) => b.name === u.building);
    if (known && known.floors !== u.floors) return err({ code: 'floors', building: u.building });
    if (!known) buildings.push({ id: newId(), projectId, name: u.building, floors: u.floors });
  }
  const all = [...existing, ...buildings];
  const units: BuildingUnit[] = read.map((u) => ({
    unitNumber: u.unitNumber,
    projectId,
    buildingId: all.find((b) => b.name === u.building)?.id ?? '',
    floor: u.floor,
    room: u.room,
    use: u.use,
    areaDm2: u.areaDm2,
    rooms: u.rooms,
    halls: u.halls,
    listFenPerM2: u.listFenPerM2,
    withheld: u.withheld,
  }));
  return ok({ buildings, units });
}
