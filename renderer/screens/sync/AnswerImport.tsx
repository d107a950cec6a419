import { useState } from 'react';
import { caughtText, logFailure } from '#renderer/app/failure-log.ts';
import { useServices } from '#renderer/app/services.ts';
import { T } from './sync-text.ts';

/**
 * No link for days: the office's answer bundle comes back on the stick and goes in as a pull would
 * (renderer/db/answer-bundle.ts); the main side opens it and refuses another device's, a changed or an old
 * enrollment's bundle with the reason.
 */
export function AnswerImport() {
  const { sync, van } = useServices();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ tone: 'ok' | 'bad' | 'warn'; text: string } | null>(null);
  const take = async () => {
    if (!sync) return;
    const status = sync.state().status;
    if (status === 'revoked' || status === 'wipe-ordered') {
      setNote({ tone: 'bad', text: T.answer.failed(T.answer.blocked) });
      return;
    }
    setBusy(true);
    setNote({ tone: 'warn', text: T.answer.working });
    try {
      const opened = await van.syncImportBundle({ path });
      // The main side's refusal (another device's bundle, a changed one) is already in Chinese.
      if (!opened.ok) {
        setNote({ tone: 'bad', text: T.answer.failed(opened.error.message) });
        return;
      }
      const taken = await sync.takeAnswer(opened.value);
      setNote({ tone: 'ok', text: T.answer.done(taken.pulled, taken.accepted, taken.refused) });
    } catch (error) {
      // The local store refused what the bundle holds: its words are for support, under the code staff read out.
      setNote({ tone: 'bad', text: T.answer.failed(caughtText(error, (e) => logFailure(van, 'sync: take the answer bundle in', e), T.answer.notTaken)) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" data-testid="answer-import" onSubmit={(e) => { e.preventDefault(); void take(); }}>
      <h2>{T.answer.title}</h2>
      <p className="muted">{T.answer.intro}</p>
      <label>{T.answer.path}<input value={path} onChange={(e) => setPath(e.target.value)} placeholder={T.answer.pathHint} autoComplete="off" required /></label>
      <button type="submit" disabled={busy || !sync || path.trim().length === 0}>{T.answer.submit}</button>
      {note && <div className={`alert ${note.tone}`} role="status" data-testid="answer-note">{note.text}</div>}
    </form>
  );
}
