import { CHAIN_BREAK_TEXT } from '#domain/case/hash-chain.ts';
import { type ChainStatus } from '#protocol/messages.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { chainReads } from '#office/replication/chain-store.ts';
import { areaOfId, officeEventIdsFor } from '#domain/city/office-ids.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { parsedReads } from './office-data.ts';
import { OFFICE_DEVICE_ID } from './review-service.ts';

const broken = (deviceId: string, atSeq: number, kind: 'broken-link' | 'tampered'): ChainStatus => ({
  deviceId,
  verifiedSeq: Math.max(0, atSeq - 1),
  headHash: null,
  state: 'broken',
  detail: `${CHAIN_BREAK_TEXT[kind]}（第 ${atSeq} 号）`,
});

/**
 * The hash-chain verdict of each device that wrote an event of one case, in the size of the case. A van's
 * chain is verified link by link as its events arrive (`chain_status`, kept by every push); here each of the
 * case's events is checked against the link recorded for it on arrival and against its predecessor's hash,
 * and each office event against the office event before it. The event's own content hash is recomputed by
 * the caller. The audit that re-verifies a device's whole stored chain (`auditDeviceChain`) belongs to the
 * trip's reconciliation: on a case page it would cost the device's, or the whole office's, history.
 */
export async function caseChains(storage: OfficeStorage, events: readonly CaseEventDoc[]): Promise<ChainStatus[]> {
  const byDevice = new Map<string, CaseEventDoc[]>();
  for (const e of events) byDevice.set(e.deviceId, [...(byDevice.get(e.deviceId) ?? []), e]);
  const out: ChainStatus[] = [];
  for (const deviceId of [...byDevice.keys()].sort()) {
    const own = (byDevice.get(deviceId) ?? []).sort((a, b) => a.seq - b.seq);
    out.push(deviceId === OFFICE_DEVICE_ID ? await officeLinks(storage, own) : await vanLinks(storage, deviceId, own));
  }
  return out;
}

/** A van's events against the links stored when they arrived, and the device's chain as verified on arrival. */
async function vanLinks(storage: OfficeStorage, deviceId: string, events: readonly CaseEventDoc[]): Promise<ChainStatus> {
  const status = await storage.chainStatus(deviceId);
  if (status.state === 'broken') return status;
  const links = await chainReads(storage.db).linksAt(deviceId, events.flatMap((e) => [e.seq, e.seq - 1]));
  for (const e of events) {
    const recorded = links.find((l) => l.seq === e.seq && l.id === e.id);
    if (!recorded || recorded.hash !== e.hash) return broken(deviceId, e.seq, 'tampered');
    if (recorded.prevHash !== e.prevHash) return broken(deviceId, e.seq, 'broken-link');
    if (e.seq === 1 ? e.prevHash !== null : !linksTo(links, e)) return broken(deviceId, e.seq, 'broken-link');
  }
  return status;
}

/** Whether a predecessor received so far has the hash `e` links to; one not received yet is the chain's gap (its stored state says so). */
function linksTo(links: readonly { seq: number; hash: string }[], e: CaseEventDoc): boolean {
  const before = links.filter((l) => l.seq === e.seq - 1);
  return before.length === 0 || before.some((l) => l.hash === e.prevHash);
}

/**
 * The office's own events of the case against the office events before them. The office writes its chain
 * under a database lock, each event numbered after the last (`office-<area>-<seq>`, or `office-<seq>` from before the office had an
 * area code), so the predecessor is found by id in either form.
 */
async function officeLinks(storage: OfficeStorage, events: readonly CaseEventDoc[]): Promise<ChainStatus> {
  const before = new Map(
    (await parsedReads(storage.db).many('caseEvents', events.filter((e) => e.seq > 1).flatMap((e) => officeEventIdsFor(areaOfId(e.id), e.seq - 1)))).map((p) => [p.seq, p]),
  );
  for (const e of events) {
    const expected = e.seq === 1 ? null : (before.get(e.seq - 1)?.hash ?? undefined);
    if (e.prevHash !== expected) return broken(OFFICE_DEVICE_ID, e.seq, 'broken-link');
  }
  const last = events[events.length - 1];
  return { deviceId: OFFICE_DEVICE_ID, verifiedSeq: last?.seq ?? 0, headHash: last?.hash ?? null, state: 'ok', detail: null };
}
