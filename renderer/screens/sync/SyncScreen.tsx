import { useEffect, useMemo, useState } from 'react';
import { type UploadState } from '#electron/ipc/contract.ts';
import { type SyncError, type SyncState } from '#renderer/db/sync-controller.ts';
import { retryNow } from '#renderer/app/retry-now.ts';
import { useObservable } from '#renderer/app/use-observable.ts';
import { useServices } from '#renderer/app/services.ts';
import { RECORD_TEXT } from '#domain/records/record-text.ts';
import { adviceFor } from './refusal-text.ts';
import { AnswerImport } from './AnswerImport.tsx';
import { BundleExport } from './BundleExport.tsx';
import { T } from './sync-text.ts';
import { type UploadLabel, uploadLabels$ } from './upload-labels.ts';

const formatTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN') : T.never);

/** The failure in staff's words: the office's own (Chinese) message when it sent one. */
export function syncErrorText(e: SyncError): string {
  if (e.officeMessage) return e.officeMessage;
  return e.code === 'unreachable' ? T.errors.unreachable : T.errors[e.code](e.status);
}

/** A scan as a person knows it; one whose record is not on this van yet still says how big it is, not its hash. */
function uploadText(label: UploadLabel | undefined, bytes: number): string {
  const size = T.uploadSize(Math.max(1, Math.round(bytes / 1024)));
  if (!label) return `${T.uploadUnknown} · ${size}`;
  return `${label.unsaved ? T.uploadUnsaved : ''}${label.applicants || T.uploadNoName} · ${label.material} · ${T.uploadPages(label.pages)} · ${size}`;
}

/** Online or offline, what is pending, scan upload progress, last success, errors in plain words. */
export function SyncScreen() {
  const { sync, van, db } = useServices();
  const labels = useObservable(useMemo(() => uploadLabels$(db), [db]), new Map<string, UploadLabel>());
  const state$ = useMemo(() => sync?.state$ ?? null, [sync]);
  const state = useObservable<SyncState | null>(state$, sync?.state() ?? null);
  const [uploads, setUploads] = useState<UploadState[]>([]);

  useEffect(() => {
    void van.scansUploadState().then((r) => r.ok && setUploads(r.value));
    return van.subscribe('scans:progress', setUploads);
  }, [van]);

  if (!sync || !state) return <section aria-label={T.title}><h1>{T.title}</h1><div className="alert bad">{T.notEnrolled}</div></section>;
  const tone = state.status === 'in-sync' ? 'ok' : state.status === 'offline' || state.status === 'refused' || state.status === 'revoked' || state.status === 'attention' ? 'bad' : 'warn';
  return (
    <section aria-label={T.title}>
      <h1>{T.title}</h1>
      <div className={`alert ${tone}`} role="status" data-testid="sync-status" data-status={state.status}>{T.status[state.status]}</div>
      {state.status === 'offline' && (
        <p className="row">
          <button type="button" onClick={() => retryNow(sync, van)}>{T.retryNow}</button>
          <span className="muted">{T.retryNowHint}</span>
        </p>
      )}
      {state.status === 'revoked' && <ReenrollForm />}
      <div className="grid2">
        <div className="card"><div className="muted">{T.pendingDocuments}</div><div className="big" data-testid="pending-documents">{state.pendingDocuments}</div></div>
        <div className="card"><div className="muted">{T.pendingScans}</div><div className="big" data-testid="pending-scans">{state.pendingScans}</div></div>
      </div>
      <p>{T.lastSuccess}：{formatTime(state.lastSuccessAt)}</p>
      {state.lastError && <div className="alert bad">{T.lastError}：{syncErrorText(state.lastError)}（{formatTime(state.lastError.at)}）</div>}
      {state.chain && <p>{state.chain.state === 'broken' ? T.chainBroken : T.chainOk}</p>}
      {state.quarantined.length > 0 && (
        <div className="card">
          <h2>{T.quarantined}</h2>
          <ul>{state.quarantined.map((q) => (
            <li key={q.id} data-testid="refused-record" data-code={q.code}>
              <b>{RECORD_TEXT[q.collection] ?? q.collection} {q.docId}</b>：{q.reason}
              <div className="muted">{T.whatToDo}：{adviceFor(q.code)}</div>
            </li>
          ))}</ul>
        </div>
      )}
      <RetryQuarantined refused={state.quarantined.length + state.heldBack.length} />
      {state.heldBack.length > 0 && (
        <div className="card" data-testid="held-back">
          <h2>{T.heldBack}</h2>
          <ul>{state.heldBack.map((h) => <li key={h.id}>{RECORD_TEXT[h.collection] ?? h.collection} {h.docId}：{h.reason}</li>)}</ul>
          <p className="muted">{T.heldBackNote}</p>
        </div>
      )}
      <h2>{T.uploads}</h2>
      {uploads.length === 0 && <p className="muted">{T.noUploads}</p>}
      {uploads.map((u) => (
        <div key={u.sha256} className="card" data-testid="upload">
          <div className="row"><span className="grow" data-testid="upload-label">{uploadText(labels.get(`${u.caseId} ${u.sha256}`), u.bytes)}</span><span className={`tag ${u.state === 'verified' ? 'ok' : u.state === 'failed' ? 'bad' : 'warn'}`}>{T.uploadState[u.state]}</span></div>
          <progress max={Math.max(u.bytes, 1)} value={u.uploaded} />
          {u.error && <div className="alert bad">{u.error}</div>}
        </div>
      ))}
      <BundleExport />
      <AnswerImport />
    </section>
  );
}

