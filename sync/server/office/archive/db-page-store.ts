import { type Db, type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { type PageOwnerKind, type PageStore, type StoredPage } from './page-store.ts';

type PageRow = {
  id: string; owner_kind: string; owner_id: string; unit_number: string; position: number; label: string;
  sha256: string; width: number; height: number; added_by: string; added_at: string;
};

const pageOf = (r: PageRow): StoredPage => ({
  id: r.id, ownerKind: r.owner_kind as PageOwnerKind, ownerId: r.owner_id, unitNumber: r.unit_number, position: r.position, label: r.label,
  sha256: r.sha256, width: r.width, height: r.height, addedBy: r.added_by, addedAt: r.added_at,
});

const byId = (q: Queryable, id: string) => q.get<PageRow>(sql`SELECT * FROM archive_pages WHERE id = ${id}`);

/** The archive's page records on the office's database (table `archive_pages` of migration 0008_archive.sql), SQLite or PostgreSQL. */
export function dbPageStore(db: Db): PageStore {
  return {
    add: (p) =>
      db.transaction(async (tx) => {
        // Pages of one owner are numbered in turn, on every server.
        await tx.lock(`archive-pages:${p.ownerKind}:${p.ownerId}`);
        const known = await byId(tx, p.id);
        if (known) return pageOf(known);
        const last = (await tx.get<{ n: number | null }>(sql`SELECT max(position) AS n FROM archive_pages WHERE owner_kind = ${p.ownerKind} AND owner_id = ${p.ownerId}`))?.n ?? 0;
        await tx.run(sql`INSERT INTO archive_pages (id, owner_kind, owner_id, unit_number, position, label, sha256, width, height, added_by, added_at)
                  VALUES (${p.id}, ${p.ownerKind}, ${p.ownerId}, ${p.unitNumber}, ${last + 1}, ${p.label}, ${p.sha256}, ${p.width}, ${p.height}, ${p.addedBy}, ${p.addedAt})`);
        const row = await byId(tx, p.id);
        if (!row) throw new Error('page not recorded');
        return pageOf(row);
      }),
    addFile: (pages) =>
      db.transaction(async (tx) => {
        const first = pages[0];
        if (first === undefined) return;
        await tx.lock(`archive-pages:${first.ownerKind}:${first.ownerId}`);
        if (await byId(tx, first.id)) return;
        for (const p of pages) {
          await tx.run(sql`INSERT INTO archive_pages (id, owner_kind, owner_id, unit_number, position, label, sha256, width, height, added_by, added_at)
                    VALUES (${p.id}, ${p.ownerKind}, ${p.ownerId}, ${p.unitNumber}, ${p.position}, ${p.label}, ${p.sha256}, ${p.width}, ${p.height}, ${p.addedBy}, ${p.addedAt})`);
        }
      }),
    pagesOfUnit: async (unitNumber, kind) =>
      (await db.all<PageRow>(sql`SELECT * FROM archive_pages WHERE unit_number = ${unitNumber} AND owner_kind = ${kind} ORDER BY added_at, owner_id, position`)).map(pageOf),
    holdsFile: async (sha256) => (await db.get(sql`SELECT 1 AS x FROM archive_pages WHERE sha256 = ${sha256} LIMIT 1`)) !== undefined,
  };
}
