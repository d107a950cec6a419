import { useEffect, useRef, useState } from 'react';
import { type IssuedNotice } from '#domain/case/events.ts';
import { useServices } from '#renderer/app/services.ts';
import { NOTICE_T } from './case-notice-text.ts';

/**
 * The notice handed over at intake, as archived on the van (its `notice-issued` event names the file by hash):
 * shown again and printed again from 案件 without taking the intake again.
 */
export function CaseNotice({ caseId, notice }: { caseId: string; notice: IssuedNotice }) {
  const { van } = useServices();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const frame = useRef<HTMLIFrameElement | null>(null);
  const printWhenLoaded = useRef(false);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);

  async function open(): Promise<void> {
    setBusy(true);
    const r = await van.documentsCaseNotice({ caseId, notice: notice.notice, sha256: notice.sha256 });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setUrl(URL.createObjectURL(new Blob([r.value.pdf.slice()], { type: 'application/pdf' })));
  }
  const print = () => {
    if (url) return frame.current?.contentWindow?.print();
    printWhenLoaded.current = true;
    void open();
  };

  const name = NOTICE_T.kinds[notice.notice];
  return (
    <div className="card" data-testid="case-notice" data-notice={notice.notice}>
      <div className="row">
        <span className="grow">{name} · {notice.pages} 页</span>
        {url ? <button onClick={() => setUrl(null)}>{NOTICE_T.hide}</button> : <button disabled={busy} onClick={() => void open()}>{NOTICE_T.view}</button>}
        <button disabled={busy} onClick={print}>{NOTICE_T.print}</button>
      </div>
      {busy && <p className="muted">{NOTICE_T.loading}</p>}
      {error && <div className="alert bad" role="alert">{error}</div>}
      {url && (
        <iframe ref={frame} title={NOTICE_T.title(name)} src={url} data-sha256={notice.sha256} style={{ width: '100%', height: 480, border: 0 }}
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
