import { type CaseEvent } from '#domain/case/events.ts';
import { CHAIN_BREAK_TEXT, hashEvent, verifyChain } from '#protocol/domain-bridge.ts';
import { type ChainStatus } from '#protocol/messages.ts';
import { verifyChainLinks, waitingText } from '#office/replication/chain-links.ts';
import { deviceReads } from '#office/replication/device-store.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';

/**
 * Re-verifies a device's whole chain from the stored events with the domain's `verifyChain` (every hash
 * recomputed, every link, and the head the device last reported), e.g. before reconciling a trip or after
 * restoring a backup. The per-push check only walks new links; this one trusts nothing stored. A missing
 * seq is "waiting for seq N" (the van may hold a quarantined event back), unless an event past it fails
 * its own hash or link: those are checked too, so a gap cannot hide tampering behind it.
 */
export async function auditDeviceChain(storage: OfficeStorage, deviceId: string): Promise<ChainStatus> {
  const events = (await documentReads(storage.db).ofDevice('caseEvents', deviceId))
    .filter((d) => d.author === 'van')
    .map((d) => {
      const { _deleted: _d, ...event } = d.body;
      return event as unknown as CaseEvent;
    });
  const device = await deviceReads(storage.db).byId(deviceId);
  const report = device?.report;
  const head = report && report.chainHeadSeq > 0 && report.chainHeadHash ? { seq: report.chainHeadSeq, hash: report.chainHeadHash } : undefined;
  const verdict = verifyChain(deviceId, events, head);
  if (verdict.ok) return { deviceId, verifiedSeq: verdict.value?.seq ?? 0, headHash: verdict.value?.hash ?? null, state: 'ok', detail: null };
  const { kind, atSeq } = verdict.error;
  if (kind === 'gap') {
    const sorted = [...events].sort((a, b) => a.seq - b.seq);
    const tampered = sorted.find((e) => hashEvent(e) !== e.hash);
    if (tampered) return broken(deviceId, atSeq, `${CHAIN_BREAK_TEXT.tampered}（第 ${tampered.seq} 号）`);
    const links = verifyChainLinks({ seq: 0, hash: null }, sorted.map((e) => ({ seq: e.seq, id: e.id, hash: e.hash, prevHash: e.prevHash })));
    if (links.state === 'broken') return broken(deviceId, atSeq, links.detail);
    const received = sorted.find((e) => e.seq > atSeq)?.seq ?? atSeq;
    return { deviceId, verifiedSeq: Math.max(0, atSeq - 1), headHash: null, state: 'gap', detail: waitingText(atSeq, received) };
  }
  return {
    deviceId,
    verifiedSeq: Math.max(0, atSeq - 1),
    headHash: null,
    state: kind === 'truncated' ? 'gap' : 'broken',
    detail: `${CHAIN_BREAK_TEXT[kind]}（第 ${atSeq} 号）`,
  };
}

function broken(deviceId: string, atSeq: number, detail: string | null): ChainStatus {
  return { deviceId, verifiedSeq: Math.max(0, atSeq - 1), headHash: null, state: 'broken', detail };
}
