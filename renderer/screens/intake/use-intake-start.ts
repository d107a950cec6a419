import { useMemo, useState } from 'react';
import { type VanDatabase } from '#renderer/db/database.ts';
import { useObservable } from '#renderer/app/use-observable.ts';
import { type Appointment, type StoredDraft, draft$, loadDraft, saveDraft } from './draft-store.ts';

/** Which intake 受理 shows: a fresh one (for an appointment or a walk-in) or the draft kept on the van. */
export type IntakeStart = { key: number; appointment: Appointment | null; resume: StoredDraft | null };

/** 开始受理 pressed while another intake is kept: the clerk chooses between the two. */
export type IntakeChoice = { stored: StoredDraft; next: Appointment | null };

/**
 * How an intake starts. Without a draft: fresh. With one: the same appointment (or 受理 in the menu) resumes
 * it; another appointment asks first (DraftChoice), never discarding the draft by itself. The draft is read
 * from the store at the press, not from what the screen last showed.
 */
export function useIntakeStart(db: VanDatabase, loggedIn: boolean, show: () => void) {
  const source = useMemo(() => (loggedIn ? draft$(db) : null), [db, loggedIn]);
  const stored = useObservable<StoredDraft | null>(source, null);
  const [intake, setIntake] = useState<IntakeStart>({ key: 0, appointment: null, resume: null });
  const [choice, setChoice] = useState<IntakeChoice | null>(null);

  const open = (appointment: Appointment | null, resume: StoredDraft | null) => {
    setChoice(null);
    setIntake((i) => ({ key: i.key + 1, appointment, resume }));
    show();
  };
  async function start(appointment: Appointment | null): Promise<void> {
    const current = await loadDraft(db);
    if (!current) return open(appointment, null);
    if (appointment === null || current.appointment?.id === appointment.id) return open(current.appointment, current);
    setChoice({ stored: current, next: appointment });
  }
  /**
   * An application continued after 补正 (cases/continue-correction.ts): kept as the draft, then opened. Another
   * intake kept on the van is never replaced: the clerk finishes or discards it first (`false`).
   */
  async function continueCase(next: StoredDraft): Promise<boolean> {
    const current = await loadDraft(db);
    if (current && current.draft.caseId !== next.draft.caseId) return false;
    if (current) {
      open(current.appointment, current);
      return true;
    }
    await saveDraft(db, next);
    open(next.appointment, next);
    return true;
  }
  return {
    stored,
    continueCase,
    intake,
    choice,
    start,
    resume: (s: StoredDraft) => open(s.appointment, s),
    startNew: (next: Appointment | null) => open(next, null),
  };
}
