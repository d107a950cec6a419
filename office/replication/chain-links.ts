import { CHAIN_BREAK_TEXT } from '#domain/case/hash-chain.ts';

/** One stored link of a device's event chain (its own hash was already recomputed on arrival). */
export type ChainLink = { seq: number; id: string; hash: string; prevHash: string | null };

export type ChainVerdict = {
  /** The last contiguous, verified position. */
  seq: number;
  hash: string | null;
  state: 'ok' | 'gap' | 'broken';
  detail: string | null;
};

/** A missing seq is reported as awaited, not as tampering: the van may hold it back (quarantined) for now. */
export const waitingText = (missingSeq: number, receivedSeq: number): string =>
  `等待第 ${missingSeq} 号事件（已收到第 ${receivedSeq} 号；缺的事件可能被服务车搁置或尚未上传）`;

/**
 * Walks the links after the verified head `from`, in seq order. The chain is `broken` when two events
 * share a seq (a fork) or an event's prevHash is not the hash of its predecessor; `gap` when a seq is
 * missing (events not arrived yet, e.g. a van holding back a quarantined event and its case's later ones
 * while other cases' events arrive). Links past a gap are still checked against each other, so a break
 * after a gap is reported as `broken`, not hidden behind "waiting". The verified position stops at the gap.
 * Link checking is storage bookkeeping; the content hash of each event is the domain's (`hashEvent`) and
 * is checked before an event is stored.
 */
export function verifyChainLinks(from: { seq: number; hash: string | null }, links: readonly ChainLink[]): ChainVerdict {
  let seq = from.seq;
  let hash = from.hash;
  let gap: { missing: number; received: number } | null = null;
  let prev: ChainLink | null = null;
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    if (!link) break;
    const next = links[i + 1];
    if (next && next.seq === link.seq) {
      return { seq, hash, state: 'broken', detail: `${CHAIN_BREAK_TEXT.duplicate}（第 ${link.seq} 号: ${link.id} 与 ${next.id}）` };
    }
    // Contiguous with the previous link (verified or past a gap): its prevHash must match.
    const expectedPrev = gap === null ? { seq, hash } : prev && { seq: prev.seq, hash: prev.hash };
    if (expectedPrev && link.seq === expectedPrev.seq + 1) {
      if (link.prevHash !== expectedPrev.hash) {
        return { seq, hash, state: 'broken', detail: `${CHAIN_BREAK_TEXT['broken-link']}（第 ${link.seq} 号）` };
      }
      if (gap === null) {
        seq = link.seq;
        hash = link.hash;
      }
    } else if (gap === null) {
      gap = { missing: seq + 1, received: link.seq };
    }
    prev = link;
  }
  if (gap) return { seq, hash, state: 'gap', detail: waitingText(gap.missing, gap.received) };
  return { seq, hash, state: 'ok', detail: null };
}
