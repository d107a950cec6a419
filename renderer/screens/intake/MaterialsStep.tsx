import { useEffect, useRef, useState } from 'react';
import { type ScanMeta, type ScannerFile } from '#electron/ipc/contract.ts';
import { useServices } from '#renderer/app/services.ts';
import { scanFileUrl, stageScanFile } from '#renderer/ipc/client.ts';
import { type StepProps } from './ApplicantsStep.tsx';
import { type MaterialLine, pagesOf, receivedMaterials } from './draft.ts';
import { checkMaterials } from '#domain/materials/check-materials.ts';
import { T } from './intake-text.ts';
import { removeScan, withoutScan } from './remove-scan.ts';
import { FIELD_MAX } from '#renderer/app/field-limits.ts';
import { CountInput } from '#renderer/app/CountInput.tsx';

const ACCEPTED = 'application/pdf,image/jpeg,image/png,image/tiff';

function Thumb({ scan, onRemove }: { scan: ScanMeta; onRemove: (() => void) | null }) {
  // The browser shows JPEG and PNG itself, from the host by the scan's hash; TIFF and PDF get a label.
  const src = scan.mime === 'image/jpeg' || scan.mime === 'image/png' ? scanFileUrl(scan.sha256) : null;
  return (
    <figure data-testid="scan-thumb" data-sha256={scan.sha256}>
      {src ? <img src={src} alt={scan.name} /> : <div className="pdf">{scan.mime === 'application/pdf' ? 'PDF' : 'TIFF'}</div>}
      <figcaption>{scan.name}<br />{T.materials.pages(scan.pages)}</figcaption>
      {onRemove && <button aria-label={T.materials.removeScanLabel(scan.name)} onClick={onRemove}>{T.materials.removeScan}</button>}
    </figure>
  );
}

