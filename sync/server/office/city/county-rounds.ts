import { type Db } from '#office/platform/db/db.ts';
import { type CountyLink, type CountyPuller } from './county-puller.ts';
import { type CountyReplica } from './county-replica.ts';
import { countyPublicationScript } from './replication-sql.ts';

/**
 * One round of the city over its counties. A county with a replication link is read from its replicated
 * rows; while its subscription does not stream (the county's database out of reach, the slot being made
 * again) the HTTPS pull fills in, from the same checkpoints, so the city never waits on the database link
 * and never takes a row twice. A county without one is pulled.
 */
export async function readCounties(db: Db, links: readonly CountyLink[], puller: CountyPuller, replica: CountyReplica): Promise<void> {
  for (const link of links) {
    if (link.replication !== undefined && db.dialect === 'postgres') {
      const state = await replica.round({ code: link.code, replication: link.replication });
      if (state === 'streaming') continue;
    }
    await puller.pullCounty(link);
  }
}

/**
 * On a county office on PostgreSQL: its staging schema, the triggers that fill it and the publication the
 * city subscribes to, with read access for the city's replication role (replication-sql.ts). Idempotent,
 * so it runs at every start.
 */
export async function publishCountyFeed(db: Db, code: string, role: string): Promise<void> {
  if (db.dialect !== 'postgres') throw new Error('logical replication needs the county office on PostgreSQL; on SQLite the city pulls over HTTPS');
  await db.transaction((tx) => tx.exec(countyPublicationScript(code, role)));
}
