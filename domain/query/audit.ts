import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '#domain/canonical-json.ts';
import { type Result, err, ok } from '#domain/result.ts';

/**
 * The archive's audit trail: every query (allowed or refused), every certificate issued, as one hash chain, so a
 * record removed or changed afterwards shows (条例 第二十八条: what was queried, by whom, for what).
 */
export type AuditAction = 'query' | 'query-refused' | 'certificate-issued' | 'holdings-issued' | 'card-read';

export type AuditRecord = {
  seq: number;
  at: string;
  /** Staff id, or `kiosk:<station>` for self-service. */
  actor: string;
  action: AuditAction;
  /** What it concerns: a unit number, an ID number (holdings), a certificate id. */
  subject: string;
  detail: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
};

export type UnsealedAudit = Omit<AuditRecord, 'hash'>;

export function hashAudit(r: UnsealedAudit): string {
  const { seq, at, actor, action, subject, detail, prevHash } = r;
  return bytesToHex(sha256(utf8ToBytes(canonicalJson({ seq, at, actor, action, subject, detail, prevHash }))));
}

export const sealAudit = (r: UnsealedAudit): AuditRecord => ({ ...r, hash: hashAudit(r) });

/** Checks records in sequence from `fromSeq` (whose predecessor hash is `prevHash`); answers the first bad seq. */
export function verifyAudit(records: readonly AuditRecord[], from: { seq: number; prevHash: string | null } = { seq: 1, prevHash: null }): Result<number, { atSeq: number; kind: 'gap' | 'broken-link' | 'tampered' }> {
  let prev = from.prevHash;
  let expected = from.seq;
  for (const r of [...records].sort((a, b) => a.seq - b.seq)) {
    if (r.seq !== expected) return err({ atSeq: expected, kind: 'gap' });
    if (r.prevHash !== prev) return err({ atSeq: r.seq, kind: 'broken-link' });
    if (hashAudit(r) !== r.hash) return err({ atSeq: r.seq, kind: 'tampered' });
    prev = r.hash;
    expected += 1;
  }
  return ok(expected - 1);
}
