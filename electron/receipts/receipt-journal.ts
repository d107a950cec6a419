import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ReceiptPrint } from '#electron/ipc/contract.ts';

/** One durable fact about a receipt number. A number appears in at most one `issued` entry, ever. */
export type JournalEntry =
  | { kind: 'issued'; receipt: ReceiptPrint }
  | { kind: 'voided'; receiptNumber: string; reason: string; by: string; at: string }
  | { kind: 'reprinted'; receiptNumber: string; by: string; at: string };

/** Where used numbers are kept: a file journal by default, or the case store through a callback. */
export type ReceiptJournal = {
  load(): Promise<readonly JournalEntry[]>;
  /** Resolves only once the entry is durable (a crash after it cannot lose the number). */
  append(entry: JournalEntry): Promise<void>;
};

/**
 * JSON lines, one entry per line, appended with fsync before the caller goes on. A line torn by a crash mid-write
 * is ignored on load: its append had not resolved, so that receipt was never printed or handed out.
 */
export function createFileJournal(path: string): ReceiptJournal {
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve([]);
        throw e;
      }
      const entries: JournalEntry[] = [];
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        try {
          entries.push(JSON.parse(line) as JournalEntry);
        } catch {
          // A line torn by a crash mid-write: its append never resolved, so its receipt was never handed out.
          continue;
        }
      }
      return Promise.resolve(entries);
    },
    append(entry) {
      mkdirSync(dirname(path), { recursive: true });
      // Synchronous on purpose: the issuer serializes appends and each is one short line; fsync makes it durable.
      const fd = openSync(path, 'a');
      try {
        // The leading newline ends a line a crash may have left torn, so this entry always stands on its own line.
        writeSync(fd, `\n${JSON.stringify(entry)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return Promise.resolve();
    },
  };
}

/** A journal kept in memory, for tests and for a store that persists entries through `onAppend`. */
export function createMemoryJournal(initial: readonly JournalEntry[] = [], onAppend?: (entry: JournalEntry) => Promise<void>): ReceiptJournal & { entries: JournalEntry[] } {
  const entries = [...initial];
  return {
    entries,
    load: () => Promise.resolve([...entries]),
    async append(entry) {
      if (onAppend) await onAppend(entry);
      entries.push(entry);
    },
  };
}
