import Database from 'better-sqlite3';
import { sql, SqlRunner } from '#server/db/sql.ts';
import { type OrgDbRow, orgFromRow, type PermitDbRow, permitFromRow, type ProjectDbRow, projectFromRow, type UnitDbRow, unitFromRow } from './market-rows.ts';
import { type BuildingTableStore, type MarketOutbox, type MarketStores, type OutboxWork } from './market-store.ts';
import { sqliteFilingStore } from './sqlite-filing-store.ts';
import { sqliteListingStore } from './sqlite-listing-store.ts';
import { sqlitePortalStore } from './sqlite-portal-store.ts';

function tableStore(q: SqlRunner): BuildingTableStore {
  return {
    createOrg: (o) => {
      try {
        q.run(sql`INSERT INTO market_orgs (id, kind, name, credit_code, active, created_by, created_at) VALUES (${o.id}, ${o.kind}, ${o.name}, ${o.creditCode}, ${o.active ? 1 : 0}, ${o.createdBy}, ${o.createdAt})`);
        return Promise.resolve('ok');
      } catch (error) {
        if (error instanceof Error && error.message.includes('market_orgs.credit_code')) return Promise.resolve('credit-code-taken');
        throw error;
      }
    },
    org: (id) => {
      const r = q.get<OrgDbRow>(sql`SELECT * FROM market_orgs WHERE id = ${id}`);
      return Promise.resolve(r && orgFromRow(r));
    },
    orgs: (kind) => Promise.resolve(q.all<OrgDbRow>(sql`SELECT * FROM market_orgs WHERE kind = ${kind} ORDER BY name`).map(orgFromRow)),
    createProject: (p, buildings, units, by, at) =>
      Promise.resolve(
        q.transaction(() => {
          const existing = units.filter((u) => q.get(sql`SELECT 1 AS x FROM market_units WHERE unit_number = ${u.unitNumber}`)).map((u) => u.unitNumber);
          if (existing.length > 0) return { ok: false as const, existing };
          q.run(sql`INSERT INTO market_projects (id, developer_id, name, district_code, address, created_by, created_at) VALUES (${p.id}, ${p.developerId}, ${p.name}, ${p.districtCode}, ${p.address}, ${by}, ${at})`);
          for (const b of buildings) q.run(sql`INSERT INTO market_buildings (id, project_id, name, floors) VALUES (${b.id}, ${p.id}, ${b.name}, ${b.floors})`);
          for (const u of units) {
            q.run(sql`INSERT INTO market_units (unit_number, project_id, building_id, floor, room, use, area_dm2, rooms, halls, list_fen_per_m2, withheld)
              VALUES (${u.unitNumber}, ${p.id}, ${u.buildingId}, ${u.floor}, ${u.room}, ${u.use}, ${u.areaDm2}, ${u.rooms}, ${u.halls}, ${u.listFenPerM2}, ${u.withheld ? 1 : 0})`);
          }
          return { ok: true as const };
        }),
      ),
    project: (id) => {
      const r = q.get<ProjectDbRow>(sql`SELECT * FROM market_projects WHERE id = ${id}`);
      return Promise.resolve(r && projectFromRow(r));
    },
    projectsOf: (developerId) => Promise.resolve(q.all<ProjectDbRow>(sql`SELECT * FROM market_projects WHERE developer_id = ${developerId} ORDER BY name`).map(projectFromRow)),
    projects: (districtCode, limit) =>
      Promise.resolve(
        (districtCode === null
          ? q.all<ProjectDbRow>(sql`SELECT * FROM market_projects ORDER BY district_code, name LIMIT ${limit}`)
          : q.all<ProjectDbRow>(sql`SELECT * FROM market_projects WHERE district_code = ${districtCode} ORDER BY name LIMIT ${limit}`)
        ).map(projectFromRow),
      ),
    buildingsOf: (projectId) => Promise.resolve(q.all<{ id: string; project_id: string; name: string; floors: number }>(sql`SELECT * FROM market_buildings WHERE project_id = ${projectId} ORDER BY name`).map((r) => ({ id: r.id, projectId: r.project_id, name: r.name, floors: r.floors }))),
    unitsOf: (projectId) => Promise.resolve(q.all<UnitDbRow>(sql`SELECT * FROM market_units WHERE project_id = ${projectId} ORDER BY building_id, floor DESC, room`).map(unitFromRow)),
    unit: (unitNumber) => {
      const r = q.get<UnitDbRow>(sql`SELECT * FROM market_units WHERE unit_number = ${unitNumber}`);
      return Promise.resolve(r && unitFromRow(r));
    },
    permitsOf: (projectId) => Promise.resolve(q.all<PermitDbRow>(sql`SELECT * FROM market_permits WHERE project_id = ${projectId} ORDER BY issued_on`).map(permitFromRow)),
    permitNumberTaken: (number) => Promise.resolve(q.get(sql`SELECT 1 AS x FROM market_permits WHERE number = ${number}`) !== undefined),
    addPermit: (p, by, at) => {
      q.transaction(() => {
        q.run(sql`INSERT INTO market_permits (id, project_id, kind, number, authority, issued_on, building_ids, revoked_on, recorded_by, recorded_at)
          VALUES (${p.id}, ${p.projectId}, ${p.kind}, ${p.number}, ${p.authority}, ${p.issuedOn}, ${JSON.stringify(p.buildingIds)}, NULL, ${by}, ${at})`);
        for (const buildingId of p.buildingIds) {
          for (const u of q.all<{ unit_number: string }>(sql`SELECT unit_number FROM market_units WHERE building_id = ${buildingId}`)) queue(q, u.unit_number, { kind: 'reconcile-unit' }, at);
        }
      });
      return Promise.resolve();
    },
    revokePermit: (id, on, by, at) =>
      Promise.resolve(
        q.transaction(() => {
          const p = q.get<PermitDbRow>(sql`SELECT * FROM market_permits WHERE id = ${id} AND revoked_on IS NULL`);
          if (!p) return false;
          q.run(sql`UPDATE market_permits SET revoked_on = ${on}, recorded_by = ${by}, recorded_at = ${at} WHERE id = ${id}`);
          for (const buildingId of permitFromRow(p).buildingIds) {
            for (const u of q.all<{ unit_number: string }>(sql`SELECT unit_number FROM market_units WHERE building_id = ${buildingId}`)) queue(q, u.unit_number, { kind: 'reconcile-unit' }, at);
          }
          return true;
        }),
      ),
  };
}

