import { addressSortKey } from '#domain/register/address-order.ts';
import { type Db } from '#office/platform/db/db.ts';
import { sql, sqlLimit } from '#office/platform/db/sql.ts';

const BATCH = 500;

/**
 * Gives every unit stored before migration 0040 its address sort key, a batch per transaction, and answers how many
 * it filled. Safe beside a running office: a unit changed meanwhile already has its key (written with the change,
 * db-register-store.ts), and a key is filled only for the address it was read with.
 */
export async function fillAddressKeys(db: Db): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await db.all<{ unit_number: string; address: string }>(
      sql`SELECT unit_number, address FROM archive_units WHERE address_key IS NULL ORDER BY unit_number ${sqlLimit(BATCH)}`,
    );
    if (rows.length === 0) return filled;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        await tx.run(sql`UPDATE archive_units SET address_key = ${addressSortKey(r.address)} WHERE unit_number = ${r.unit_number} AND address = ${r.address} AND address_key IS NULL`);
      }
    });
    filled += rows.length;
  }
}
