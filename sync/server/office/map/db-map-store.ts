import { type BuildingStatus } from '#domain/map/building-status.ts';
import { type CostTables, type StreetClass } from '#domain/map/compensation.ts';
import { type BuildingUse } from '#domain/map/region-summary.ts';
import { type Db, type Queryable } from '#office/platform/db/db.ts';
import { sql, sqlLimit } from '#office/platform/db/sql.ts';
import { type Building } from './layer.ts';
import { type MapStore, type StoredDecision, type TablesVersion } from './map-store.ts';

type BuildingRow = { id: string; parcel_id: string; district_code: string; address: string; use: BuildingUse; zone: string; floors: number; floor_area_dm2: number; unit_ids: string; footprint: string };
type DecisionRow = { seq: number; building_id: string; status: BuildingStatus; decided_by: string; decided_on: string; basis: string; approved_until: string | null; recorded_by: string; recorded_at: string };
type TablesRow = { version: number; tables: string; changed_by: string; changed_by_name: string; changed_at: string; note: string };

const BUILDING_COLUMNS = sql`id, parcel_id, district_code, address, use, zone, floors, floor_area_dm2, unit_ids, footprint`;
const DECISION_COLUMNS = sql`seq, building_id, status, decided_by, decided_on, basis, approved_until, recorded_by, recorded_at`;
const TABLES_COLUMNS = sql`version, tables, changed_by, changed_by_name, changed_at, note`;

const buildingFromRow = (r: BuildingRow): Building => ({
  id: r.id,
  parcelId: r.parcel_id,
  districtCode: r.district_code,
  address: r.address,
  use: r.use,
  zone: r.zone,
  floors: r.floors,
  floorAreaDm2: r.floor_area_dm2,
  unitIds: JSON.parse(r.unit_ids) as string[],
  footprint: JSON.parse(r.footprint) as Building['footprint'],
});
const decisionFromRow = (r: DecisionRow): StoredDecision => ({
  seq: r.seq,
  buildingId: r.building_id,
  status: r.status,
  decidedBy: r.decided_by,
  decidedOn: r.decided_on,
  basis: r.basis,
  approvedUntil: r.approved_until,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});
const tablesFromRow = (r: TablesRow): TablesVersion => ({
  version: r.version,
  tables: JSON.parse(r.tables) as CostTables,
  changedBy: r.changed_by,
  changedByName: r.changed_by_name,
  changedAt: r.changed_at,
  note: r.note,
});

/**
 * The map store on the office's own database (tables of migration 0006_map-layer.sql), over the office
 * database port: the same code on SQLite and PostgreSQL. The database belongs to the office's storage,
 * which closes it.
 */