/**
 * 重新提交退回的记录: sends the refused records again and shows what the office answered, in its words; the answer
 * stays after the list empties (everything taken).
 */
function RetryQuarantined({ refused: waiting }: { refused: number }) {
  const { sync } = useServices();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ tone: 'ok' | 'bad' | 'warn'; lines: string[] } | null>(null);
  if (!sync) return null;
  const retry = async () => {
    setBusy(true);
    setNote({ tone: 'warn', lines: [T.retry.working] });
    const outcome = await sync.retryQuarantined();
    setBusy(false);
    if (!outcome.ok) return setNote({ tone: 'bad', lines: [T.retry.failed(syncErrorText(outcome.error))] });
    const refused = outcome.answers.filter((a) => !a.taken);
    if (outcome.answers.length === 0) return setNote({ tone: 'warn', lines: [T.retry.nothingSent] });
    setNote({
      tone: refused.length > 0 ? 'bad' : 'ok',
      lines: [T.retry.answered(outcome.answers.length - refused.length, refused.length), ...refused.map((a) => T.retry.refusedLine(RECORD_TEXT[a.collection] ?? a.collection, a.docId, a.reason ?? ''))],
    });
  };
  return (
    <>
      {waiting > 0 && <button disabled={busy} onClick={() => void retry()}>{T.retryQuarantined}</button>}
      {note && <div className={`alert ${note.tone}`} role="status" data-testid="retry-answer">{note.lines.map((l) => <div key={l}>{l}</div>)}</div>}
    </>
  );
}

/** The office revoked this device: a new code from the office enrolls it again under the same device id. */
function ReenrollForm() {
  const { van } = useServices();
  const [code, setCode] = useState('');
  const [note, setNote] = useState<{ tone: 'ok' | 'bad' | 'warn'; text: string } | null>(null);
  const submit = async () => {
    setNote({ tone: 'warn', text: T.reenroll.working });
    const r = await van.deviceReenroll({ code });
    if (!r.ok) {
      setNote({ tone: 'bad', text: T.reenroll.failed(r.error.message) });
      return;
    }
    setNote({ tone: 'ok', text: T.reenroll.done });
    // The sync starts again with the new token from the main side's config; the local store is kept as is.
    window.location.reload();
  };
  return (
    <form className="card" data-testid="reenroll" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2>{T.reenroll.title}</h2>
      <label>{T.reenroll.code}<input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" required minLength={6} maxLength={64} /></label>
      <button type="submit" disabled={code.trim().length < 6}>{T.reenroll.submit}</button>
      {note && <div className={`alert ${note.tone}`} role="status">{note.text}</div>}
    </form>
  );
}
