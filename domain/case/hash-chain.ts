import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '#domain/canonical-json.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type CaseEvent, type UnhashedCaseEvent } from '#domain/case/events.ts';

/**
 * Each device's events form a hash chain (docs/architecture.md): every event carries the hash of the device's
 * previous one, so the office can prove nothing was removed, inserted or altered.
 */
export function hashEvent(event: UnhashedCaseEvent): string {
  return bytesToHex(sha256(utf8ToBytes(eventHashInput(event))));
}

/**
 * The text an event's hash is the SHA-256 (FIPS 180-4) of, as UTF-8: its content and the previous hash,
 * canonical. A caller with a native SHA-256 (the office, for every pushed event) hashes this itself.
 */
export function eventHashInput(event: UnhashedCaseEvent): string {
  const { id, caseId, deviceId, seq, at, actor, prevHash, kind, payload } = event;
  return canonicalJson({ id, caseId, deviceId, seq, at, actor, prevHash, kind, payload });
}

/** Seals an event: fills in `hash` from its content and the previous hash. */
export function sealEvent(event: UnhashedCaseEvent): CaseEvent {
  return { ...event, hash: hashEvent(event) };
}

export type ChainHead = { seq: number; hash: string };

export type ChainBreak = {
  kind: 'gap' | 'duplicate' | 'broken-link' | 'tampered' | 'wrong-device' | 'truncated';
  atSeq: number;
};

export const CHAIN_BREAK_TEXT: Record<ChainBreak['kind'], string> = {
  gap: '事件序号不连续：有事件缺失',
  duplicate: '同一序号出现两个事件',
  'broken-link': '事件的前序哈希与上一事件不符：链条被截断或插入',
  tampered: '事件内容与其哈希不符：事件被修改',
  'wrong-device': '事件不属于该设备',
  truncated: '设备报告的最新事件未收到：链条尾部缺失',
};

/**
 * Verifies one device's chain. `events` may arrive in any order; they are checked in `seq` order from 1.
 * `head`, when the device reported it, proves the tail was not cut off.
 */
export function verifyChain(deviceId: string, events: readonly CaseEvent[], head?: ChainHead): Result<ChainHead | null, ChainBreak> {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let prev: CaseEvent | undefined;
  for (const event of sorted) {
    if (event.deviceId !== deviceId) return err({ kind: 'wrong-device', atSeq: event.seq });
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (event.seq < expectedSeq) return err({ kind: 'duplicate', atSeq: event.seq });
    if (event.seq > expectedSeq) return err({ kind: 'gap', atSeq: expectedSeq });
    if (event.prevHash !== (prev?.hash ?? null)) return err({ kind: 'broken-link', atSeq: event.seq });
    if (hashEvent(event) !== event.hash) return err({ kind: 'tampered', atSeq: event.seq });
    prev = event;
  }
  const last = prev ? { seq: prev.seq, hash: prev.hash } : null;
  if (head && (!last || last.seq < head.seq)) return err({ kind: 'truncated', atSeq: (last?.seq ?? 0) + 1 });
  if (head && last && last.seq === head.seq && last.hash !== head.hash) return err({ kind: 'tampered', atSeq: head.seq });
  return ok(last);
}
