import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { ADDRESS_ORDER_WINDOW, dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { openTestDb } from '../support/backend.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

const STREET = '佳木斯市前进区中山路';
let dataDir: string;
let db: Db;
let drop: () => Promise<void>;

/** A unit row as the register keeps it for searching (the chain itself is not needed to find it). */
const unit = (n: number, address: string) =>
  db.run(sql`INSERT INTO archive_units (unit_number, building_key, head_seq, head_hash, address, certificate, next_change_on)
             VALUES (${`230804001001GB00100F${String(n).padStart(8, '0')}`}, ${'230804001001GB00100F0001'}, ${1}, ${'h'}, ${address}, ${`黑(2020)佳木斯市不动产权第${n}号`}, ${null})`);

beforeAll(async () => {
  dataDir = tempDir('address-search');
  ({ db, drop } = await openTestDb(dataDir));
  // 60 house numbers, stored in an order that is neither text nor number order.
  for (const n of Array.from({ length: 60 }, (_, i) => ((i * 37) % 60) + 1)) await unit(n, `${STREET}${n}号`);
  await unit(101, `${STREET}3号10单元201室`);
  await unit(102, `${STREET}3号2单元1001室`);
  await unit(103, `${STREET}3号2单元201室`);
}, 60_000);
afterAll(async () => {
  await drop?.();
  removeDir(dataDir);
});

describe('finding units by address', () => {
  it('lists them in the order a person reads addresses: 2单元 before 10单元, 201室 before 1001室', async () => {
    const found = (await dbRegisterStore(db).find('address', `${STREET}3号`, 50)).map((u) => u.address);
    expect(found).toEqual([`${STREET}3号`, `${STREET}3号2单元201室`, `${STREET}3号2单元1001室`, `${STREET}3号10单元201室`]);
  });

  it('sorts before cutting the page: the first 50 of 63 are 1号 to 50号 in number order, not the first 50 as text', async () => {
    const found = (await dbRegisterStore(db).find('address', STREET, 50)).map((u) => u.address);
    expect(found).toHaveLength(50);
    expect(found.slice(0, 6)).toEqual([`${STREET}1号`, `${STREET}2号`, `${STREET}3号`, `${STREET}3号2单元201室`, `${STREET}3号2单元1001室`, `${STREET}3号10单元201室`]);
    expect(found.at(-1)).toBe(`${STREET}47号`);
    expect(found).not.toContain(`${STREET}60号`);
  });

  it('reads no more than a window of matches however short the address typed (佳木斯市 matches the whole register)', async () => {
    const other = '佳木斯市向阳区长安路';
    await db.transaction(async (tx) => {
      for (let n = 1; n <= ADDRESS_ORDER_WINDOW + 100; n++) {
        await tx.run(sql`INSERT INTO archive_units (unit_number, building_key, head_seq, head_hash, address, certificate, next_change_on)
          VALUES (${`230803001001GB00100F${String(n).padStart(8, '0')}`}, ${'230803001001GB00100F0001'}, ${1}, ${'h'}, ${`${other}${n}号`}, ${`黑(2021)佳木斯市不动产权第${n}号`}, ${null})`);
      }
    });
    let read = 0;
    const counting: Db = { ...db, all: async (q) => { const rows = await db.all(q); read += rows.length; return rows as never; } };
    const found = await dbRegisterStore(counting).find('address', '佳木斯市', 50);
    expect(found).toHaveLength(50);
    expect(read).toBe(ADDRESS_ORDER_WINDOW);
    // A fuller address is read whole and in reading order.
    read = 0;
    expect((await dbRegisterStore(counting).find('address', `${other}1`, 3)).map((u) => u.address)).toEqual([`${other}1号`, `${other}10号`, `${other}11号`]);
    expect(read).toBe(1 + 10 + 100 + 1000);
  });
});
