import { useState } from 'react';
import { useServices } from '#renderer/app/services.ts';
import { unsentForBundle } from '#renderer/db/bundle-rows.ts';
import { T } from './sync-text.ts';

/** No link for days: what the office has not received goes onto a USB stick as one sealed bundle (docs/usb-bundles.md). */
export function BundleExport() {
  const { db, van } = useServices();
  const [dir, setDir] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ tone: 'ok' | 'bad' | 'warn'; text: string } | null>(null);
  const exportBundle = async () => {
    setBusy(true);
    setNote({ tone: 'warn', text: T.bundle.working });
    try {
      const unsent = await unsentForBundle(db);
      const r = await van.syncExportBundle({ dir, ...unsent });
      setNote(r.ok ? { tone: 'ok', text: T.bundle.done(r.value.path, r.value.documents, r.value.scans) } : { tone: 'bad', text: T.bundle.failed(r.error.message) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" data-testid="bundle-export" onSubmit={(e) => { e.preventDefault(); void exportBundle(); }}>
      <h2>{T.bundle.title}</h2>
      <p className="muted">{T.bundle.intro}</p>
      <label>{T.bundle.folder}<input value={dir} onChange={(e) => setDir(e.target.value)} placeholder={T.bundle.folderHint} autoComplete="off" required /></label>
      <button type="submit" disabled={busy || dir.trim().length === 0}>{T.bundle.submit}</button>
      {note && <div className={`alert ${note.tone}`} role="status" data-testid="bundle-note">{note.text}</div>}
    </form>
  );
}
