/**
 * The intake in progress, kept on the van so a reload, a crash of either process or the screen lock loses
 * nothing: one RxDB local document per device (`intake-draft`), sealed under the van's data key like the
 * cases themselves (renderer/db/encrypted-storage.ts). It is written on every change, read back after the
 * next login, and ends only on purpose: the intake finished (the applicant signed) or discarded by a clerk.
 */
import { type Observable, map } from 'rxjs';
import { type VanApi } from '#electron/ipc/contract.ts';
import { type AppointmentDoc } from '#protocol/documents/office.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { ENCRYPTED_LOCAL_DOCUMENTS } from '#renderer/db/encrypted-storage.ts';
import { type Draft, type IntakeOutcome } from './draft.ts';

export const DRAFT_DOC = 'intake-draft';
// The draft's document is the one the store seals by id: a rename here without one there would store it in the clear.
if (!ENCRYPTED_LOCAL_DOCUMENTS.ids.includes(DRAFT_DOC)) throw new Error(`${DRAFT_DOC} must be sealed at rest`);

export type Appointment = Omit<AppointmentDoc, '_deleted'>;

export type StoredDraft = {
  draft: Draft;
  /** Index into the intake's steps. */
  step: number;
  /** What the case was saved as, once it is (then its scans belong to the case, not to the draft). */
  saved: IntakeOutcome['kind'] | null;
  appointment: Appointment | null;
  startedBy: { id: string; name: string };
  updatedAt: string;
};

/** The stored draft, or null; emits again on every change (another window's too). */
export function draft$(db: VanDatabase): Observable<StoredDraft | null> {
  return db.getLocal$<StoredDraft>(DRAFT_DOC).pipe(map((doc) => (doc ? (doc.toJSON().data as StoredDraft) : null)));
}

export async function loadDraft(db: VanDatabase): Promise<StoredDraft | null> {
  const doc = await db.getLocal<StoredDraft>(DRAFT_DOC);
  return doc ? (doc.toJSON().data as StoredDraft) : null;
}

// Writes go one after another, so an older state never lands after a newer one.
const queues = new WeakMap<VanDatabase, Promise<unknown>>();

function queued<T>(db: VanDatabase, run: () => Promise<T>): Promise<T> {
  const next = (queues.get(db) ?? Promise.resolve()).then(run, run);
  queues.set(db, next.catch(() => undefined));
  return next;
}

export function saveDraft(db: VanDatabase, stored: StoredDraft): Promise<void> {
  return queued(db, async () => {
    await db.upsertLocal<StoredDraft>(DRAFT_DOC, stored);
  });
}

/** The intake is finished: its case holds everything, the draft goes. */
export function finishDraft(db: VanDatabase, caseId: string): Promise<void> {
  return queued(db, async () => {
    const doc = await db.getLocal<StoredDraft>(DRAFT_DOC);
    if (doc && (doc.toJSON().data as StoredDraft).draft.caseId === caseId) await doc.remove();
  });
}

/**
 * Discards the draft on purpose. Scan files imported for a case never saved belong to nothing else (the draft's
 * case id is its own), so they are removed from the disk first; a case already saved keeps its scans and stays
 * in 案件. A crash between the two steps leaves the draft, and discarding it again finishes the job.
 */
export async function discardDraft(db: VanDatabase, van: Pick<VanApi, 'scansDiscardCase'>, stored: StoredDraft): Promise<{ ok: true } | { ok: false; message: string }> {
  if (stored.saved === null) {
    const r = await van.scansDiscardCase({ caseId: stored.draft.caseId });
    if (!r.ok) return { ok: false, message: r.error.message };
  }
  await finishDraft(db, stored.draft.caseId);
  return { ok: true };
}
