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

/**
 * Walks the links after the verified head `from`, in seq order. The chain is `broken` when two events
 * share a seq (a fork) or an event's prevHash is not the hash of its predecessor; `gap` when a seq is
 * missing (events not arrived yet, or removed). Link checking is storage bookkeeping; the content hash of
 * each event is the domain's (`hashEvent`) and is checked before an event is stored.
 */
export function verifyChainLinks(from: { seq: number; hash: string | null }, links: readonly ChainLink[]): ChainVerdict {
  let seq = from.seq;
  let hash = from.hash;
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    if (!link) break;
    const next = links[i + 1];
    if (next && next.seq === link.seq) {
      return { seq, hash, state: 'broken', detail: `${CHAIN_BREAK_TEXT.duplicate}（第 ${link.seq} 号: ${link.id} 与 ${next.id}）` };
    }
    if (link.seq !== seq + 1) {
      return { seq, hash, state: 'gap', detail: `${CHAIN_BREAK_TEXT.gap}（缺第 ${seq + 1} 号，已收到第 ${link.seq} 号）` };
    }
    if (link.prevHash !== hash) {
      return { seq, hash, state: 'broken', detail: `${CHAIN_BREAK_TEXT['broken-link']}（第 ${link.seq} 号）` };
    }
    seq = link.seq;
    hash = link.hash;
  }
  return { seq, hash, state: 'ok', detail: null };
}
