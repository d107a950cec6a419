import { type Clock } from '#domain/clock.ts';
import { BLOCK_ERROR_TEXT, checkBlock, formatNumber, nextNumber, remainingNumbers, type NumberBlock } from '#domain/receipts/number-block.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type ReceiptPrint } from '#electron/ipc/contract.ts';
import { type JournalEntry, type ReceiptJournal } from './receipt-journal.ts';
import { RECEIPT_TEXT as T } from './receipt-text.ts';

/** What the caller knows before a number is taken: everything on the receipt but its code, number and time. */
export type ReceiptDraft = Omit<ReceiptPrint, 'receiptCode' | 'receiptNumber' | 'issuedAt'>;

export type IssueError = { code: 'exhausted'; message: string };
export type VoidError = { code: 'unknown-number' | 'already-voided' | 'reason-required' | 'who-required'; message: string };

export type ReceiptState = { receipt: ReceiptPrint; voided?: { reason: string; by: string; at: string }; reprints: { by: string; at: string }[] };

export type ReceiptIssuer = {
  /** Asked BEFORE payment is taken: whether a number is left, and which one comes next. */
  canIssue(): Promise<Result<{ code: string; next: string; remaining: number }, IssueError>>;
  /** Takes the next number of the trip's block and records it durably before returning. */
  issue(draft: ReceiptDraft): Promise<Result<ReceiptPrint, IssueError>>;
  /** 作废: records reason and who; the number stays used and is never handed out again. */
  voidReceipt(receiptNumber: string, reason: string, by: string): Promise<Result<ReceiptState, VoidError>>;
  /** A reprint carries the same number; it is recorded, and the slip/PDF shows 重打印. */
  reprint(receiptNumber: string, by: string): Promise<Result<ReceiptPrint, VoidError>>;
  get(receiptNumber: string): Promise<ReceiptState | undefined>;
  list(): Promise<ReceiptState[]>;
};

/**
 * The receipt numbering of one trip. Every operation runs through one promise queue, so two receipts issued at the
 * same moment are served one after the other and never share a number; the journal entry is durable before the
 * number is returned, so a crash after printing cannot hand the number out again. Numbers come only from the
 * trip's block (domain/receipts/number-block), never from a shared sequence.
 */
export function createReceiptIssuer(opts: { block: NumberBlock; journal: ReceiptJournal; clock: Clock }): ReceiptIssuer {
  const checked = checkBlock(opts.block);
  if (!checked.ok) throw new Error(T.badBlock(BLOCK_ERROR_TEXT[checked.error]));
  const block = opts.block;
  const code = block.code;
  if (code === undefined) throw new Error(T.noCode);

  let state: Promise<Map<string, ReceiptState>> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const apply = (map: Map<string, ReceiptState>, e: JournalEntry): void => {
    if (e.kind === 'issued') map.set(e.receipt.receiptNumber, { receipt: e.receipt, reprints: [] });
    const s = e.kind === 'issued' ? undefined : map.get(e.receiptNumber);
    if (e.kind === 'voided' && s) s.voided = { reason: e.reason, by: e.by, at: e.at };
    if (e.kind === 'reprinted' && s) s.reprints.push({ by: e.by, at: e.at });
  };
  const load = () =>
    (state ??= opts.journal.load().then((entries) => {
      const map = new Map<string, ReceiptState>();
      for (const e of entries) apply(map, e);
      return map;
    }));
  /** Runs `fn` after every earlier operation has finished (or failed). */
  const serial = <T>(fn: (map: Map<string, ReceiptState>) => Promise<T>): Promise<T> => {
    const run = queue.then(async () => fn(await load()));
    queue = run.catch(() => undefined);
    return run;
  };
  const record = async (map: Map<string, ReceiptState>, e: JournalEntry) => {
    await opts.journal.append(e);
    apply(map, e);
  };
  const exhausted = (): IssueError => ({ code: 'exhausted', message: T.exhausted(code, formatNumber(block, block.last)) });

  return {
    canIssue: () =>
      serial((map) => {
        const next = nextNumber(block, map.keys());
        return Promise.resolve(next.ok ? ok({ code, next: next.value, remaining: remainingNumbers(block, map.keys()) }) : err(exhausted()));
      }),
    issue: (draft) =>
      serial(async (map) => {
        const next = nextNumber(block, map.keys());
        if (!next.ok) return err(exhausted());
        const receipt: ReceiptPrint = { ...draft, receiptCode: code, receiptNumber: next.value, issuedAt: opts.clock.now().toISOString() };
        await record(map, { kind: 'issued', receipt });
        return ok(receipt);
      }),
    voidReceipt: (receiptNumber, reason, by) =>
      serial(async (map) => {
        const s = map.get(receiptNumber);
        if (!s) return err({ code: 'unknown-number' as const, message: T.unknownNumber(receiptNumber) });
        if (s.voided) return err({ code: 'already-voided' as const, message: T.alreadyVoided(receiptNumber) });
        if (reason.trim().length < 2) return err({ code: 'reason-required' as const, message: T.reasonRequired });
        if (by.trim() === '') return err({ code: 'who-required' as const, message: T.whoRequired });
        await record(map, { kind: 'voided', receiptNumber, reason: reason.trim(), by: by.trim(), at: opts.clock.now().toISOString() });
        return ok(s);
      }),
    reprint: (receiptNumber, by) =>
      serial(async (map) => {
        const s = map.get(receiptNumber);
        if (!s) return err({ code: 'unknown-number' as const, message: T.unknownNumber(receiptNumber) });
        // A voided receipt is not handed out again, not even as a copy.
        if (s.voided) return err({ code: 'already-voided' as const, message: T.alreadyVoided(receiptNumber) });
        if (by.trim() === '') return err({ code: 'who-required' as const, message: T.whoRequired });
        await record(map, { kind: 'reprinted', receiptNumber, by: by.trim(), at: opts.clock.now().toISOString() });
        return ok(s.receipt);
      }),
    get: (receiptNumber) => serial((map) => Promise.resolve(map.get(receiptNumber))),
    list: () => serial((map) => Promise.resolve([...map.values()])),
  };
}
