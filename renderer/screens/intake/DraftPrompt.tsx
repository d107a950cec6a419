import { useState } from 'react';
import { type VanApi } from '#electron/ipc/contract.ts';
import { logFailure } from '#renderer/app/failure-log.ts';
import { useServices } from '#renderer/app/services.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type Appointment, type StoredDraft, discardDraft } from './draft-store.ts';
import { BUSINESS_KINDS } from './intake-rules.ts';
import { DRAFT_T } from './draft-text.ts';
import { T } from './intake-text.ts';

/** One line naming the intake in progress: for whom, which business, where it stopped, who began it. */
export function draftSummary(stored: StoredDraft): string {
  const who = stored.appointment?.applicantName ?? stored.draft.applicants[0]?.name ?? DRAFT_T.walkIn;
  const business = stored.draft.kind ? BUSINESS_KINDS[stored.draft.kind].name : DRAFT_T.noKind;
  return DRAFT_T.pending(who, business, T.steps[stored.step] ?? '', stored.startedBy.name);
}

/**
 * Discards the draft; null once it is gone, else what the screen says. A refusal the main side answers is said in its
 * words; a write the store refused throws, and without this catch the button would do nothing and say nothing: the
 * screen says in Chinese that the draft is kept, with the code under which the cause is logged.
 */
async function discardOrSay(db: VanDatabase, van: Pick<VanApi, 'scansDiscardCase' | 'logPageFailure'>, stored: StoredDraft): Promise<string | null> {
  try {
    const r = await discardDraft(db, van, stored);
    return r.ok ? null : DRAFT_T.discardFailed + r.message;
  } catch (error) {
    return DRAFT_T.discardNotDone(logFailure(van, 'intake: discard the draft', error));
  }
}

/** Discards the draft only after a second, explicit press, saying what goes and what stays. */
function DiscardButton({ stored }: { stored: StoredDraft }) {
  const { db, van } = useServices();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function discard() {
    // Gone from the store, the banner showing it goes too (draft$ emits null).
    setError(await discardOrSay(db, van, stored));
  }
  if (!confirming) return <button onClick={() => setConfirming(true)}>{DRAFT_T.discard}</button>;
  return (
    <span className="row" data-testid="draft-discard-confirm">
      <span className="muted">{stored.saved === null ? DRAFT_T.discardWarnUnsaved : DRAFT_T.discardWarnSaved}</span>
      <button className="danger" onClick={() => void discard()}>{DRAFT_T.discardConfirm}</button>
      <button onClick={() => setConfirming(false)}>{DRAFT_T.discardCancel}</button>
      {error && <span className="alert bad" role="alert">{error}</span>}
    </span>
  );
}

/** Shown on every other screen while an intake is in progress. */
export function DraftBanner({ stored, onResume }: { stored: StoredDraft; onResume: () => void }) {
  return (
    <div className="alert warn row" role="status" data-testid="draft-banner">
      <span className="grow">{draftSummary(stored)}</span>
      <button className="primary" onClick={onResume}>{DRAFT_T.resume}</button>
      <DiscardButton stored={stored} />
    </div>
  );
}

/** 开始受理 on another appointment while a draft exists: the clerk chooses, nothing is dropped silently. */
export function DraftChoice(props: { stored: StoredDraft; next: Appointment | null; onKeep: () => void; onStartNew: () => void }) {
  const { stored, next, onKeep, onStartNew } = props;
  const { db, van } = useServices();
  const [error, setError] = useState<string | null>(null);
  async function startNew() {
    const failed = await discardOrSay(db, van, stored);
    if (failed) return setError(failed);
    onStartNew();
  }
  return (
    <div className="card" role="dialog" aria-modal="true" aria-label={DRAFT_T.choiceTitle} data-testid="draft-choice">
      <h2>{DRAFT_T.choiceTitle}</h2>
      <p>{draftSummary(stored)}</p>
      <p>{DRAFT_T.choiceNew(next?.applicantName ?? DRAFT_T.walkIn)}</p>
      <p className="muted">{stored.saved === null ? DRAFT_T.discardWarnUnsaved : DRAFT_T.discardWarnSaved}</p>
      <div className="row">
        <button className="primary" onClick={onKeep}>{DRAFT_T.keepCurrent}</button>
        <button className="danger" onClick={() => void startNew()}>{DRAFT_T.startNew}</button>
      </div>
      {error && <div className="alert bad" role="alert">{error}</div>}
    </div>
  );
}
