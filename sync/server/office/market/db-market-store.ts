import { type Building, type BuildingUnit } from '#domain/market/building-table.ts';
import { type Db, type Tx } from '#office/platform/db/db.ts';
import { isUniqueViolation } from '#office/platform/db/errors.ts';
import { sql, sqlLimit } from '#office/platform/db/sql.ts';
import { type OrgDbRow, orgFromRow, type PermitDbRow, permitFromRow, type ProjectDbRow, projectFromRow, type UnitDbRow, unitFromRow } from './market-rows.ts';
import { type BuildingTableStore, type MarketOutbox, type MarketStores, type OutboxWork } from './market-store.ts';
import { dbFilingStore } from './db-filing-store.ts';
import { dbListingStore } from './db-listing-store.ts';
import { dbPortalStore, insertAccount, isLoginTaken } from './db-portal-store.ts';

const unitsOfBuilding = async (tx: Tx, buildingId: string): Promise<string[]> =>
  (await tx.all<{ unit_number: string }>(sql`SELECT unit_number FROM market_units WHERE building_id = ${buildingId}`)).map((u) => u.unit_number);

async function takenUnits(tx: Tx, units: readonly BuildingUnit[]): Promise<string[]> {
  const existing: string[] = [];
  for (const u of units) if (await tx.get(sql`SELECT 1 AS x FROM market_units WHERE unit_number = ${u.unitNumber}`)) existing.push(u.unitNumber);
  return existing;
}

async function insertUnits(tx: Tx, projectId: string, buildings: readonly Building[], units: readonly BuildingUnit[]): Promise<void> {
  for (const b of buildings) await tx.run(sql`INSERT INTO market_buildings (id, project_id, name, floors) VALUES (${b.id}, ${projectId}, ${b.name}, ${b.floors})`);
  for (const u of units) {
    await tx.run(sql`INSERT INTO market_units (unit_number, project_id, building_id, floor, room, use, area_dm2, rooms, halls, list_fen_per_m2, withheld)
      VALUES (${u.unitNumber}, ${projectId}, ${u.buildingId}, ${u.floor}, ${u.room}, ${u.use}, ${u.areaDm2}, ${u.rooms}, ${u.halls}, ${u.listFenPerM2}, ${u.withheld ? 1 : 0})`);
  }
}

