import { type WipeProgress } from '#renderer/db/remote-wipe.ts';
import { T } from './wipe-text.ts';

/** What the van shows while the office's wipe order runs (renderer/db/remote-wipe.ts) and after it. */
export function WipeScreen({ progress: p }: { progress: WipeProgress }) {
  return (
    <section className="main" aria-label={T.title} data-testid="wipe" data-phase={p.phase}>
      <h1>{T.title}</h1>
      <p>{T.intro}</p>
      <div className={`alert ${p.phase === 'erased' ? 'ok' : 'warn'}`} role="status">{T.phase[p.phase]}</div>
      {p.left && !p.left.locked && p.phase !== 'erased' && (
        <p data-testid="wipe-left">{T.left(p.left.pendingDocuments, p.left.quarantined, p.left.unverifiedScans)}</p>
      )}
      {p.abandoned && <p>{T.abandoned}</p>}
      {p.erasedAt && <p data-testid="wipe-erased-at">{T.erasedAt(new Date(p.erasedAt).toLocaleString('zh-CN'))}</p>}
      {p.phase === 'erased' && <p>{T.erasedNext}</p>}
      {p.error && p.phase !== 'erased' && <div className="alert bad">{T.lastError}{p.error}</div>}
    </section>
  );
}
