import { useEffect, useRef, useState } from 'react';
import { type IssuedNotice } from '#domain/case/events.ts';
import { useServices } from '#renderer/app/services.ts';
import { NOTICE_T } from './case-notice-text.ts';

/**
 * The notice handed over at intake, as archived on the van (its `notice-issued` event names the file by hash):
 * shown again and printed again from 案件 without taking the intake again. A copy printed again is marked 重印 with
 * the time it was printed (the main side adds the mark to the archived file and keeps the copy beside it).
 */
export function CaseNotice({ caseId, notice }: { caseId: string; notice: IssuedNotice }) {
  const { van } = useServices();
  // What the frame shows: the notice as handed over (查看), or the copy printed again, marked 重印 (打印).
  const [shown, setShown] = useState<{ url: string; reprint: boolean; sha256: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const frame = useRef<HTMLIFrameElement | null>(null);
  const printWhenLoaded = useRef(false);
  useEffect(() => () => {
    if (shown) URL.revokeObjectURL(shown.url);
  }, [shown]);

  async function open(reprint: boolean): Promise<void> {
    setBusy(true);
    const request = { caseId, notice: notice.notice, sha256: notice.sha256 };
    const r = reprint ? await van.documentsReprintNotice(request) : await van.documentsCaseNotice(request);
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    printWhenLoaded.current = reprint;
    setShown({ url: URL.createObjectURL(new Blob([r.value.pdf.slice()], { type: 'application/pdf' })), reprint, sha256: r.value.sha256 });
  }

  const name = NOTICE_T.kinds[notice.notice];
  return (
    <div className="card" data-testid="case-notice" data-notice={notice.notice}>
      <div className="row">
        <span className="grow">{name} · {notice.pages} 页</span>
        {shown && !shown.reprint ? <button onClick={() => setShown(null)}>{NOTICE_T.hide}</button> : <button disabled={busy} onClick={() => void open(false)}>{NOTICE_T.view}</button>}
        <button disabled={busy} onClick={() => void open(true)}>{NOTICE_T.print}</button>
      </div>
      {busy && <p className="muted">{NOTICE_T.loading}</p>}
      {error && <div className="alert bad" role="alert">{error}</div>}
      {shown?.reprint && <div className="alert warn" role="status" data-testid="case-notice-reprint">{NOTICE_T.reprinted}</div>}
      {shown && (
        <iframe ref={frame} title={shown.reprint ? NOTICE_T.reprintTitle(name) : NOTICE_T.title(name)} src={shown.url} data-sha256={shown.sha256} style={{ width: '100%', height: 480, border: 0 }}
          onLoad={() => {
            if (!printWhenLoaded.current) return;
            printWhenLoaded.current = false;
            frame.current?.contentWindow?.print();
          }} />
      )}
    </div>
  );
}

/** An intake saved at payment whose notice never followed: say so, and what to do. */
export function NoticePending() {
  return <div className="alert warn" data-testid="case-notice-pending">{NOTICE_T.pending}</div>;
}
