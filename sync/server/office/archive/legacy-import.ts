import { createHash, randomUUID } from 'node:crypto';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { checkLegacyRows, type LegacyRecord, type RowProblem } from '#domain/legacy/legacy-row.ts';
import { LEGACY_COLUMN_TEXT } from '#domain/legacy/legacy-text.ts';
import { readLedger } from './ledger-file.ts';
import { type ImportMode, type ImportStore, type LedgerImport } from './import-store.ts';
import { type RegisterStore, type UnitAppend } from './register-store.ts';

/** A ledger file larger than this is refused: 100,000 rows of the old ledger are about 20 MB. */
export const MAX_LEDGER_BYTES = 50 * 1024 * 1024;

/** A record of the old ledger as it enters the register: the unit with its natural status, then its owners. */
function appendOf(r: LegacyRecord, batchId: string, staffId: string, now: string): UnitAppend {
  const on = `${r.registeredOn}T00:00:00+08:00`;
  return {
    entries: [
      { id: `legacy:${batchId}:${r.row}:unit`, body: { kind: 'unit-established', natural: r.natural }, recordedAt: on },
      { id: `legacy:${batchId}:${r.row}:owner`, body: { kind: 'ownership-registered', cause: 'legacy', holders: r.holders, certificateNumber: r.legacyCertificate }, recordedAt: on },
    ],
    source: { kind: 'legacy', batchId, row: r.row, legacyCertificate: r.legacyCertificate },
    recordedBy: staffId,
    recordedAt: now,
    outbox: [{ kind: 'snapshot' }],
  };
}

/**
 * Imports the office's old 房屋所有权证 ledger (CSV or Excel) into the register. Every row is checked first
 * (domain/legacy); by default a file with any problem imports nothing, and the office fixes it and imports again;
 * by choice only the good rows are imported. What is imported goes in one transaction: never half a file.
 */
export class LegacyImporter {
  constructor(
    private readonly register: RegisterStore,
    private readonly imports: ImportStore,
    private readonly clock: Clock,
  ) {}

  async importLedger(staffId: string, fileName: string, bytes: Uint8Array, mode: ImportMode): Promise<LedgerImport> {
    const now = this.clock.now().toISOString();
    const id = `ledger-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}-${randomUUID().slice(0, 8)}`;
    const done = async (total: number, imported: number, problems: RowProblem[]): Promise<LedgerImport> => {
      const status = imported === 0 ? 'refused' : problems.length > 0 ? 'partly-imported' : 'imported';
      const record: LedgerImport = { id, fileName: fileName.slice(0, 200), mode, status, createdBy: staffId, createdAt: now, total, imported, problems };
      await this.imports.save(record);
      return record;
    };
    const read = await readLedger(bytes);
    if (!read.ok) {
      const detail = read.error.kind === 'missing-columns' ? read.error.columns.map((c) => LEGACY_COLUMN_TEXT[c]).join('、') : null;
      return done(0, 0, [{ row: 1, column: null, code: read.error.kind === 'missing-columns' ? 'missing-columns' : 'file-unreadable', detail }]);
    }
    const rows = read.value;
    const registered = await this.register.existing(rows.flatMap((r) => (r.unitNumber ? [r.unitNumber.trim().toUpperCase()] : [])));
    const check = checkLegacyRows(rows, { today: chinaDate(now), firstRow: 2, isRegistered: (u) => registered.has(u) });
    if (check.records.length === 0 || (mode === 'all-or-nothing' && check.problems.length > 0)) return done(rows.length, 0, check.problems);
    const written = await this.register.appendNewUnits(check.records.map((r) => ({ unitNumber: r.unitNumber, append: appendOf(r, id, staffId, now) })));
    if (!written.ok) {
      // Another import registered some of these units meanwhile: nothing of this file was written.
      const late = check.records.filter((r) => written.existing.includes(r.unitNumber)).map((r): RowProblem => ({ row: r.row, column: 'unitNumber', code: 'unit-already-registered', detail: r.unitNumber }));
      return done(rows.length, 0, [...check.problems, ...late]);
    }
    return done(rows.length, check.records.length, check.problems);
  }
}
