import { officeId } from '#domain/city/office-ids.ts';
import { createHash, randomUUID } from 'node:crypto';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { checkLegacyRows, type LegacyRecord, type LegacyRow, type RowProblem } from '#domain/legacy/legacy-row.ts';
import { LEDGER_LIMIT_TEXT, LEGACY_COLUMN_TEXT } from '#domain/legacy/legacy-text.ts';
import { readLedger } from './ledger-file.ts';
import { type ImportMode, type ImportStore, type LedgerImport } from './import-store.ts';
import { type RegisterStore, type UnitAppend } from './register-store.ts';

/** A ledger file larger than this is refused: 100,000 rows of the old ledger are about 20 MB. */
export const MAX_LEDGER_BYTES = 50 * 1024 * 1024;

/** Records written per transaction: a crash loses at most one batch's work, which the next run does again. */
export const IMPORT_BATCH = 500;

/** How far an import is, after each batch it wrote. */
export type ImportProgress = { id: string; total: number; imported: number; resumed: boolean };

/**
 * An import checked and stored (or refused): `job` as it stands once its writing can start, `finished` its outcome.
 * `finished` resolves to a `running` import when the office stopped it between batches (it resumes as a cut-off one).
 */
export type StartedImport = { job: LedgerImport; finished: Promise<LedgerImport> };

const FIRST_ROW = 2;
/** The id of a record's first entry: an entry id is stored once, so a record written by an earlier run is found by it. */
const unitEntryId = (importId: string, row: number) => `legacy:${importId}:${row}:unit`;

/** A record of the old ledger as it enters the register: the unit with its natural status, then its owners. */
function appendOf(r: LegacyRecord, batchId: string, staffId: string, now: string): UnitAppend {
  const on = `${r.registeredOn}T00:00:00+08:00`;
  return {
    entries: [
      { id: unitEntryId(batchId, r.row), body: { kind: 'unit-established', natural: r.natural }, recordedAt: on },
      { id: `legacy:${batchId}:${r.row}:owner`, body: { kind: 'ownership-registered', cause: 'legacy', holders: r.holders, certificateNumber: r.legacyCertificate }, recordedAt: on },
    ],
    source: { kind: 'legacy', batchId, row: r.row, legacyCertificate: r.legacyCertificate },
    recordedBy: staffId,
    recordedAt: now,
    outbox: [{ kind: 'snapshot' }],
  };
}

const alreadyRegistered = (r: LegacyRecord): RowProblem => ({ row: r.row, column: 'unitNumber', code: 'unit-already-registered', detail: r.unitNumber });

/** What is left to write of a checked file, and what the register already holds of it from an earlier run. */
type Plan = { job: LedgerImport; todo: LegacyRecord[]; imported: number; problems: RowProblem[] };

/**
 * Imports the office's old 房屋所有权证 ledger (CSV or Excel) into the register. Every row is checked first
 * (domain/legacy); by default a file with any problem imports nothing, and the office fixes it and imports again;
 * by choice only the good rows are imported. A checked file is then written in batches, one transaction each, and
 * the import counts its progress. An import cut off (the process killed, the power gone) stays `running`; the same
 * file sent again finds it by its SHA-256 and writes only the records the register does not hold from it yet, so no
 * record is lost or written twice. Its rows are checked again as they were the first time (same day, same mode).
 */
export class LegacyImporter {
  constructor(
    private readonly register: RegisterStore,
    private readonly imports: ImportStore,
    private readonly clock: Clock,
    readonly batchSize = IMPORT_BATCH,
    /** The office's area code, carried by the ids this service mints (domain/city/office-ids.ts). */
    private readonly area: string | null = null,
  ) {}

  /** Imports being written in this process, by id: the same file sent again meanwhile joins its import. */
  private readonly active = new Map<string, Promise<LedgerImport>>();
  private stopping = false;

  /** Imports a ledger file and answers once it is finished (the command line, the API). */
  async importLedger(staffId: string, fileName: string, bytes: Uint8Array, mode: ImportMode, onProgress?: (p: ImportProgress) => void): Promise<LedgerImport> {
    return (await this.startLedger(staffId, fileName, bytes, mode, onProgress)).finished;
  }

  /**
   * Reads and checks a ledger file and stores its import, then writes its records without being awaited: the web
   * upload answers at once with the import's page, which follows its progress (docs/archive.md).
   */
  async startLedger(staffId: string, fileName: string, bytes: Uint8Array, mode: ImportMode, onProgress?: (p: ImportProgress) => void): Promise<StartedImport> {
    const now = this.clock.now().toISOString();
    const sha = createHash('sha256').update(bytes).digest('hex');
    const fresh: LedgerImport = {
      id: officeId(this.area, 'ledger', `${sha.slice(0, 12)}-${randomUUID().slice(0, 8)}`), fileName: fileName.slice(0, 200), fileSha256: sha, mode, status: 'running',
      createdBy: staffId, createdAt: now, finishedAt: null, total: 0, imported: 0, problems: [],
    };
    const read = await readLedger(bytes);
    if (!read.ok) {
      const e = read.error;
      const problem: RowProblem = e.kind === 'missing-columns'
        ? { row: 1, column: null, code: 'missing-columns', detail: e.columns.map((c) => LEGACY_COLUMN_TEXT[c]).join('、') }
        : e.kind === 'too-large' ? { row: 1, column: null, code: 'file-too-large', detail: LEDGER_LIMIT_TEXT[e.what](e.max) } : { row: 1, column: null, code: 'file-unreadable', detail: null };
      const refused = await this.refuse({ ...fresh, problems: [problem] });
      return { job: refused, finished: Promise.resolve(refused) };
    }
    const plan = await this.plan(fresh, read.value);
    if (plan.job.status !== 'running') return { job: plan.job, finished: Promise.resolve(plan.job) };
    const job: LedgerImport = { ...plan.job, imported: plan.imported, problems: plan.problems };
    const joined = this.active.get(job.id);
    if (joined) return { job, finished: joined };
    const progress = (imported: number) => onProgress?.({ id: job.id, total: job.total, imported, resumed: job.id !== fresh.id });
    progress(plan.imported);
    const finished = this.complete(plan, now, progress).finally(() => this.active.delete(job.id));
    this.active.set(job.id, finished);
    // Its callers handle a failure (the page logs it, the command line reports it); none is left unhandled meanwhile.
    finished.catch(() => undefined);
    return { job, finished };
  }

