import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { addressSortKey } from '#domain/register/address-order.ts';
import { type RegisterEntryBody } from '#domain/register/entries.ts';
import { ok } from '#domain/result.ts';
import { fillAddressKeys } from '#server/office/archive/address-keys.ts';
import { dbRegisterStore } from '#server/office/archive/db-register-store.ts';
import { openTestDb } from '../support/backend.ts';
import { NATURAL, UNIT } from '../domain/register/register-fixture.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

const STREET = '佳木斯市前进区中山路';
let dataDir: string;
let db: Db;
let drop: () => Promise<void>;

/**
 * A unit row as the register kept it for searching before it stored a sort key (the chain itself is not needed to find
 * it); `fillAddressKeys` gives it its key as the office does at start.
 */
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
  expect(await fillAddressKeys(db)).toBe(63);
  expect(await fillAddressKeys(db)).toBe(0);
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

  it('cuts the page in the database in reading order however many units match: 佳木斯市 matches the whole register', async () => {
    const other = '佳木斯市向阳区长安路';
    await db.transaction(async (tx) => {
      for (let n = 1; n <= 5_100; n++) {
        await tx.run(sql`INSERT INTO archive_units (unit_number, building_key, head_seq, head_hash, address, certificate, next_change_on)
          VALUES (${`230803001001GB00100F${String(n).padStart(8, '0')}`}, ${'230803001001GB00100F0001'}, ${1}, ${'h'}, ${`${other}${n}号`}, ${`黑(2021)佳木斯市不动产权第${n}号`}, ${null})`);
      }
    });
    // 一号 reads as 1号 but sorts after every one of the 5,100 numbered addresses as text.
    await unit(104, `${other}一号`);
    expect(await fillAddressKeys(db)).toBe(5_101);
    let read = 0;
    const counting: Db = { ...db, all: async (q) => { const rows = await db.all(q); read += rows.length; return rows as never; } };
    expect((await dbRegisterStore(counting).find('address', other, 4)).map((u) => u.address)).toEqual([`${other}1号`, `${other}一号`, `${other}2号`, `${other}3号`]);
    expect(read).toBe(4);
    read = 0;
    const whole = await dbRegisterStore(counting).find('address', '佳木斯市', 50);
    expect(whole.slice(0, 2).map((u) => u.address)).toEqual([`${STREET}1号`, `${STREET}2号`]);
    expect(read).toBe(50);
  });

  it('writes a unit’s key with its address, and again when the address changes', async () => {
    const store = dbRegisterStore(db);
    const at = '2026-11-30T10:00:00+08:00';
    const append = (id: string, body: RegisterEntryBody) => ({ entries: [{ id, body }], source: { kind: 'office' as const, reason: '测试' }, recordedBy: 'staff-chenjing', recordedAt: at, outbox: [] });
    const keyOf = async () => (await db.get<{ address_key: string | null }>(sql`SELECT address_key FROM archive_units WHERE unit_number = ${UNIT}`))?.address_key;
    expect(await store.appendNewUnits([{ unitNumber: UNIT, append: append('k1', { kind: 'unit-established', natural: NATURAL }) }])).toEqual({ ok: true });
    expect(await keyOf()).toBe(addressSortKey(NATURAL.address));
    const moved = { ...NATURAL, address: '佳木斯市向阳区西林路12号1栋101室' };
    expect((await store.append(UNIT, () => ok(append('k2', { kind: 'natural-changed', natural: moved, reason: '门牌整顿' })))).ok).toBe(true);
    expect(await keyOf()).toBe(addressSortKey(moved.address));
    expect((await store.find('address', '佳木斯市向阳区西林路', 5)).map((u) => u.unitNumber)).toEqual([UNIT]);
  });
});
