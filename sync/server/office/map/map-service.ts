import { checkDecision, STATUS_CATEGORIES, statusOn, type DecisionError, type StatusCategory, type StatusDecision } from '#domain/map/building-status.ts';
import { checkTables, estimateCost, STREET_CLASSES, type CostTables, type Estimate, type StreetClass, type TablesError } from '#domain/map/compensation.ts';
import { checkRegion, type Polygon, type RegionError } from '#domain/map/geometry.ts';
import { estimateErrorText, regionErrorText } from '#domain/map/map-text.ts';
import { summarizeRegion, type RegionSummary } from '#domain/map/region-summary.ts';
import { parseYuan, type Fen } from '#domain/money.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type Building } from './layer.ts';
import { type RegionRequest, type TablesRequest } from './map-contract.ts';
import { type Entry, type MapIndex } from './map-index.ts';
import { M } from './map-page-text.ts';
import { type MapStore, type StoredDecision, type TablesVersion } from './map-store.ts';

export type BuildingRow = Omit<Building, 'footprint' | 'parcelId'> & { category: StatusCategory; decision: StoredDecision };
export type RegionResult = {
  label: string;
  polygon: Polygon;
  day: string;
  summary: RegionSummary;
  /** Every building in the region, by status then id. */
  rows: BuildingRow[];
  streets: { streetClass: StreetClass; metres: number }[];
  estimate: { ok: true; value: Estimate; tablesVersion: number } | { ok: false; message: string };
};
export type QueryError = { code: 'bad-region'; error: RegionError } | { code: 'unknown-district'; districtCode: string };

export function queryErrorText(e: QueryError): string {
  return e.code === 'bad-region' ? regionErrorText(e.error) : M.errors.unknownDistrict(e.districtCode);
}

/** Rows already in id order, grouped by status in the categories' order: a pass per status, no sort. */
function byStatusThenId(rows: BuildingRow[]): BuildingRow[] {
  const sorted: BuildingRow[] = [];
  for (const c of STATUS_CATEGORIES) for (const r of rows) if (r.category === c) sorted.push(r);
  return sorted;
}

/**
 * The map's use cases: the region query with its estimate, status decisions and the cost tables. Each
 * reads the index (brought up to date first) or writes through the store; the rules are domain/map's.
 */
export class MapService {
  constructor(
    private readonly store: MapStore,
    private readonly index: MapIndex,
  ) {}

  async query(region: RegionRequest, day: string): Promise<Result<RegionResult, QueryError>> {
    await this.index.refresh();
    let polygon: Polygon;
    let label: string;
    if (region.kind === 'district') {
      const d = this.index.district(region.code);
      if (!d) return err({ code: 'unknown-district', districtCode: region.code });
      polygon = d.polygon;
      label = d.name;
    } else {
      const checked = checkRegion(region.ring);
      if (!checked.ok) return err({ code: 'bad-region', error: checked.error });
      polygon = checked.value;
      label = '';
    }
    const rows = byStatusThenId(this.index.inPolygon(polygon).map((e) => rowOf(e, day)));
    const streets = this.index.streetsIn(polygon);
    const tables = await this.store.costTables();
    const estimate = tables ? estimateWith(rows, streets, tables) : ({ ok: false, message: '征收估算单价表尚未设定，请由系统管理员在“征收估算单价表”页面设定。' } as const);
    const perClass = STREET_CLASSES.map((c) => ({ streetClass: c, metres: Math.round(streets.filter((s) => s.streetClass === c).reduce((s, x) => s + x.metres, 0) * 100) / 100 })).filter((s) => s.metres > 0);
    return ok({ label, polygon, day, summary: summarizeRegion(rows), rows, streets: perClass, estimate });
  }

  async building(id: string, day: string): Promise<{ row: BuildingRow; footprint: Polygon; parcelId: string; history: StoredDecision[] } | undefined> {
    await this.index.refresh();
    const e = this.index.entry(id);
    if (!e) return undefined;
    return { row: rowOf(e, day), footprint: e.building.footprint, parcelId: e.building.parcelId, history: await this.store.decisionsOf(id) };
  }

  /** Records a new status decision (e.g. the survey's finding on an unregistered building). */
  async decide(id: string, d: StatusDecision, staffId: string, now: string): Promise<Result<StoredDecision, DecisionError | 'unknown-building'>> {
    await this.index.refresh();
    if (!this.index.entry(id)) return err('unknown-building');
    const problem = checkDecision(d);
    if (problem) return err(problem);
    const stored = await this.store.recordDecision(id, d, staffId, now);
    await this.index.refresh();
    return ok(stored);
  }

  districts(): Promise<{ code: string; name: string }[]> {
    return this.store.districts();
  }

  tables(): Promise<TablesVersion | undefined> {
    return this.store.costTables();
  }

  history(limit = 50): Promise<TablesVersion[]> {
    return this.store.costTableHistory(limit);
  }

  async saveTables(input: TablesRequest, staff: { id: string; name: string }, now: string): Promise<Result<TablesVersion, { code: 'bad-amount'; field: string } | TablesError>> {
    const amount = (field: string, text: string): Fen | string => {
      const r = parseYuan(text);
      return r.ok ? r.value : field;
    };
    const fields: [string, string][] = [
      ['搬迁费单价', input.relocationYuanPerM2],
      ['临时安置费单价', input.interimYuanPerM2Month],
      ...STREET_CLASSES.map((c): [string, string] => [`管网单价（${c}）`, input.pipeYuanPerMetre[c]]),
      ...input.unitValues.map((r): [string, string] => [`评估单价（${r.zone}）`, r.yuanPerM2]),
    ];
    for (const [field, text] of fields) if (typeof amount(field, text) === 'string') return err({ code: 'bad-amount', field });
    const fenOf = (text: string) => amount('', text) as Fen;
    const tables: CostTables = {
      unitValues: input.unitValues.map((r) => ({ zone: r.zone, use: r.use, fenPerM2: fenOf(r.yuanPerM2) })),
      relocationFenPerM2: fenOf(input.relocationYuanPerM2),
      interimFenPerM2Month: fenOf(input.interimYuanPerM2Month),
      interimMonths: input.interimMonths,
      pipeFenPerMetre: { arterial: fenOf(input.pipeYuanPerMetre.arterial), secondary: fenOf(input.pipeYuanPerMetre.secondary), branch: fenOf(input.pipeYuanPerMetre.branch) },
    };
    const problem = checkTables(tables);
    if (problem) return err(problem);
    return ok(await this.store.saveCostTables(tables, staff.id, staff.name, now, input.note));
  }
}

/** Written out field by field: a whole-city query makes 100,000 of these, and a rest spread copies far slower. */
function rowOf(e: Entry, day: string): BuildingRow {
  const b = e.building;
  return { id: b.id, districtCode: b.districtCode, address: b.address, use: b.use, zone: b.zone, floors: b.floors, floorAreaDm2: b.floorAreaDm2, unitIds: b.unitIds, category: statusOn(e.decision, day), decision: e.decision };
}

function estimateWith(rows: readonly BuildingRow[], streets: { streetClass: StreetClass; metres: number }[], t: TablesVersion): RegionResult['estimate'] {
  const r = estimateCost(rows, streets, t.tables);
  return r.ok ? { ok: true, value: r.value, tablesVersion: t.version } : { ok: false, message: estimateErrorText(r.error) };
}