  /** Stops every import of this process at its next batch: each stays `running`, cut off, and resumes when sent again. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.active.values()]);
  }

  private async complete(plan: Plan, now: string, progress: (imported: number) => void): Promise<LedgerImport> {
    const done = await this.write(plan, now, progress);
    if (done.cut) return { ...plan.job, imported: done.imported, problems: done.problems };
    const status = done.imported === 0 ? 'refused' : done.problems.length > 0 ? 'partly-imported' : 'imported';
    await this.imports.finish(plan.job.id, status, done.imported, done.problems, this.clock.now().toISOString());
    return { ...plan.job, status, imported: done.imported, problems: done.problems, finishedAt: this.clock.now().toISOString() };
  }

  private async refuse(job: LedgerImport): Promise<LedgerImport> {
    const record: LedgerImport = { ...job, status: 'refused', finishedAt: job.createdAt };
    await this.imports.create(record);
    return record;
  }

  /** Checks the rows (as of the running import's own day, when resuming it) and finds what is left to write. */
  private async plan(fresh: LedgerImport, rows: readonly (LegacyRow | null)[]): Promise<Plan> {
    const running = await this.imports.running(fresh.fileSha256);
    const job = running ?? { ...fresh, total: rows.filter((r) => r !== null).length };
    const stored = running ? await this.register.entriesStored(rows.map((_, i) => unitEntryId(job.id, FIRST_ROW + i))) : new Set<string>();
    const doneRows = new Set(rows.map((_, i) => FIRST_ROW + i).filter((row) => stored.has(unitEntryId(job.id, row))));
    const unitOf = (i: number) => rows[i]?.unitNumber?.trim().toUpperCase() ?? '';
    const mine = new Set(rows.flatMap((_, i) => (doneRows.has(FIRST_ROW + i) ? [unitOf(i)] : [])));
    const registered = await this.register.existing(rows.flatMap((_, i) => (unitOf(i) && !mine.has(unitOf(i)) ? [unitOf(i)] : [])));
    const check = checkLegacyRows(rows, { today: chinaDate(job.createdAt), firstRow: FIRST_ROW, isRegistered: (u) => registered.has(u) });
    if (!running && (check.records.length === 0 || (job.mode === 'all-or-nothing' && check.problems.length > 0))) {
      return { job: await this.refuse({ ...job, problems: check.problems }), todo: [], imported: 0, problems: check.problems };
    }
    if (!running && (await this.imports.create({ ...job, problems: check.problems })) === 'file-running') {
      // The same file was started elsewhere a moment ago: continue that import instead of making a second.
      return this.plan(fresh, rows);
    }
    const todo = check.records.filter((r) => !doneRows.has(r.row));
    return { job, todo, imported: check.records.length - todo.length, problems: check.problems };
  }

  /**
   * Writes what is left, a batch per transaction, counting progress after each. A unit another import registered
   * meanwhile becomes a problem of its row (the rest is written); one this import's other run wrote counts as done.
   */
  private async write(plan: Plan, now: string, progressed: (imported: number) => void): Promise<{ imported: number; problems: RowProblem[]; cut: boolean }> {
    let { imported } = plan;
    const problems = [...plan.problems];
    const { job } = plan;
    for (let at = 0; at < plan.todo.length; at += this.batchSize) {
      if (this.stopping) return { imported, problems, cut: true };
      let batch = plan.todo.slice(at, at + this.batchSize);
      for (;;) {
        const written = await this.register.appendNewUnits(batch.map((r) => ({ unitNumber: r.unitNumber, append: appendOf(r, job.id, job.createdBy, now) })));
        if (written.ok) break;
        const taken = batch.filter((r) => written.existing.includes(r.unitNumber));
        const ours = await this.register.entriesStored(taken.map((r) => unitEntryId(job.id, r.row)));
        imported += ours.size;
        problems.push(...taken.filter((r) => !ours.has(unitEntryId(job.id, r.row))).map(alreadyRegistered));
        batch = batch.filter((r) => !written.existing.includes(r.unitNumber));
      }
      imported += batch.length;
      await this.imports.progress(job.id, imported, problems);
      progressed(imported);
    }
    return { imported, problems, cut: false };
  }
}
