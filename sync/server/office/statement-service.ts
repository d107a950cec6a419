import { createHash } from 'node:crypto';
import { isQrPayment, type PaymentMethod } from '#domain/case/events.ts';
import { QR_CHANNELS, type QrChannel, type QrReceipt, type StatementMatch, type StatementProblem, matchStatement, readStatement } from '#domain/reconciliation/statement.ts';
import { type OfficeContext } from '#server/context.ts';
import { sortByChain } from './chain-holds.ts';
import { voidedReceiptIds } from './domain-adapter.ts';
import { getParsed, parsedReads } from './office-data.ts';
import { statementRows } from './statement-file.ts';
import { amendableTrip } from './reconciliation-lock.ts';
import { statementStore, type StatementStore, type StoredStatement } from './statement-store.ts';
import { S } from './statement-text.ts';

/** A statement file is a day's or a month's lines of one account: a few MB at most. */
export const MAX_STATEMENT_BYTES = 5 * 1024 * 1024;

/** `sha256`: the imported file's, naming the very file a sign-off was computed from. */
export type StatementReport = { channel: QrChannel; fileName: string; sha256: string; importedAt: string; importedBy: string; problems: StatementProblem[]; match: StatementMatch };

export type ImportOutcome = { ok: true; report: StatementReport } | { ok: false; status: number; message: string };

/**
 * The QR receipts a statement is matched against: the trip's own, and those of any trip whose transaction
 * references appear on the statement's lines, each with whether it was voided (counted events of their cases
 * only). Read by the trip and by the references, on their indexes, never every receipt the office holds.
 */
async function qrReceipts(ctx: Pick<OfficeContext, 'storage'>, tripId: string, refs: readonly string[]): Promise<QrReceipt[]> {
  const reads = parsedReads(ctx.storage.db);
  const found = new Map([...(await reads.ofTrip('receipts', tripId)), ...(await reads.receiptsByTransaction(refs))].map((r) => [r.id, r]));
  const receipts = [...found.values()].filter((r) => r.method !== undefined && isQrPayment(r.method));
  const events = (await sortByChain(ctx.storage, await reads.ofCases('caseEvents', receipts.map((r) => r.caseId)))).counted;
  const voided = voidedReceiptIds(events, receipts);
  return receipts.map((r) => ({ number: r.number, caseNumber: null, tripId: r.tripId, method: r.method as PaymentMethod, transactionRef: r.transactionRef ?? null, amountFen: r.amountFen, voided: voided.has(r.id) }));
}

/** Each imported statement of the trip, matched against the receipts as they stand now. */
export async function statementReports(ctx: Pick<OfficeContext, 'storage'>, store: StatementStore, tripId: string): Promise<StatementReport[]> {
  const stored = await store.ofTrip(tripId);
  const reports: StatementReport[] = [];
  for (const s of stored) {
    const statement = readStatement(s.channel, statementRows(s.bytes));
    const receipts = await qrReceipts(ctx, tripId, statement.lines.map((l) => l.ref));
    reports.push({ channel: s.channel, fileName: s.fileName, sha256: s.sha256, importedAt: s.importedAt, importedBy: s.importedBy, problems: statement.problems, match: matchStatement(statement, tripId, receipts) });
  }
  return reports;
}

/**
 * Imports a channel's statement for a trip: a file that is not that channel's statement (no header found) is
 * refused and nothing is kept; lines that cannot be read are kept and named on the report.
 */
export async function importStatement(
  ctx: Pick<OfficeContext, 'storage' | 'clock'>, store: StatementStore, staffId: string, tripId: string, input: { channel: string; fileName: string; bytes: Uint8Array | null },
): Promise<ImportOutcome> {
  if (!(await getParsed(ctx.storage, 'trips', tripId))) return { ok: false, status: 404, message: S.tripUnknown };
  const channel = QR_CHANNELS.find((c) => c === input.channel);
  if (!channel) return { ok: false, status: 400, message: S.channelRequired };
  if (!input.bytes || input.bytes.length === 0) return { ok: false, status: 400, message: S.noFile };
  if (input.bytes.length > MAX_STATEMENT_BYTES) return { ok: false, status: 413, message: S.tooLarge };
  const statement = readStatement(channel, statementRows(input.bytes));
  const unreadable = statement.problems.find((p) => p.row === 0);
  if (unreadable) return { ok: false, status: 400, message: unreadable.message };
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const stored: StoredStatement = { tripId, channel, fileName: input.fileName.slice(0, 200) || `${channel}.csv`, bytes: input.bytes, sha256, importedBy: staffId, importedAt: ctx.clock.now().toISOString() };
  // Kept under the trip's reconciliation lock, refused once signed off: a statement never lands between the report a
  // sign-off computed and the sign-off written (which checks the statements it was computed from still stand).
  const kept = await ctx.storage.db.transaction(async (tx) => {
    const trip = await amendableTrip(tx, tripId);
    if ('ok' in trip) return trip;
    await statementStore(tx).save(stored);
    return null;
  });
  if (kept) return { ok: false, status: kept.status, message: kept.status === 409 ? S.signed : S.tripUnknown };
  const report = (await statementReports(ctx, store, tripId)).find((r) => r.channel === channel);
  if (!report) throw new Error('statement stored but not read back');
  return { ok: true, report };
}
