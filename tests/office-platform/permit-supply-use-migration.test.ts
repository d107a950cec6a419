import { describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '#office/platform/db/migrate.ts';
import { sql } from '#office/platform/db/sql.ts';
import { addFacts, statRows } from '#server/office/city/stat-store.ts';
import { marketChangeFact } from '#domain/city/statistics.ts';
import { migrationsBefore, openTestDb, testBackend } from '../support/backend.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dir = tempFolderForTests('permit-supply-use-migration');
const permit = { issuedOn: '2026-04-01', revokedOn: null, units: 28, areaDm2: 280_000 };

describe(`the permit-supply-use migration on ${testBackend()}`, () => {
  it('moves the supply sale permits added under use unknown to use mixed (未区分), leaving filings without a use where they were', async () => {
    const { db, drop } = await openTestDb(dir(), testBackend(), { migrations: migrationsBefore(dir(), '0039') });
    try {
      // As the statistics stored them before: a permit's supply and a filing whose unit names no use, both under unknown.
      const old = [
        { source: 'market:1', month: '2026-04', kind: 'market', use: 'unknown', measures: { supplyUnits: 28, supplyAreaDm2: 280_000 } },
        { source: 'market:2', month: '2026-04', kind: 'market', use: 'unknown', measures: { newHomeCount: 1, newHomeAreaDm2: 9_000, newHomeFen: 50_000_000 } },
        { source: 'market:3', month: '2026-05', kind: 'market', use: 'unknown', measures: { supplyUnits: 10, supplyAreaDm2: 90_000 } },
      ] as const;
      await db.transaction((tx) => addFacts(tx, '230822', old, 'total'));
      expect(await migrate(db)).toEqual(listMigrations(db.dialect).filter((n) => n >= '0039'));

      const facts = await db.all<{ source: string; use: string }>(sql`SELECT source, use FROM stat_facts WHERE office_code = '230822' ORDER BY source`);
      expect(facts).toEqual([{ source: 'market:1', use: 'mixed' }, { source: 'market:2', use: 'unknown' }, { source: 'market:3', use: 'mixed' }]);
      for (const office of ['230822', 'total']) {
        const rows = (await statRows(db, { offices: [office], fromMonth: '2026-01', toMonth: '2026-12' })).map((r) => [r.month, r.use, r.newHomeCount, r.supplyUnits, r.supplyAreaDm2]);
        expect(rows).toEqual([['2026-04', 'mixed', 0, 28, 280_000], ['2026-04', 'unknown', 1, 0, 0], ['2026-05', 'mixed', 0, 10, 90_000]]);
      }

      // The permit revoked after the migration takes its units off the row the migration moved them to.
      const revoked = marketChangeFact({ seq: 4, kind: 'permit', before: 'in-force', row: { ...permit, revokedOn: '2026-06-01' } });
      if (!revoked) throw new Error('a revocation is a fact');
      await db.transaction((tx) => addFacts(tx, '230822', [revoked], 'total'));
      const april = (await statRows(db, { offices: ['230822'], fromMonth: '2026-04', toMonth: '2026-04' })).filter((r) => r.use === 'mixed');
      expect(april.map((r) => [r.supplyUnits, r.supplyAreaDm2])).toEqual([[0, 0]]);
    } finally {
      await drop();
    }
  });
});
