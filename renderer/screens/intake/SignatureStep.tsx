import { useEffect, useRef, useState } from 'react';
import { useServices } from '#renderer/app/services.ts';
import { useAction } from '#renderer/app/run-action.ts';
import { stageScanFile } from '#renderer/ipc/client.ts';
import { type Draft } from './draft.ts';
import { keepSignatures } from './keep-signatures.ts';
import { T } from './intake-text.ts';

/** One applicant's pad: a canvas drawn with a finger or a pen, cleared on purpose. */
function SignaturePad({ name, pad, onInk }: { name: string; pad: (c: HTMLCanvasElement | null) => void; onInk: (inked: boolean) => void }) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef(false);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    c.width = c.clientWidth;
    c.height = c.clientHeight;
  }, []);
  // The bitmap keeps the size it had when the step opened; a window resized since (a convertible turned, a
  // window made smaller) stretches it on screen, so a point is scaled from screen to bitmap to ink under the pen.
  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const c = e.currentTarget;
    const r = c.getBoundingClientRect();
    return [((e.clientX - r.left) * c.width) / (r.width || 1), ((e.clientY - r.top) * c.height) / (r.height || 1)] as const;
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
    onInk(true);
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    onInk(false);
  };
  return (
    <div data-testid="signature-pad">
      <div className="row"><b className="grow">{T.signature.of(name)}</b><button onClick={clear}>{T.signature.clear}</button></div>
      <canvas ref={(c) => { canvas.current = c; pad(c); }} className="signature" aria-label={T.signature.of(name)}
        onPointerDown={down} onPointerMove={move} onPointerUp={() => (drawing.current = false)} />
    </div>
  );
}

/**
 * Each applicant signs on the touch screen (a joint application has a pad for each, 条例 第十四条). The signatures
 * are kept as PNG scans of the case, then drawn on their applicants' lines of the signed copy of the notice,
 * archived with the case and recorded as handed over.
 */
export function SignatureStep({ draft, onDone }: { draft: Draft; onDone: () => void }) {
  const { van, db, config, staff, now } = useServices();
  const names = draft.applicants.map((a) => a.name);
  const pads = useRef<(HTMLCanvasElement | null)[]>([]);
  const [inked, setInked] = useState<boolean[]>(() => names.map(() => false));
  const [error, setError] = useState<string | null>(null);
  // A second tap while the signatures are kept does nothing: it would import them and record the signed copy twice.
  const { busy, run } = useAction(setError, 'intake: signatures');
  // The message is below the pads, under the step's sticky buttons on a 1366×768 screen: brought into view.
  const errorBox = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (error) errorBox.current?.scrollIntoView({ block: 'center' });
  }, [error]);

  const save = () => run(async () => {
    const unsigned = names.filter((_, i) => !inked[i]);
    if (unsigned.length > 0) return setError(T.signature.missing(unsigned.join('、')));
    setError(null);
    const failed = await keepAll();
    if (failed) return setError(failed);
    onDone();
  });

  /** The signatures as scans, then the signed copy; a failure leaves what is kept and says what went wrong. */
  async function keepAll(): Promise<string | null> {
    // Each signature's bytes go to the host, and the import names them by id (renderer/ipc/client.ts); the signed
    // copy takes the same bytes as they are.
    const staged = [];
    for (const [i, name] of names.entries()) {
      const pad = pads.current[i];
      const png = pad ? await new Promise<Blob | null>((resolve) => pad.toBlob(resolve, 'image/png')) : null;
      const sent = png ? await stageScanFile(png) : null;
      if (!png || !sent) return T.signature.missing(name);
      if (!sent.ok) return sent.error.message;
      staged.push({ name, stagedId: sent.value.id, png: new Uint8Array(await png.arrayBuffer()) });
    }
    return keepSignatures({ van, db, deviceId: config.deviceId, staffId: staff.id, now }, draft, staged);
  }

  return (
    <div className="card" data-testid="signatures">
      <h2>{T.signature.title}</h2>
      <p className="muted">{names.length > 1 ? T.signature.hintJoint(names.length) : T.signature.hint}</p>
      {names.map((name, i) => (
        <SignaturePad key={`${i}-${name}`} name={name} pad={(c) => { pads.current[i] = c; }} onInk={(v) => setInked((all) => all.map((x, k) => (k === i ? v : x)))} />
      ))}
      {error && <div ref={errorBox} className="alert bad" role="alert">{error}</div>}
      <div className="row step-nav">
        <span className="grow" />
        <button className="primary" disabled={busy} onClick={save}>{T.signature.save}</button>
      </div>
    </div>
  );
}