function queue(q: SqlRunner, unitNumber: string, work: OutboxWork, at: string): void {
  q.run(sql`INSERT INTO market_outbox (kind, unit_number, payload, created_at) VALUES (${work.kind}, ${unitNumber}, ${JSON.stringify(work)}, ${at})`);
}

function outboxStore(q: SqlRunner): MarketOutbox {
  return {
    enqueue: (unitNumbers, work, at) => {
      q.transaction(() => {
        for (const u of unitNumbers) queue(q, u, work, at);
      });
      return Promise.resolve();
    },
    outbox: (limit) =>
      Promise.resolve(
        q.all<{ id: number; unit_number: string; payload: string; created_at: string }>(sql`SELECT * FROM market_outbox ORDER BY id LIMIT ${limit}`).map((r) => ({
          id: r.id,
          unitNumber: r.unit_number,
          work: JSON.parse(r.payload) as OutboxWork,
          createdAt: r.created_at,
        })),
      ),
    complete: (ids) => {
      q.transaction(() => {
        for (const id of ids) q.run(sql`DELETE FROM market_outbox WHERE id = ${id}`);
      });
      return Promise.resolve();
    },
  };
}

/**
 * The market's stores on the office's SQLite file (tables of migration 0009_market.sql, applied by the sync
 * server's storage when it opens the file), over a connection of their own as the office records do.
 */
export function openSqliteMarketStores(dataDir: string): MarketStores {
  const db = new Database(`${dataDir}/office.sqlite`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const q = new SqlRunner(db);
  const outbox = outboxStore(q);
  return { table: tableStore(q), filings: sqliteFilingStore(q), listings: sqliteListingStore(q), outbox, portal: sqlitePortalStore(q), close: () => db.close() };
}
