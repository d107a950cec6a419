import { type UnitDoc } from '#protocol/documents/office.ts';
import { type VanDatabase } from './database.ts';

type Unit = Omit<UnitDoc, '_deleted'>;

/** A 不动产单元号 is always 28 characters (GB/T 37346; the protocol's UnitDoc checks it). */
const UNIT_NUMBER_LENGTH = 28;

/**
 * The unit snapshot with this 28-character 不动产单元号, if the trip manifest holds it. Other input (a
 * certificate number or an address typed into the same search box) is answered without a lookup:
 * with 100,000 units each lookup is an IndexedDB transaction the search would otherwise wait for.
 */
export async function findUnitByNumber(db: VanDatabase, unitNumber: string): Promise<Unit | null> {
  const wanted = unitNumber.trim().toUpperCase();
  if (wanted.length !== UNIT_NUMBER_LENGTH) return null;
  const doc = await db.units.findOne({ selector: { unitNumber: wanted } }).exec();
  return doc ? (doc.toJSON() as Unit) : null;
}

/** The unit whose certificate (不动产权证书号) is exactly this. */
export async function findUnitByCertificate(db: VanDatabase, certificateNumber: string): Promise<Unit | null> {
  const doc = await db.units.findOne({ selector: { certificateNumber: certificateNumber.trim() } }).exec();
  return doc ? (doc.toJSON() as Unit) : null;
}

/** Units whose address starts with `prefix` (index range scan, not a full-text search), in address order. */
export async function findUnitsByAddressPrefix(db: VanDatabase, prefix: string, limit = 50): Promise<Unit[]> {
  const p = prefix.trim();
  if (p.length === 0) return [];
  const docs = await db.units
    .find({ selector: { address: { $gte: p, $lt: `${p}\uffff` } }, sort: [{ address: 'asc' }], limit })
    .exec();
  return docs.map((d) => d.toJSON() as Unit);
}
