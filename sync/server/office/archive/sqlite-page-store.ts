import { sql, type SqlRunner } from '#server/db/sql.ts';
import { type PageOwnerKind, type PageStore, type StoredPage } from './page-store.ts';

type PageRow = {
  id: string; owner_kind: string; owner_id: string; unit_number: string; position: number; label: string;
  sha256: string; width: number; height: number; added_by: string; added_at: string;
};

const pageOf = (r: PageRow): StoredPage => ({
  id: r.id, ownerKind: r.owner_kind as PageOwnerKind, ownerId: r.owner_id, unitNumber: r.unit_number, position: r.position, label: r.label,
  sha256: r.sha256, width: r.width, height: r.height, addedBy: r.added_by, addedAt: r.added_at,
});

/** The archive's page records on the office's SQLite file (table `archive_pages` of migration 0008_archive.sql). */
export function sqlitePageStore(q: SqlRunner): PageStore {
  const byId = (id: string) => q.get<PageRow>(sql`SELECT * FROM archive_pages WHERE id = ${id}`);
  return {
    add: (p) =>
      Promise.resolve(
        q.transaction(() => {
          const known = byId(p.id);
          if (known) return pageOf(known);
          const last = q.get<{ n: number | null }>(sql`SELECT max(position) AS n FROM archive_pages WHERE owner_kind = ${p.ownerKind} AND owner_id = ${p.ownerId}`)?.n ?? 0;
          q.run(sql`INSERT INTO archive_pages (id, owner_kind, owner_id, unit_number, position, label, sha256, width, height, added_by, added_at)
                    VALUES (${p.id}, ${p.ownerKind}, ${p.ownerId}, ${p.unitNumber}, ${last + 1}, ${p.label}, ${p.sha256}, ${p.width}, ${p.height}, ${p.addedBy}, ${p.addedAt})`);
          const row = byId(p.id);
          if (!row) throw new Error('page not recorded');
          return pageOf(row);
        }),
      ),
    addFile: (pages) => {
      q.transaction(() => {
        if (pages[0] === undefined || byId(pages[0].id)) return;
        for (const p of pages) {
          q.run(sql`INSERT INTO archive_pages (id, owner_kind, owner_id, unit_number, position, label, sha256, width, height, added_by, added_at)
                    VALUES (${p.id}, ${p.ownerKind}, ${p.ownerId}, ${p.unitNumber}, ${p.position}, ${p.label}, ${p.sha256}, ${p.width}, ${p.height}, ${p.addedBy}, ${p.addedAt})`);
        }
      });
      return Promise.resolve();
    },
    pagesOfUnit: (unitNumber, kind) =>
      Promise.resolve(q.all<PageRow>(sql`SELECT * FROM archive_pages WHERE unit_number = ${unitNumber} AND owner_kind = ${kind} ORDER BY added_at, owner_id, position`).map(pageOf)),
    holdsFile: (sha256) => Promise.resolve(q.get(sql`SELECT 1 AS x FROM archive_pages WHERE sha256 = ${sha256} LIMIT 1`) !== undefined),
  };
}