/** The checklist of required materials; import scans per material (thumbnails, page counts). */
export function MaterialsStep({ draft, update, setCanAdvance }: StepProps) {
  const { van, db } = useServices();
  const [error, setError] = useState<string | null>(null);
  // The message is at the top of the list; the file was picked on a row further down, off the screen: brought into view.
  const errorBox = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (error) errorBox.current?.scrollIntoView({ block: 'center' });
  }, [error]);
  // The scan asked to be removed, until the clerk confirms or cancels; then what was removed.
  const [removing, setRemoving] = useState<{ key: string; sha256: string; name: string } | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  // The domain compares what came (form, copies, pages) with the list: a copy where the original is required,
  // or too few copies, is as much a shortfall as a missing item (条例 第十七条第一款第（三）项).
  const shortfalls = checkMaterials(draft.materials, receivedMaterials(draft)).shortfalls;
  const setLine = (key: string, patch: Partial<MaterialLine>) => update((d) => ({ materials: d.materials.map((x) => (x.key === key ? { ...x, ...patch } : x)) }));
  const [scannerFiles, setScannerFiles] = useState<ScannerFile[]>([]);
  const [attaching, setAttaching] = useState<string | null>(null);
  useEffect(() => setCanAdvance(draft.materials.length > 0), [draft.materials.length, setCanAdvance]);
  useEffect(() => {
    void van.scansScanner().then((r) => r.ok && setScannerFiles(r.value.files));
    return van.subscribe('scans:scanner', (offer) => setScannerFiles(offer.files));
  }, [van]);

  // A scan removed just before a crash may still be in the draft kept on the van while its file is gone: the draft
  // drops what the van no longer holds for this case, so nothing saved later names a missing file.
  useEffect(() => {
    void van.scansList({ caseId: draft.caseId }).then((r) => {
      if (!r.ok) return;
      const held = new Set(r.value.map((x) => x.sha256));
      const gone = draft.materials.flatMap((m) => m.scans.filter((x) => !held.has(x.sha256)).map((x) => ({ key: m.key, sha256: x.sha256 })));
      if (gone.length > 0) update((d) => ({ materials: d.materials.map((m) => gone.filter((g) => g.key === m.key).reduce(withoutScan, m)) }));
    });
    // Once per intake shown: the draft's own changes are what the step makes.
  }, [van, draft.caseId]);

  // Scans of what came the first time are on record with the 补正 notice; only what is taken now may be removed.
  const removable = (key: string) => !draft.continued || draft.continued.missing.includes(key);
  async function confirmRemove() {
    if (!removing) return;
    const target = removing;
    setError(null);
    const r = await removeScan(db, van, draft, target.key, target.sha256);
    setRemoving(null);
    if (!r.ok) return setError(r.message);
    update((d) => ({ materials: d.materials.map((m) => (m.key === target.key ? withoutScan(m, target.sha256) : m)) }));
    setRemoved(T.materials.scanRemoved(target.name));
  }

  /** Adds stored scans to a material, once per file content (a second import of the same file adds nothing). */
  const addScans = (key: string, scans: ScanMeta[]) =>
    update((d) => ({ materials: d.materials.map((m) => (m.key === key ? { ...m, received: true, scans: [...m.scans, ...scans.filter((s, i) => !m.scans.some((x) => x.sha256 === s.sha256) && scans.findIndex((y) => y.sha256 === s.sha256) === i)] } : m)) }));

  async function attachFromScanner(key: string, file: ScannerFile) {
    const material = draft.materials.find((m) => m.key === key);
    if (!material || attaching) return;
    setError(null);
    setAttaching(file.id);
    const r = await van.scansAttachScannerFile({ caseId: draft.caseId, material: material.name, fileId: file.id });
    setAttaching(null);
    if (!r.ok) return setError(r.error.message);
    setScannerFiles((files) => files.filter((f) => f.id !== file.id));
    addScans(key, [r.value]);
  }

  async function importFiles(key: string, files: FileList | null) {
    if (!files || files.length === 0) return;
    setError(null);
    const material = draft.materials.find((m) => m.key === key);
    if (!material) return;
    // The office stores PDF and the three image formats only; say so by name rather than let the contract refuse it.
    const wrong = [...files].find((f) => !ACCEPTED.split(',').includes(f.type));
    if (wrong) return setError(T.materials.wrongType(wrong.name));
    const payload = [];
    for (const f of files) {
      const sent = await stageScanFile(f);
      if (!sent.ok) return setError(sent.error.message);
      payload.push({ name: f.name, mime: f.type as 'application/pdf', stagedId: sent.value.id });
    }
    const r = await van.scansImport({ caseId: draft.caseId, material: material.name, files: payload });
    if (!r.ok) return setError(r.error.message);
    // Functional update: two imports finishing close together must not overwrite each other.
    addScans(key, r.value);
  }

  return (
    <div className="card">
      <h2>{T.materials.title}</h2>
      {error && <div ref={errorBox} className="alert bad" role="alert">{error}</div>}
      {removed && <div className="alert ok" role="status" data-testid="scan-removed">{removed}</div>}
      {scannerFiles.length > 0 && <div className="alert ok" role="status" data-testid="scanner-waiting">{T.materials.scannerWaiting(scannerFiles.length)}</div>}
      <table>
        <tbody>
          {draft.materials.map((m) => (
            <tr key={m.key} data-testid={`material-${m.key}`}>
              <td style={{ width: '32%' }}>
                <b>{m.name}</b><br />
                <span className="muted">{m.original ? T.materials.original : T.materials.copy} × {m.count}</span><br />
                <span className={`tag ${m.received ? 'ok' : 'bad'}`}>{m.received ? T.materials.received : T.materials.missing}</span>
                {m.basis && <><br /><span className="muted small">{m.basis}</span></>}
                {shortfalls.filter((x) => x.key === m.key && m.received).map((x) => <div key={x.key} className="alert warn" data-testid="defect-note">{x.note}</div>)}
              </td>
              <td>
                <div className="thumbs">
                  {m.scans.map((s) => <Thumb key={s.sha256} scan={s} onRemove={removable(m.key) ? () => setRemoving({ key: m.key, sha256: s.sha256, name: s.name }) : null} />)}
                </div>
                {removing?.key === m.key && (
                  <div className="alert warn" role="alertdialog" aria-label={T.materials.removeScanLabel(removing.name)} data-testid="scan-remove-confirm">
                    {T.materials.removeScanAsk(removing.name)}
                    <div className="row">
                      <button className="primary" onClick={() => void confirmRemove()}>{T.materials.removeScanConfirm}</button>
                      <button onClick={() => setRemoving(null)}>{T.materials.removeScanCancel}</button>
                    </div>
                  </div>
                )}
              </td>
              <td style={{ width: 220 }}>
                <label className="row" style={{ margin: 0 }}>
                  <span className="sr-only">{T.materials.import}</span>
                  <input type="file" multiple accept={ACCEPTED} aria-label={`${T.materials.import}：${m.name}`} onChange={(e) => void importFiles(m.key, e.target.files)} />
                </label>
                {scannerFiles.map((f) => (
                  <button key={f.id} data-testid="scanner-file" disabled={attaching !== null} onClick={() => void attachFromScanner(m.key, f)}>
                    {attaching === f.id ? T.materials.attaching : T.materials.attachScan(f.name)}
                  </button>
                ))}
                {!m.received && <button onClick={() => setLine(m.key, { received: true })}>{T.materials.markReceived}</button>}
                {m.received && (
                  <div className="received-form">
                    <select aria-label={`${T.materials.form}：${m.name}`} value={m.receivedOriginal ? 'original' : 'copy'} onChange={(e) => setLine(m.key, { receivedOriginal: e.target.value === 'original' })}>
                      <option value="original">{T.materials.original}</option>
                      <option value="copy">{T.materials.copy}</option>
                    </select>
                    <label>{T.materials.copies}<CountInput aria-label={`${T.materials.copies}：${m.name}`} min={1} max={FIELD_MAX.copies} value={m.receivedCount}
                      onChange={(receivedCount) => setLine(m.key, { receivedCount })} /></label>
                    {m.scans.length === 0 && (
                      <label>{T.materials.pagesLabel}<input aria-label={`${T.materials.pagesLabel}：${m.name}`} type="number" min={1} max={FIELD_MAX.pages} value={m.typedPages ?? ''}
                        onChange={(e) => setLine(m.key, { typedPages: Number(e.target.value) > 0 ? Math.min(FIELD_MAX.pages, Number(e.target.value)) : null })} /></label>
                    )}
                    {m.scans.length > 0 && <span className="muted">{T.materials.pages(pagesOf(m))}</span>}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className={`alert ${shortfalls.length === 0 ? 'ok' : 'warn'}`} role="status" data-testid="materials-summary">
        {shortfalls.length === 0 ? T.materials.allReceived : T.materials.someMissing(shortfalls.length)}
      </div>
    </div>
  );
}
