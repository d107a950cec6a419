import { canonicalJson } from '#domain/canonical-json.ts';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { normalIdNumber } from '#domain/query/holdings.ts';
import { sealEntry } from '#domain/register/chain.ts';
import { type RegisterEntry } from '#domain/register/entries.ts';
import { projectRegister } from '#domain/register/project.ts';
import { addDays, chinaDate } from '#domain/calendar/china-time.ts';
import { err, ok } from '#domain/result.ts';
import { sql, type SqlRunner } from '#server/db/sql.ts';
import { buildingKeyOf, type OutboxItem, type OutboxWork, type RegisterStore, type UnitAppend, type UnitRow } from './register-store.ts';

type UnitDbRow = { unit_number: string; address: string; certificate: string };

/**
 * The register on the office's SQLite file (tables of migration 0008_archive.sql), over the archive's own
 * connection. Writes run in IMMEDIATE transactions, so two appends to one unit never fork its chain.
 */
export function sqliteRegisterStore(q: SqlRunner): RegisterStore {
  const entriesOf = (unitNumber: string): RegisterEntry[] =>
    q.all<{ body: string }>(sql`SELECT body FROM archive_entries WHERE unit_number = ${unitNumber} ORDER BY seq`).map((r) => JSON.parse(r.body) as RegisterEntry);

  /** Seals and inserts; refreshes the unit row and holder index from the whole chain. Inside a transaction. */
  function write(unitNumber: string, current: readonly RegisterEntry[], a: UnitAppend): RegisterEntry[] {
    const known = new Set(current.map((e) => e.id));
    const fresh = a.entries.filter((e) => !known.has(e.id));
    if (fresh.length === 0) return [];
    let prev = current.at(-1);
    const sealed: RegisterEntry[] = [];
    for (const { id, body, recordedAt } of fresh) {
      const entry = sealEntry({ id, unitNumber, seq: (prev?.seq ?? 0) + 1, recordedAt: recordedAt ?? a.recordedAt, recordedBy: a.recordedBy, source: a.source, prevHash: prev?.hash ?? null, ...body });
      q.run(sql`INSERT INTO archive_entries (unit_number, seq, id, kind, body, recorded_at)
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
    q.run(sql`INSERT INTO archive_units (unit_number, building_key, head_seq, head_hash, address, certificate, next_change_on)
              VALUES (${unitNumber}, ${buildingKeyOf(unitNumber)}, ${head.seq}, ${head.hash}, ${v.natural?.address ?? ''}, ${v.ownership?.certificateNumber ?? ''}, ${nextChange})
              ON CONFLICT (unit_number) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash,
                address = excluded.address, certificate = excluded.certificate, next_change_on = excluded.next_change_on`);
    q.run(sql`DELETE FROM archive_holders WHERE unit_number = ${unitNumber}`);
    for (const h of v.ownership?.holders ?? []) {
      q.run(sql`INSERT OR IGNORE INTO archive_holders (id_number, unit_number) VALUES (${normalIdNumber(h.idNumber)}, ${unitNumber})`);
    }
    for (const work of a.outbox) {
      q.run(sql`INSERT INTO archive_outbox (kind, unit_number, payload, created_at) VALUES (${work.kind}, ${unitNumber}, ${JSON.stringify(work)}, ${a.recordedAt})`);
    }
    return sealed;
  }

  const unitRow = (r: UnitDbRow): UnitRow => ({ unitNumber: r.unit_number, address: r.address, certificate: r.certificate });

  return {
    entriesOf: (unitNumber) => Promise.resolve(entriesOf(unitNumber)),
    append: (unitNumber, decide) =>
      Promise.resolve(
        q.transaction(() => {
          const current = entriesOf(unitNumber);
          const d = decide(current);
          return d.ok ? ok(write(unitNumber, current, d.value)) : err(d.error);
        }),
      ),
    appendNewUnits: (units) =>
      Promise.resolve(
        q.transaction(() => {
          const existing = units.filter((u) => q.get(sql`SELECT 1 AS x FROM archive_units WHERE unit_number = ${u.unitNumber}`) !== undefined).map((u) => u.unitNumber);
          if (existing.length > 0) return { ok: false as const, existing };
          for (const u of units) write(u.unitNumber, [], u.append);
          return { ok: true as const };
        }),
      ),
    existing: (unitNumbers) => {
      const found = new Set<string>();
      for (const u of unitNumbers) if (q.get(sql`SELECT 1 AS x FROM archive_units WHERE unit_number = ${u}`)) found.add(u);
      return Promise.resolve(found);
    },
    unitsOfBuilding: (key) => Promise.resolve(q.all<{ unit_number: string }>(sql`SELECT unit_number FROM archive_units WHERE building_key = ${key} ORDER BY unit_number`).map((r) => r.unit_number)),
    find: (by, value, limit) => {
      const v = value.trim();
      const rows =
        by === 'unit-number'
          ? q.all<UnitDbRow>(sql`SELECT unit_number, address, certificate FROM archive_units WHERE unit_number = ${v.toUpperCase()}`)
          : by === 'certificate'
            ? q.all<UnitDbRow>(sql`SELECT unit_number, address, certificate FROM archive_units WHERE certificate = ${v} LIMIT ${limit}`)
            : // An address prefix: a range on the index (every character after the prefix sorts below U+FFFF).
              q.all<UnitDbRow>(sql`SELECT unit_number, address, certificate FROM archive_units WHERE address >= ${v} AND address < ${`${v}\uffff`} ORDER BY address LIMIT ${limit}`);
      return Promise.resolve(rows.map(unitRow));
    },
    unitsHeldBy: (idNumber) => Promise.resolve(q.all<{ unit_number: string }>(sql`SELECT unit_number FROM archive_holders WHERE id_number = ${normalIdNumber(idNumber)} ORDER BY unit_number`).map((r) => r.unit_number)),
    countUnits: () => Promise.resolve(q.get<{ n: number }>(sql`SELECT count(*) AS n FROM archive_units`)?.n ?? 0),

    dueForChange: (day, limit) =>
      Promise.resolve(q.all<{ unit_number: string }>(sql`SELECT unit_number FROM archive_units WHERE next_change_on <= ${day} ORDER BY next_change_on LIMIT ${limit}`).map((r) => r.unit_number)),
    retime: (unitNumber, day, at) => {
      q.transaction(() => {
        const v = projectRegister(unitNumber, entriesOf(unitNumber), day);
        const next = v.seizures.effective?.to ? addDays(v.seizures.effective.to, 1) : null;
        q.run(sql`UPDATE archive_units SET next_change_on = ${next} WHERE unit_number = ${unitNumber}`);
        q.run(sql`INSERT INTO archive_outbox (kind, unit_number, payload, created_at) VALUES ('snapshot', ${unitNumber}, ${JSON.stringify({ kind: 'snapshot' })}, ${at})`);
      });
      return Promise.resolve();
    },
    cursor: (name) => Promise.resolve(q.get<{ position: number }>(sql`SELECT position FROM archive_cursors WHERE name = ${name}`)?.position ?? 0),
    saveCaseProgress: (progress, cursor) => {
      q.transaction(() => {
        for (const i of progress.intakes) {
          q.run(sql`INSERT INTO archive_case_intakes (case_id, case_number, intake, is_open) VALUES (${i.caseId}, ${i.caseNumber}, ${JSON.stringify(i.intake)}, ${i.isOpen ? 1 : 0})
                    ON CONFLICT (case_id) DO UPDATE SET case_number = excluded.case_number, intake = excluded.intake, is_open = excluded.is_open`);
          for (const u of i.intake.units) q.run(sql`INSERT OR IGNORE INTO archive_case_units (unit_number, case_id) VALUES (${u.unitNumber}, ${i.caseId})`);
        }
        for (const id of progress.opened) q.run(sql`UPDATE archive_case_intakes SET is_open = 1 WHERE case_id = ${id}`);
        for (const id of progress.closed) q.run(sql`UPDATE archive_case_intakes SET is_open = 0 WHERE case_id = ${id}`);
        q.run(sql`INSERT INTO archive_cursors (name, position) VALUES (${cursor.name}, ${cursor.position})
                  ON CONFLICT (name) DO UPDATE SET position = excluded.position`);
      });
      return Promise.resolve();
    },
    intakeOf: (caseId) => {
      const r = q.get<{ case_number: string; intake: string }>(sql`SELECT case_number, intake FROM archive_case_intakes WHERE case_id = ${caseId}`);
      return Promise.resolve(r && { caseNumber: r.case_number, intake: JSON.parse(r.intake) as AcceptedPayload });
    },

    openCasesOf: (unitNumber) =>
      Promise.resolve(
        q.all<{ case_id: string }>(sql`SELECT u.case_id FROM archive_case_units u JOIN archive_case_intakes i ON i.case_id = u.case_id
                                       WHERE u.unit_number = ${unitNumber} AND i.is_open = 1 ORDER BY u.case_id`).map((r) => r.case_id),
      ),
    casesOf: (unitNumber) =>
      Promise.resolve(
        q.all<{ case_id: string; case_number: string }>(sql`SELECT u.case_id, i.case_number FROM archive_case_units u JOIN archive_case_intakes i ON i.case_id = u.case_id
                                                             WHERE u.unit_number = ${unitNumber} ORDER BY i.case_number, u.case_id`).map((r) => ({ caseId: r.case_id, caseNumber: r.case_number })),
      ),
    outbox: (limit) =>
      Promise.resolve(
        q.all<{ id: number; unit_number: string; payload: string; created_at: string }>(sql`SELECT id, unit_number, payload, created_at FROM archive_outbox ORDER BY id LIMIT ${limit}`)
          .map((r): OutboxItem => ({ id: r.id, unitNumber: r.unit_number, work: JSON.parse(r.payload) as OutboxWork, createdAt: r.created_at })),
      ),
    completeOutbox: (ids) => {
      q.transaction(() => {
        for (const id of ids) q.run(sql`DELETE FROM archive_outbox WHERE id = ${id}`);
      });
      return Promise.resolve();
    },
  };
}
