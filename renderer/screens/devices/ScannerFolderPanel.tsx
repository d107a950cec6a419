import { useEffect, useState } from 'react';
import { type ScannerOffer } from '#electron/ipc/contract.ts';
import { useServices } from '#renderer/app/services.ts';
import { T } from './devices-text.ts';

/** The scanner's output folder: the main side watches it and offers finished files at the Materials step. */
export function ScannerFolderPanel() {
  const { van } = useServices();
  const [offer, setOffer] = useState<ScannerOffer | null>(null);
  const [path, setPath] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);

  useEffect(() => {
    void van.scansScanner().then((r) => {
      if (!r.ok) return;
      setOffer(r.value);
      setPath((p) => p || (r.value.folder ?? ''));
    });
    return van.subscribe('scans:scanner', setOffer);
  }, [van]);

  async function save(next: string | null) {
    const r = await van.scansSetScannerFolder({ path: next });
    if (r.ok) setOffer(r.value);
    setMessage(r.ok ? { tone: 'ok', text: next ? T.scannerSaved : T.scannerCleared } : { tone: 'bad', text: r.error.message });
  }

  return (
    <div className="card" data-testid="device-scanner">
      <h2>{T.scanner}</h2>
      <p>
        <span className={`tag ${offer?.folder ? 'ok' : 'warn'}`}>{offer?.folder ? T.state.ready : T.scannerNone}</span>
        {offer?.folder && T.scannerWatching(offer.folder, offer.files.length)}
      </p>
      <p className="muted">{T.scannerHint}</p>
      <label htmlFor="scanner-folder">{T.scannerFolder}</label>
      <div className="row">
        <input id="scanner-folder" className="grow" style={{ width: 'auto' }} value={path} onChange={(e) => setPath(e.target.value)} />
        <button onClick={() => void save(path.trim())} disabled={path.trim() === ''}>{T.scannerSave}</button>
        {offer?.folder && <button onClick={() => void save(null)}>{T.scannerClear}</button>}
      </div>
      {message && <div className={`alert ${message.tone}`} role="status">{message.text}</div>}
    </div>
  );
}
