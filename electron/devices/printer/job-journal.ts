/**
 * The print-job journal: what happened to each job id, kept across restarts, so a retry of a job
 * that printed is acknowledged and never sent again, and a job cut off mid-print is never re-sent blindly.
 */
import { appendFile, readFile } from 'node:fs/promises';

/** `sending`: bytes may be on paper; `done`: printed and the printer was fine afterwards; `refused`: nothing printed. */
export type JobState = 'sending' | 'done' | 'in-doubt' | 'refused';
export type JobRecord = { id: string; state: JobState; at: string; detail?: string };

export type JobJournal = {
  get(id: string): Promise<JobRecord | null>;
  put(record: JobRecord): Promise<void>;
};

export class MemoryJobJournal implements JobJournal {
  private readonly records = new Map<string, JobRecord>();
  get(id: string): Promise<JobRecord | null> {
    return Promise.resolve(this.records.get(id) ?? null);
  }
  put(record: JobRecord): Promise<void> {
    this.records.set(record.id, record);
    return Promise.resolve();
  }
}

/** Append-only JSON lines; the last line for an id wins. A torn last line (crash mid-write) is ignored. */
export class FileJobJournal implements JobJournal {
  private records: Map<string, JobRecord> | null = null;
  constructor(private readonly file: string) {}

  private async load(): Promise<Map<string, JobRecord>> {
    if (this.records) return this.records;
    const map = new Map<string, JobRecord>();
    const text = await readFile(this.file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      try {
        const r = JSON.parse(line) as JobRecord;
        if (typeof r.id === 'string' && typeof r.state === 'string') map.set(r.id, r);
      } catch {
        // a partial line from a crash: the job before it is still 'sending', which is treated as in doubt
      }
    }
    this.records = map;
    return map;
  }

  async get(id: string): Promise<JobRecord | null> {
    return (await this.load()).get(id) ?? null;
  }

  async put(record: JobRecord): Promise<void> {
    const map = await this.load();
    await appendFile(this.file, `${JSON.stringify(record)}\n`, { flush: true });
    map.set(record.id, record);
  }
}
