import { canonicalJson } from '#domain/canonical-json.ts';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { normalIdNumber } from '#domain/query/holdings.ts';
import { addressSortKey } from '#domain/register/address-order.ts';
import { certificateSpellings } from '#domain/register/certificate-spellings.ts';
import { sealEntry } from '#domain/register/chain.ts';
import { type RegisterEntry } from '#domain/register/entries.ts';
import { projectRegister } from '#domain/register/project.ts';
import { addDays, chinaDate } from '#domain/calendar/china-time.ts';
import { err, ok } from '#domain/result.ts';
import { type Db, type Queryable, type Tx } from '#office/platform/db/db.ts';
import { sql, sqlLimit, sqlList } from '#office/platform/db/sql.ts';
import { buildingKeyOf, type OutboxItem, type OutboxWork, type RegisterStore, type UnitAppend, type UnitRow } from './register-store.ts';

type UnitDbRow = { unit_number: string; address: string; certificate: string };

/** Every change to a unit's chain takes this lock first, so two office servers never fork one chain. */
const unitLock = (tx: Tx, unitNumber: string) => tx.lock(`archive-unit:${unitNumber}`);

const entriesOf = async (q: Queryable, unitNumber: string): Promise<RegisterEntry[]> =>
  (await q.all<{ body: string }>(sql`SELECT body FROM archive_entries WHERE unit_number = ${unitNumber} ORDER BY seq`)).map((r) => JSON.parse(r.body) as RegisterEntry);

const queueSnapshot = (tx: Tx, unitNumber: string, at: string) =>
  tx.run(sql`INSERT INTO archive_outbox (kind, unit_number, payload, created_at) VALUES ('snapshot', ${unitNumber}, ${JSON.stringify({ kind: 'snapshot' })}, ${at})`);

/** Seals and inserts; refreshes the unit row and holder index from the whole chain. Inside the unit's lock. */
async function write(tx: Tx, unitNumber: string, current: readonly RegisterEntry[], a: UnitAppend): Promise<RegisterEntry[]> {
  const known = new Set(current.map((e) => e.id));
  const fresh = a.entries.filter((e) => !known.has(e.id));
  if (fresh.length === 0) return [];
  let prev = current.at(-1);
  const sealed: RegisterEntry[] = [];
  for (const { id, body, recordedAt } of fresh) {
    const entry = sealEntry({ id, unitNumber, seq: (prev?.seq ?? 0) + 1, recordedAt: recordedAt ?? a.recordedAt, recordedBy: a.recordedBy, source: a.source, prevHash: prev?.hash ?? null, ...body });
    await tx.run(sql`INSERT INTO archive_entries (unit_number, seq, id, kind, body, recorded_at)
              VALUES (${unitNumber}, ${entry.seq}, ${entry.id}, ${entry.kind}, ${canonicalJson(entry)}, ${entry.recordedAt})`);
    sealed.push(entry);
    prev = entry;
  }
  const all = [...current, ...sealed];
  // As of the day of the change: holders and lookups do not depend on the day, the seizure's end does.
  const v = projectRegister(unitNumber, all, chinaDate(a.recordedAt));
  const head = all.at(-1);
  if (!head) throw new Error('append wrote nothing');
  const nextChange = v.seizures.effective?.to ? addDays(v.seizures.effective.to, 1) : null;
  const address = v.natural?.address ?? '';
  await tx.run(sql`INSERT INTO archive_units (unit_number, building_key, head_seq, head_hash, address, address_key, certificate, next_change_on)
            VALUES (${unitNumber}, ${buildingKeyOf(unitNumber)}, ${head.seq}, ${head.hash}, ${address}, ${addressSortKey(address)}, ${v.ownership?.certificateNumber ?? ''}, ${nextChange})
            ON CONFLICT (unit_number) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash,
              address = excluded.address, address_key = excluded.address_key, certificate = excluded.certificate, next_change_on = excluded.next_change_on`);
  await tx.run(sql`DELETE FROM archive_holders WHERE unit_number = ${unitNumber}`);
  for (const h of v.ownership?.holders ?? []) {
    await tx.run(sql`INSERT INTO archive_holders (id_number, unit_number) VALUES (${normalIdNumber(h.idNumber)}, ${unitNumber}) ON CONFLICT DO NOTHING`);
  }
  for (const work of a.outbox) {
    await tx.run(sql`INSERT INTO archive_outbox (kind, unit_number, payload, created_at) VALUES (${work.kind}, ${unitNumber}, ${JSON.stringify(work)}, ${a.recordedAt})`);
  }
  return sealed;
}

