import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '#domain/canonical-json.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type RegisterEntry, type UnsealedEntry } from './entries.ts';

/**
 * Each unit's entries form a hash chain, so a register row changed or removed in the database shows
 * (条例 第十条: the register is not altered except by 更正; 第九条: it is kept on electronic media).
 */
export function hashEntry(entry: UnsealedEntry): string {
  const { hash: _ignored, ...content } = entry as UnsealedEntry & { hash?: string };
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(content))));
}

export const sealEntry = (entry: UnsealedEntry): RegisterEntry => ({ ...entry, hash: hashEntry(entry) });

export type UnitChainBreak = { kind: 'gap' | 'broken-link' | 'tampered' | 'wrong-unit'; atSeq: number };

export const UNIT_CHAIN_BREAK_TEXT: Record<UnitChainBreak['kind'], string> = {
  gap: '登记簿记载序号不连续：有记载缺失',
  'broken-link': '记载的前序哈希与上一记载不符：登记簿被截断或插入',
  tampered: '记载内容与其哈希不符：登记簿被改动',
  'wrong-unit': '记载不属于该不动产单元',
};

/** Checks one unit's chain from its first entry; returns the head hash. */
export function verifyUnitChain(unitNumber: string, entries: readonly RegisterEntry[]): Result<string | null, UnitChainBreak> {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  let prev: string | null = null;
  for (const [i, e] of sorted.entries()) {
    if (e.unitNumber !== unitNumber) return err({ kind: 'wrong-unit', atSeq: e.seq });
    if (e.seq !== i + 1) return err({ kind: 'gap', atSeq: i + 1 });
    if (e.prevHash !== prev) return err({ kind: 'broken-link', atSeq: e.seq });
    if (hashEntry(e) !== e.hash) return err({ kind: 'tampered', atSeq: e.seq });
    prev = e.hash;
  }
  return ok(prev);
}
