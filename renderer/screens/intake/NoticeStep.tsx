import { useEffect, useRef, useState } from 'react';
import { type RenderedDocument } from '#electron/ipc/contract.ts';
import { useServices } from '#renderer/app/services.ts';
import { type Draft, type Trip, caseNumberOf, recordScans, saveIntake, statusLinkFor } from './draft.ts';
import { queryCodeOf } from '#domain/case/status-link.ts';
import { BUSINESS_KINDS, caseDeadlines } from './intake-rules.ts';
import { useQuote } from './FeesStep.tsx';
import { T } from './intake-text.ts';


/**
 * The acceptance notice, or, when materials are missing, the one-time correction notice listing
 * all of them. The case is saved first (the correction path saves it here; no fee is taken).
 */
export function NoticeStep(props: { draft: Draft; trip: Trip; outcome: 'accepted' | 'correction'; saved: 'accepted' | 'correction' | null; onSaved: (o: 'accepted' | 'correction') => void; setCanAdvance: (ok: boolean) => void }) {
  const { draft, trip, outcome, saved, onSaved, setCanAdvance } = props;
  const { db, van, config, staff, now } = useServices();
  const { quote } = useQuote(draft, trip);
  const [doc, setDoc] = useState<RenderedDocument | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  useEffect(() => setCanAdvance(saved !== null), [saved, setCanAdvance]);

  async function make() {
    if (!draft.kind) return;
    try {
      if (!saved) {
        await saveIntake({ db, deviceId: config.deviceId, staffId: staff.id, now, trip }, draft, outcome);
        onSaved(outcome);
      }
    } catch (error) {
      return setMessage({ tone: 'bad', text: `${T.saveFailed}${error instanceof Error ? error.message : String(error)}` });
    }
    const info = BUSINESS_KINDS[draft.kind];
    const issuedAt = now().toISOString();
    const deadlines = caseDeadlines(draft.kind, issuedAt);
    const base = {
      caseId: draft.caseId, caseNumber: caseNumberOf(trip, draft.caseId), queryCode: queryCodeOf(draft.caseId), businessKind: draft.kind, businessName: info.name,
      applicants: draft.applicants.map((a) => ({ name: a.name, idNumber: a.idNumber })), unitNumber: draft.units[0]?.unitNumber ?? '', unitAddress: draft.units[0]?.address ?? '',
      issuedAt, staffName: staff.name, statusUrl: statusLinkFor(config.publicUrl, trip, draft.caseId),
    };
    const r = outcome === 'correction'
      ? await van.documentsCorrectionNotice({ ...base, missing: draft.materials.filter((m) => !m.received).map((m) => ({ name: m.name, reason: T.materials.missing })) })
      : await van.documentsAcceptanceNotice({
          ...base,
          materials: draft.materials.filter((m) => m.received).map((m) => ({ name: m.name, form: m.original ? 'original' : 'copy', pages: m.scans.reduce((s, x) => s + x.pages, 0) })),
          feeTotalFen: quote?.totalFen ?? 0,
          // Working days with the Chinese holiday calendar (domain/calendar), from today's acceptance.
          promisedDate: deadlines.promised.date, legalDate: deadlines.legal.date,
        });
    if (r.ok) {
      setDoc(r.value);
      setMessage({ tone: 'ok', text: T.notice.made(r.value.pages) });
    } else setMessage({ tone: 'bad', text: r.error.message });
  }

  const title = outcome === 'correction' ? T.notice.correction : T.notice.acceptance;
  return (
    <div className="card" data-testid="notice" data-outcome={outcome}>
      <h2>{title}</h2>
      {outcome === 'correction' && <ul>{draft.materials.filter((m) => !m.received).map((m) => <li key={m.key}>{m.name}</li>)}</ul>}
      <button className="primary" onClick={() => void make()}>{T.notice.make}：{title}</button>
      {saved && <div className="alert ok" role="status">{T.saved(caseNumberOf(trip, draft.caseId))}</div>}
      {message && <div className={`alert ${message.tone}`} role={message.tone === 'bad' ? 'alert' : 'status'}>{message.text}</div>}
      {doc && <a href={`data:application/pdf;base64,${doc.pdfBase64}`} download={`${caseNumberOf(trip, draft.caseId)}.pdf`}>{T.notice.open}</a>}
    </div>
  );
}

/** The applicant signs on the touch screen; the signature is kept as a PNG scan of the case. */
export function SignatureStep({ draft, onDone }: { draft: Draft; onDone: () => void }) {
  const { van, db, config, now } = useServices();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef(false);
  const [hasInk, setHasInk] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    c.width = c.clientWidth;
    c.height = c.clientHeight;
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(...point(e));
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d');
    ctx?.lineTo(...point(e));
    ctx?.stroke();
    setHasInk(true);
  };

  async function save() {
    const c = canvas.current;
    if (!c || !hasInk) return setError(T.signature.empty);
    const dataBase64 = c.toDataURL('image/png').split(',')[1] ?? '';
    const r = await van.scansImport({ caseId: draft.caseId, material: T.signature.title, files: [{ name: 'signature.png', mime: 'image/png', dataBase64 }] });
    if (!r.ok) return setError(r.error.message);
    try {
      await recordScans({ db, deviceId: config.deviceId, now }, draft.caseId, { name: T.signature.title, original: true, copies: 1 }, r.value);
    } catch (error) {
      return setError(`${T.saveFailed}${error instanceof Error ? error.message : String(error)}`);
    }
    onDone();
  }

  return (
    <div className="card">
      <h2>{T.signature.title}</h2>
      <p className="muted">{T.signature.hint}</p>
      <canvas ref={canvas} className="signature" aria-label={T.signature.title} onPointerDown={down} onPointerMove={move} onPointerUp={() => (drawing.current = false)} />
      {error && <div className="alert bad" role="alert">{error}</div>}
      <div className="row">
        <button onClick={() => { const c = canvas.current; c?.getContext('2d')?.clearRect(0, 0, c.width, c.height); setHasInk(false); }}>{T.signature.clear}</button>
        <span className="grow" />
        <button className="primary" onClick={() => void save()}>{T.signature.save}</button>
      </div>
    </div>
  );
}