const unitRow = (r: UnitDbRow): UnitRow => ({ unitNumber: r.unit_number, address: r.address, certificate: r.certificate });
const unitNumbers = (rows: readonly { unit_number: string }[]): string[] => rows.map((r) => r.unit_number);

/**
 * Units whose address starts with `prefix`, in the order a person reads addresses (3号 before 39号), first `limit`.
 * The prefix is a range on the address index (every character after the prefix sorts below U+FFFF); the order is the
 * stored `address_key` (domain/register/address-order.ts addressSortKey), so the database cuts the page in reading
 * order however many units match, 佳木斯市 (the whole register) included.
 */
const byAddress = (db: Db, prefix: string, limit: number): Promise<UnitDbRow[]> =>
  db.all<UnitDbRow>(sql`SELECT unit_number, address, certificate FROM archive_units WHERE address >= ${prefix} AND address < ${`${prefix}\uffff`}
    ORDER BY address_key, unit_number ${sqlLimit(limit)}`);

/**
 * The register on the office's database (tables of migration 0008_archive.sql), SQLite or PostgreSQL. A
 * change to a unit holds the unit's lock to commit, so two appends to one unit never fork its chain.
 */
export function dbRegisterStore(db: Db): RegisterStore {
  return {
    entriesOf: (unitNumber) => entriesOf(db, unitNumber),
    append: (unitNumber, decide) =>
      db.transaction(async (tx) => {
        await unitLock(tx, unitNumber);
        const current = await entriesOf(tx, unitNumber);
        const d = decide(current);
        return d.ok ? ok(await write(tx, unitNumber, current, d.value)) : err(d.error);
      }),
    appendNewUnits: (units) =>
      db.transaction(async (tx) => {
        for (const n of [...new Set(units.map((u) => u.unitNumber))].sort()) await unitLock(tx, n);
        const existing: string[] = [];
        for (const u of units) if (await tx.get(sql`SELECT 1 AS x FROM archive_units WHERE unit_number = ${u.unitNumber}`)) existing.push(u.unitNumber);
        if (existing.length > 0) return { ok: false as const, existing };
        for (const u of units) await write(tx, u.unitNumber, [], u.append);
        return { ok: true as const };
      }),
    existing: async (numbers) => {
      const found = new Set<string>();
      for (const u of numbers) if (await db.get(sql`SELECT 1 AS x FROM archive_units WHERE unit_number = ${u}`)) found.add(u);
      return found;
    },
    entriesStored: async (ids) => {
      const found = new Set<string>();
      for (const id of ids) if (await db.get(sql`SELECT 1 AS x FROM archive_entries WHERE id = ${id}`)) found.add(id);
      return found;
    },
    unitsOfBuilding: async (key) => unitNumbers(await db.all<{ unit_number: string }>(sql`SELECT unit_number FROM archive_units WHERE building_key = ${key} ORDER BY unit_number`)),
    find: async (by, value, limit) => {
      const v = value.trim();
      const rows =
        by === 'unit-number'
          ? await db.all<UnitDbRow>(sql`SELECT unit_number, address, certificate FROM archive_units WHERE unit_number = ${v.toUpperCase()}`)
          : by === 'certificate'
            ? await db.all<UnitDbRow>(sql`SELECT unit_number, address, certificate FROM archive_units WHERE certificate IN ${sqlList(certificateSpellings(v))} ORDER BY certificate ${sqlLimit(limit)}`)
            : await byAddress(db, v, limit);
      return rows.map(unitRow);
    },
    unitsHeldBy: async (idNumber) => unitNumbers(await db.all<{ unit_number: string }>(sql`SELECT unit_number FROM archive_holders WHERE id_number = ${normalIdNumber(idNumber)} ORDER BY unit_number`)),
    countUnits: async () => (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM archive_units`))?.n ?? 0,

    dueForChange: async (day, limit) =>
      unitNumbers(await db.all<{ unit_number: string }>(sql`SELECT unit_number FROM archive_units WHERE next_change_on <= ${day} ORDER BY next_change_on ${sqlLimit(limit)}`)),
    retime: (unitNumber, day, at, then) =>
      db.transaction(async (tx) => {
        await unitLock(tx, unitNumber);
        const v = projectRegister(unitNumber, await entriesOf(tx, unitNumber), day);
        const next = v.seizures.effective?.to ? addDays(v.seizures.effective.to, 1) : null;
        await tx.run(sql`UPDATE archive_units SET next_change_on = ${next} WHERE unit_number = ${unitNumber}`);
        await queueSnapshot(tx, unitNumber, at);
        for (const work of then(v)) {
          await tx.run(sql`INSERT INTO archive_outbox (kind, unit_number, payload, created_at) VALUES (${work.kind}, ${unitNumber}, ${JSON.stringify(work)}, ${at})`);
        }
      }),
    cursor: async (name) => (await db.get<{ position: number }>(sql`SELECT position FROM archive_cursors WHERE name = ${name}`))?.position ?? 0,
    saveCaseProgress: (progress, cursor) =>
      db.transaction(async (tx) => {
        for (const i of progress.intakes) {
          await tx.run(sql`INSERT INTO archive_case_intakes (case_id, case_number, intake, is_open) VALUES (${i.caseId}, ${i.caseNumber}, ${JSON.stringify(i.intake)}, ${i.isOpen ? 1 : 0})
                    ON CONFLICT (case_id) DO UPDATE SET case_number = excluded.case_number, intake = excluded.intake, is_open = excluded.is_open`);
          for (const u of i.intake.units) await tx.run(sql`INSERT INTO archive_case_units (unit_number, case_id) VALUES (${u.unitNumber}, ${i.caseId}) ON CONFLICT DO NOTHING`);
        }
        for (const id of progress.opened) await tx.run(sql`UPDATE archive_case_intakes SET is_open = 1 WHERE case_id = ${id}`);
        for (const id of progress.closed) await tx.run(sql`UPDATE archive_case_intakes SET is_open = 0 WHERE case_id = ${id}`);
        await tx.run(sql`INSERT INTO archive_cursors (name, position) VALUES (${cursor.name}, ${cursor.position})
                  ON CONFLICT (name) DO UPDATE SET position = excluded.position`);
      }),
    intakeOf: async (caseId) => {
      const r = await db.get<{ case_number: string; intake: string }>(sql`SELECT case_number, intake FROM archive_case_intakes WHERE case_id = ${caseId}`);
      return r && { caseNumber: r.case_number, intake: JSON.parse(r.intake) as AcceptedPayload };
    },

    openCasesOf: async (unitNumber) =>
      (
        await db.all<{ case_id: string }>(sql`SELECT u.case_id FROM archive_case_units u JOIN archive_case_intakes i ON i.case_id = u.case_id
                                       WHERE u.unit_number = ${unitNumber} AND i.is_open = 1 ORDER BY u.case_id`)
      ).map((r) => r.case_id),
    casesOf: async (unitNumber) =>
      (
        await db.all<{ case_id: string; case_number: string }>(sql`SELECT u.case_id, i.case_number FROM archive_case_units u JOIN archive_case_intakes i ON i.case_id = u.case_id
                                                            WHERE u.unit_number = ${unitNumber} ORDER BY i.case_number, u.case_id`)
      ).map((r) => ({ caseId: r.case_id, caseNumber: r.case_number })),
    outbox: async (limit) =>
      (await db.all<{ id: number; unit_number: string; payload: string; created_at: string }>(sql`SELECT id, unit_number, payload, created_at FROM archive_outbox ORDER BY id ${sqlLimit(limit)}`)).map(
        (r): OutboxItem => ({ id: r.id, unitNumber: r.unit_number, work: JSON.parse(r.payload) as OutboxWork, createdAt: r.created_at }),
      ),
    completeOutbox: (ids) =>
      db.transaction(async (tx) => {
        for (const id of ids) await tx.run(sql`DELETE FROM archive_outbox WHERE id = ${id}`);
      }),
  };
}
