import { createRevision, getDefaultRxDocumentMeta } from 'rxdb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { findUnitByCertificate, findUnitByNumber, findUnitsByAddressPrefix, searchUnits } from '#renderer/db/queries.ts';
import seed from '#fixtures/demo/seed.json' with { type: 'json' };
import { openTestVan } from '../sync/helpers.ts';

const units = seed.units as unknown as UnitDoc[];

describe('the Unit step lookups on the van store', () => {
  let db: VanDatabase;
  beforeAll(async () => {
    db = await openTestVan();
    // As the office's replication writes them (the collection itself refuses local inserts).
    const rows = units.map((u) => ({ document: { ...u, _deleted: false, _attachments: {}, _meta: getDefaultRxDocumentMeta(), _rev: createRevision(db.token) } }));
    const res = await db.units.storageInstance.bulkWrite(rows, 'test');
    expect(res.error).toEqual([]);
  });
  afterAll(async () => {
    await db.remove();
  });

  it('finds a unit by its 28-character unit number, typed in lower case with spaces around', async () => {
    const u = units[17]!;
    expect((await findUnitByNumber(db, `  ${u.unitNumber.toLowerCase()} `))?.id).toBe(u.id);
  });

  it('answers input that is not 28 characters long with no unit and without a query', async () => {
    const u = units[17]!;
    const findOne = vi.spyOn(db.units, 'findOne');
    try {
      expect(await findUnitByNumber(db, u.unitNumber.slice(0, 27))).toBeNull();
      expect(await findUnitByNumber(db, u.certificateNumber)).toBeNull();
      expect(await findUnitByNumber(db, `${u.unitNumber}0`)).toBeNull();
      expect(findOne).not.toHaveBeenCalled();
    } finally {
      findOne.mockRestore();
    }
  });

  it('finds a unit by its certificate number and by an address prefix, in address order', async () => {
    const u = units[42]!;
    expect((await findUnitByCertificate(db, u.certificateNumber))?.id).toBe(u.id);
    const prefix = u.address.slice(0, u.address.indexOf('号') + 1);
    const found = await findUnitsByAddressPrefix(db, prefix, 20);
    expect(found.map((f) => f.id)).toContain(u.id);
    expect(found.every((f) => f.address.startsWith(prefix))).toBe(true);
    expect(found.map((f) => f.address)).toEqual([...found.map((f) => f.address)].sort());
  });

  it('finds an address typed without 佳木斯市, or without the district', async () => {
    const byStreet = await searchUnits(db, '西林路1号');
    expect(byStreet.ok && byStreet.units[0]?.address).toBe('佳木斯市向阳区西林路1号1栋101室');
    const byDistrict = await searchUnits(db, '向阳区西林路');
    const expected = units.filter((u) => u.address.startsWith('佳木斯市向阳区西林路')).length;
    expect(expected).toBeGreaterThan(1);
    expect(byDistrict.ok && byDistrict.units.length).toBe(Math.min(expected, 20));
    expect(byDistrict.ok && byDistrict.units.every((u) => u.address.startsWith('佳木斯市向阳区西林路'))).toBe(true);
  });

  it('finds a certificate number typed with full-width brackets and digits', async () => {
    const u = units[42]!;
    const typed = u.certificateNumber.replace('(', '（').replace(')', '）').replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(typed).not.toBe(u.certificateNumber);
    const found = await searchUnits(db, typed);
    expect(found.ok && found.units.map((x) => x.id)).toEqual([u.id]);
  });

  it('explains the format of a malformed unit number instead of answering "not found"', async () => {
    const u = units[17]!;
    const short = await searchUnits(db, u.unitNumber.slice(0, 27));
    expect(short.ok ? '' : short.message).toContain('不动产单元号应为28位。不动产单元号共28位：6位县级行政区划代码');
    const wrongFeature = await searchUnits(db, `${u.unitNumber.slice(0, 19)}X${u.unitNumber.slice(20)}`);
    expect(wrongFeature.ok ? '' : wrongFeature.message).toContain('第20位定着物特征码应为F（房屋）');
    const typed = await searchUnits(db, `  ${u.unitNumber.toLowerCase()} `);
    expect(typed.ok && typed.units.map((x) => x.id)).toEqual([u.id]);
  });
});