export function dbMapStore(db: Db): MapStore {
  const insertDecision = async (q: Queryable, buildingId: string, d: Omit<StoredDecision, 'seq' | 'buildingId'>): Promise<number> => {
    const row = await q.get<{ seq: number }>(sql`INSERT INTO map_status_decisions (building_id, status, decided_by, decided_on, basis, approved_until, recorded_by, recorded_at)
      VALUES (${buildingId}, ${d.status}, ${d.decidedBy}, ${d.decidedOn}, ${d.basis}, ${d.approvedUntil}, ${d.recordedBy}, ${d.recordedAt}) RETURNING seq`);
    if (!row) throw new Error('map decision not stored');
    return row.seq;
  };
  return {
    importLayer: (layer, source, by, at) =>
      db.transaction(async (q) => {
        await q.lock('map-layer');
        if (await q.get(sql`SELECT 1 AS x FROM map_layer_imports LIMIT 1`)) return false;
        for (const d of layer.districts) await q.run(sql`INSERT INTO map_districts (code, name, polygon) VALUES (${d.code}, ${d.name}, ${JSON.stringify(d.polygon)})`);
        for (const p of layer.parcels) await q.run(sql`INSERT INTO map_parcels (id, district_code, zone, polygon) VALUES (${p.id}, ${p.districtCode}, ${p.zone}, ${JSON.stringify(p.polygon)})`);
        for (const b of layer.buildings) {
          await q.run(sql`INSERT INTO map_buildings (id, parcel_id, district_code, address, use, zone, floors, floor_area_dm2, unit_ids, footprint)
            VALUES (${b.id}, ${b.parcelId}, ${b.districtCode}, ${b.address}, ${b.use}, ${b.zone}, ${b.floors}, ${b.floorAreaDm2}, ${JSON.stringify(b.unitIds)}, ${JSON.stringify(b.footprint)})`);
          const d = layer.decisions.get(b.id);
          if (!d) throw new Error(`building ${b.id} has no status decision`);
          await insertDecision(q, b.id, { ...d, recordedBy: by, recordedAt: at });
        }
        for (const s of layer.streets) await q.run(sql`INSERT INTO map_streets (id, name, street_class, line) VALUES (${s.id}, ${s.name}, ${s.streetClass}, ${JSON.stringify(s.line)})`);
        const counts = { districts: layer.districts.length, parcels: layer.parcels.length, buildings: layer.buildings.length, streets: layer.streets.length };
        await q.run(sql`INSERT INTO map_layer_imports (source, counts, imported_by, imported_at) VALUES (${source}, ${JSON.stringify(counts)}, ${by}, ${at})`);
        return true;
      }),
    layerVersion: async () => (await db.get<{ v: number | null }>(sql`SELECT max(id) AS v FROM map_layer_imports`))?.v ?? 0,
    districts: async () =>
      (await db.all<{ code: string; name: string; polygon: string }>(sql`SELECT code, name, polygon FROM map_districts ORDER BY code`)).map((r) => ({ code: r.code, name: r.name, polygon: JSON.parse(r.polygon) as Building['footprint'] })),
    parcels: async () =>
      (await db.all<{ id: string; district_code: string; zone: string; polygon: string }>(sql`SELECT id, district_code, zone, polygon FROM map_parcels ORDER BY id`)).map((r) => ({
        id: r.id,
        districtCode: r.district_code,
        zone: r.zone,
        polygon: JSON.parse(r.polygon) as Building['footprint'],
      })),
    buildings: async () => (await db.all<BuildingRow>(sql`SELECT ${BUILDING_COLUMNS} FROM map_buildings ORDER BY id`)).map(buildingFromRow),
    building: async (id) => {
      const r = await db.get<BuildingRow>(sql`SELECT ${BUILDING_COLUMNS} FROM map_buildings WHERE id = ${id}`);
      return r && buildingFromRow(r);
    },
    streets: async () =>
      (await db.all<{ id: string; name: string; street_class: StreetClass; line: string }>(sql`SELECT id, name, street_class, line FROM map_streets ORDER BY id`)).map((r) => ({
        id: r.id,
        name: r.name,
        streetClass: r.street_class,
        line: JSON.parse(r.line) as [number, number][],
      })),
    decisionsAfter: async (after) => (await db.all<DecisionRow>(sql`SELECT ${DECISION_COLUMNS} FROM map_status_decisions WHERE seq > ${after} ORDER BY seq`)).map(decisionFromRow),
    decisionsOf: async (buildingId) => (await db.all<DecisionRow>(sql`SELECT ${DECISION_COLUMNS} FROM map_status_decisions WHERE building_id = ${buildingId} ORDER BY seq`)).map(decisionFromRow),
    recordDecision: async (buildingId, d, by, at) => {
      const seq = await db.transaction(async (q) => {
        // Numbers taken in commit order: each server's index catches up by number (map-index.ts), and would skip
        // for good a decision numbered before another that committed first.
        await q.lock('map-decisions');
        return insertDecision(q, buildingId, { ...d, recordedBy: by, recordedAt: at });
      });
      return { ...d, seq, buildingId, recordedBy: by, recordedAt: at };
    },
    costTables: async () => {
      const r = await db.get<TablesRow>(sql`SELECT ${TABLES_COLUMNS} FROM map_cost_tables ORDER BY version DESC LIMIT 1`);
      return r && tablesFromRow(r);
    },
    costTableHistory: async (limit) => (await db.all<TablesRow>(sql`SELECT ${TABLES_COLUMNS} FROM map_cost_tables ORDER BY version DESC ${sqlLimit(limit)}`)).map(tablesFromRow),
    saveCostTables: async (tables, by, byName, at, note) => {
      const row = await db.transaction((q) =>
        q.get<{ version: number }>(sql`INSERT INTO map_cost_tables (tables, changed_by, changed_by_name, changed_at, note) VALUES (${JSON.stringify(tables)}, ${by}, ${byName}, ${at}, ${note}) RETURNING version`),
      );
      if (!row) throw new Error('cost tables not stored');
      return { version: row.version, tables, changedBy: by, changedByName: byName, changedAt: at, note };
    },
    close: () => undefined,
  };
}
