import { type UnitDoc } from '#protocol/documents/office.ts';
import { parseUnitQuery } from '#domain/units/unit-query.ts';
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

export type UnitSearch = { ok: true; units: Unit[] } | { ok: false; message: string };

/**
 * The Unit step's one search box (domain/units/unit-query.ts): a unit number, a certificate number with
 * either kind of bracket, or an address with or without 佳木斯市 and the district. A malformed unit number
 * is answered with what is wrong with it rather than "not found".
 */
export async function searchUnits(db: VanDatabase, input: string, limit = 20): Promise<UnitSearch> {
  const q = parseUnitQuery(input);
  switch (q.kind) {
    case 'empty':
      return { ok: true, units: [] };
    case 'bad-unit-number':
      return { ok: false, message: q.message };
    case 'unit-number': {
      const u = await findUnitByNumber(db, q.unitNumber);
      return { ok: true, units: u ? [u] : [] };
    }
    case 'certificate': {
      for (const n of q.certificateNumbers) {
        const u = await findUnitByCertificate(db, n);
        if (u) return { ok: true, units: [u] };
      }
      return { ok: true, units: [] };
    }
    case 'address': {
      const found = new Map<string, Unit>();
      for (const p of q.prefixes) {
        for (const u of await findUnitsByAddressPrefix(db, p, limit)) if (found.size < limit) found.set(u.id, u);
      }
      return { ok: true, units: [...found.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)) };
    }
  }
}

/** The units an appointment names, as the trip manifest holds them (a unit not in it is left out). */
export async function appointmentUnits(db: VanDatabase, appointmentId: string): Promise<Unit[]> {
  const appointment = await db.appointments.findOne(appointmentId).exec();
  if (!appointment) return [];
  const docs = await db.units.findByIds([...appointment.unitIds]).exec();
  return appointment.unitIds.flatMap((id) => {
    const d = docs.get(id);
    return d ? [d.toJSON() as Unit] : [];
  });
}
