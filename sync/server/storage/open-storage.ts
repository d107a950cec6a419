import { type Clock } from '#domain/clock.ts';
import { openPostgresDb } from '#office/platform/db/postgres-db.ts';
import { openSqliteDb } from '#office/platform/db/sqlite-db.ts';
import { DbStorage } from './db-storage.ts';

/**
 * Opens (creating and migrating if needed) the office database in `dataDir/office.sqlite`, WAL mode: the
 * embedded default, for one office server. `clock` stamps the office's own writes (see OfficeContext).
 */
export function openSqliteStorage(dataDir: string, opts: { clock?: Clock } = {}): DbStorage {
  return new DbStorage(openSqliteDb(`${dataDir}/office.sqlite`), opts.clock);
}

/**
 * Connects to (and migrates) the office's PostgreSQL database, `postgres://…`: for several office servers
 * behind a proxy. @throws when the database cannot be reached or migrated.
 */
export async function openPostgresStorage(url: string, opts: { clock?: Clock; poolSize?: number } = {}): Promise<DbStorage> {
  return new DbStorage(await openPostgresDb(url, { ...(opts.poolSize === undefined ? {} : { poolSize: opts.poolSize }) }), opts.clock);
}