function tableStore(db: Db): BuildingTableStore {
  return {
    createOrg: async (o, firstAdmin) => {
      try {
        await db.transaction(async (tx) => {
          await tx.run(sql`INSERT INTO market_orgs (id, kind, name, credit_code, active, created_by, created_at) VALUES (${o.id}, ${o.kind}, ${o.name}, ${o.creditCode}, ${o.active ? 1 : 0}, ${o.createdBy}, ${o.createdAt})`);
          if (firstAdmin) await insertAccount(tx, firstAdmin);
        });
        return 'ok';
      } catch (error) {
        if (isUniqueViolation(error, { sqlite: 'market_orgs.credit_code', postgres: 'market_orgs_credit_code_key' })) return 'credit-code-taken';
        if (isLoginTaken(error)) return 'login-taken';
        throw error;
      }
    },
    org: async (id) => {
      const r = await db.get<OrgDbRow>(sql`SELECT * FROM market_orgs WHERE id = ${id}`);
      return r && orgFromRow(r);
    },
    orgs: async (kind) => (await db.all<OrgDbRow>(sql`SELECT * FROM market_orgs WHERE kind = ${kind} ORDER BY name`)).map(orgFromRow),
    createProject: (p, buildings, units, by, at) =>
      db.transaction(async (tx) => {
        // One project at a time takes new units, on every server, so two projects never both claim one unit.
        await tx.lock('market-units');
        const existing = await takenUnits(tx, units);
        if (existing.length > 0) return { ok: false as const, existing };
        await tx.run(sql`INSERT INTO market_projects (id, developer_id, name, district_code, address, created_by, created_at) VALUES (${p.id}, ${p.developerId}, ${p.name}, ${p.districtCode}, ${p.address}, ${by}, ${at})`);
        await insertUnits(tx, p.id, buildings, units);
        return { ok: true as const };
      }),
    addUnits: (projectId, buildings, units, at) =>
      db.transaction(async (tx) => {
        await tx.lock('market-units');
        const existing = await takenUnits(tx, units);
        if (existing.length > 0) return { ok: false as const, existing };
        await insertUnits(tx, projectId, buildings, units);
        // A unit added to a building already under a permit is for sale at once: the worker offers it.
        for (const u of units) await queue(tx, u.unitNumber, { kind: 'reconcile-unit' }, at);
        return { ok: true as const };
      }),
    project: async (id) => {
      const r = await db.get<ProjectDbRow>(sql`SELECT * FROM market_projects WHERE id = ${id}`);
      return r && projectFromRow(r);
    },
    projectsOf: async (developerId) => (await db.all<ProjectDbRow>(sql`SELECT * FROM market_projects WHERE developer_id = ${developerId} ORDER BY name`)).map(projectFromRow),
    projects: async (districtCode, limit) =>
      (districtCode === null
        ? await db.all<ProjectDbRow>(sql`SELECT * FROM market_projects ORDER BY district_code, name ${sqlLimit(limit)}`)
        : await db.all<ProjectDbRow>(sql`SELECT * FROM market_projects WHERE district_code = ${districtCode} ORDER BY name ${sqlLimit(limit)}`)
      ).map(projectFromRow),
    buildingsOf: async (projectId) =>
      (await db.all<{ id: string; project_id: string; name: string; floors: number }>(sql`SELECT * FROM market_buildings WHERE project_id = ${projectId} ORDER BY name`)).map((r) => ({
        id: r.id,
        projectId: r.project_id,
        name: r.name,
        floors: r.floors,
      })),
    unitsOf: async (projectId) => (await db.all<UnitDbRow>(sql`SELECT * FROM market_units WHERE project_id = ${projectId} ORDER BY building_id, floor DESC, room`)).map(unitFromRow),
    unit: async (unitNumber) => {
      const r = await db.get<UnitDbRow>(sql`SELECT * FROM market_units WHERE unit_number = ${unitNumber}`);
      return r && unitFromRow(r);
    },
    permitsOf: async (projectId) => (await db.all<PermitDbRow>(sql`SELECT * FROM market_permits WHERE project_id = ${projectId} ORDER BY issued_on`)).map(permitFromRow),
    permitNumberTaken: async (number) => (await db.get(sql`SELECT 1 AS x FROM market_permits WHERE number = ${number}`)) !== undefined,
    addPermit: (p, by, at) =>
      db.transaction(async (tx) => {
        await tx.run(sql`INSERT INTO market_permits (id, project_id, kind, number, authority, issued_on, building_ids, revoked_on, recorded_by, recorded_at)
          VALUES (${p.id}, ${p.projectId}, ${p.kind}, ${p.number}, ${p.authority}, ${p.issuedOn}, ${JSON.stringify(p.buildingIds)}, NULL, ${by}, ${at})`);
        for (const buildingId of p.buildingIds) for (const u of await unitsOfBuilding(tx, buildingId)) await queue(tx, u, { kind: 'reconcile-unit' }, at);
      }),
    revokePermit: (id, on, by, at) =>
      db.transaction(async (tx) => {
        const p = await tx.get<PermitDbRow>(sql`SELECT * FROM market_permits WHERE id = ${id} AND revoked_on IS NULL`);
        if (!p) return false;
        const moved = await tx.run(sql`UPDATE market_permits SET revoked_on = ${on}, recorded_by = ${by}, recorded_at = ${at} WHERE id = ${id} AND revoked_on IS NULL`);
        if (moved !== 1) return false;
        for (const buildingId of permitFromRow(p).buildingIds) for (const u of await unitsOfBuilding(tx, buildingId)) await queue(tx, u, { kind: 'reconcile-unit' }, at);
        return true;
      }),
  };
}

const queue = (tx: Tx, unitNumber: string, work: OutboxWork, at: string) =>
  tx.run(sql`INSERT INTO market_outbox (kind, unit_number, payload, created_at) VALUES (${work.kind}, ${unitNumber}, ${JSON.stringify(work)}, ${at})`);

function outboxStore(db: Db): MarketOutbox {
  return {
    enqueue: (unitNumbers, work, at) =>
      db.transaction(async (tx) => {
        for (const u of unitNumbers) await queue(tx, u, work, at);
      }),
    outbox: async (limit) =>
      (await db.all<{ id: number; unit_number: string; payload: string; created_at: string }>(sql`SELECT * FROM market_outbox ORDER BY id ${sqlLimit(limit)}`)).map((r) => ({
        id: r.id,
        unitNumber: r.unit_number,
        work: JSON.parse(r.payload) as OutboxWork,
        createdAt: r.created_at,
      })),
    complete: (ids) =>
      db.transaction(async (tx) => {
        for (const id of ids) await tx.run(sql`DELETE FROM market_outbox WHERE id = ${id}`);
      }),
  };
}

/**
 * The market's stores on the office's database (tables of migration 0009_market.sql), SQLite or PostgreSQL:
 * the office's own connection, so the market's writes share its transactions' rules and its backups.
 */
export function dbMarketStores(db: Db): MarketStores {
  return { table: tableStore(db), filings: dbFilingStore(db), listings: dbListingStore(db), outbox: outboxStore(db), portal: dbPortalStore(db) };
}
