import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '#office/platform/db/sql.ts';
import { sealEvent } from '#domain/case/hash-chain.ts';
import { type CaseEvent } from '#domain/case/events.ts';
import { API_BASE } from '#protocol/version.ts';
import { auditDeviceChain } from '#server/sync/chain-audit.ts';
import { verifyChainLinks } from '#office/replication/chain-links.ts';
import { adminToken, enrollDevice, protocolHeaders, removeDir, startOffice, type RunningOffice } from './helpers.ts';

let office: RunningOffice;
beforeAll(async () => {
  office = await startOffice();
});
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

/** A device's chain of `n` sealed events, built the way the van builds it. */
function chain(deviceId: string, n: number): CaseEvent[] {
  const out: CaseEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    out.push(
      sealEvent({
        id: `${deviceId}-ev-${seq}`, caseId: `${deviceId}-case-1`, deviceId, seq, at: `2026-11-30T10:${String(seq).padStart(2, '0')}:00+08:00`,
        actor: 'staff-zhangwei', prevHash: out[seq - 2]?.hash ?? null, kind: 'materials-received', payload: { materials: [], complete: false },
      }),
    );
  }
  return out;
}

const push = (token: string, events: CaseEvent[]) =>
  fetch(`${office.url}${API_BASE}/sync/caseEvents/push`, {
    method: 'POST',
    headers: protocolHeaders(token),
    body: JSON.stringify(events.map((e) => ({ newDocumentState: { ...e, _deleted: false } }))),
  });
const report = (token: string, head: CaseEvent | undefined) =>
  fetch(`${office.url}${API_BASE}/devices/me/report`, {
    method: 'POST',
    headers: protocolHeaders(token),
    body: JSON.stringify({ chainHeadSeq: head?.seq ?? 0, chainHeadHash: head?.hash ?? null, pendingDocuments: 0, pendingScans: 0, quarantined: 0 }),
  });

/** Someone with access to the database changes a stored event behind the office's back (either backend). */
async function alterAtRest(id: string): Promise<void> {
  const stored = await office.storage.getDocument('caseEvents', id);
  const altered = JSON.stringify({ ...stored!.body, actor: 'staff-x' });
  await office.storage.db.run(sql`UPDATE documents SET body = ${altered} WHERE collection = 'caseEvents' AND id = ${id}`);
}

describe('the office verifies each device’s event chain', () => {
  it('accepts an intact chain and says so', async () => {
    const d = await enrollDevice(office.url, 'intact');
    const events = chain(d.deviceId, 4);
    expect((await push(d.token, events)).status).toBe(200);
    expect(await (await report(d.token, events[3])).json()).toMatchObject({ state: 'ok', verifiedSeq: 4 });
    expect(await auditDeviceChain(office.storage, d.deviceId)).toMatchObject({ state: 'ok', verifiedSeq: 4 });
  });

  it('refuses an event whose content no longer matches its hash', async () => {
    const d = await enrollDevice(office.url, 'tampered');
    const events = chain(d.deviceId, 2);
    const tampered = { ...events[1]!, actor: 'staff-someone-else' };
    const res = await push(d.token, [events[0]!, tampered]);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ rejected: [expect.objectContaining({ id: tampered.id, code: 'event-hash-mismatch' })] });
    expect(await office.storage.countDeviceEvents(d.deviceId)).toBe(0);
  });

  it('flags a chain whose links were rewritten (a removed event re-linked) as broken, and reports it', async () => {
    const d = await enrollDevice(office.url, 'relinked');
    const events = chain(d.deviceId, 3);
    // Event 2 removed; event 3 renumbered and re-sealed onto event 1 with a wrong prevHash.
    const forged = sealEvent({ ...events[2]!, seq: 2, prevHash: 'f'.repeat(64) });
    expect((await push(d.token, [events[0]!, forged])).status).toBe(200);
    const status = await office.storage.chainStatus(d.deviceId);
    expect(status.state).toBe('broken');
    expect(status.detail).toContain('前序哈希');
    expect((await office.storage.listIncidents(20)).some((i) => i.deviceId === d.deviceId && i.code === 'chain-broken')).toBe(true);
    const admin = await adminToken(office.url);
    const devices = (await (await fetch(`${office.url}${API_BASE}/admin/devices`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { deviceId: string; chain: { state: string } }[];
    expect(devices.find((x) => x.deviceId === d.deviceId)?.chain.state).toBe('broken');
  });

  it('detects a truncated chain: the device reports a head the office never received', async () => {
    const d = await enrollDevice(office.url, 'truncated');
    const events = chain(d.deviceId, 5);
    expect((await push(d.token, events.slice(0, 3))).status).toBe(200);
    const status = (await (await report(d.token, events[4])).json()) as { state: string; detail: string };
    expect(status.state).toBe('gap');
    expect(await auditDeviceChain(office.storage, d.deviceId)).toMatchObject({ state: 'gap' });
    // Once the missing events arrive the chain is whole again.
    expect((await push(d.token, events.slice(3))).status).toBe(200);
    expect(await office.storage.chainStatus(d.deviceId)).toMatchObject({ state: 'ok', verifiedSeq: 5 });
  });

  it('reports an event held back on the van as awaited ("waiting for seq N"), not as tampering, and still catches a break past the gap', async () => {
    const d = await enrollDevice(office.url, 'held-back');
    const events = chain(d.deviceId, 5);
    // Event 2 is quarantined on the van; 3..5 (other cases) arrive.
    expect((await push(d.token, [events[0]!, ...events.slice(2)])).status).toBe(200);
    const live = (await (await report(d.token, events[4])).json()) as { state: string; verifiedSeq: number; detail: string };
    expect(live).toMatchObject({ state: 'gap', verifiedSeq: 1 });
    expect(live.detail).toContain('等待第 2 号');
    const audit = await auditDeviceChain(office.storage, d.deviceId);
    expect(audit).toMatchObject({ state: 'gap', verifiedSeq: 1 });
    expect(audit.detail).toContain('等待第 2 号');
    // An event past the gap altered at rest is tampering, gap or not.
    await alterAtRest(events[3]!.id);
    expect(await auditDeviceChain(office.storage, d.deviceId)).toMatchObject({ state: 'broken' });
  });

  // A push into an intact chain is verified from the links it adds, without reading them back (chain-store.ts): the
  // same verdict as from the stored links, whatever order a batch holds its events in, and after a gap from the stored ones.
  it('verifies pushes out of order and across a gap as it does the stored chain', async () => {
    const d = await enrollDevice(office.url, 'pieces');
    const events = chain(d.deviceId, 6);
    expect((await push(d.token, [events[0]!, events[2]!])).status).toBe(200);
    expect(await office.storage.chainStatus(d.deviceId)).toMatchObject({ state: 'gap', verifiedSeq: 1 });
    expect((await push(d.token, [events[1]!])).status).toBe(200);
    expect(await office.storage.chainStatus(d.deviceId)).toMatchObject({ state: 'ok', verifiedSeq: 3, headHash: events[2]!.hash });
    expect((await push(d.token, [events[4]!, events[3]!])).status).toBe(200);
    expect(await office.storage.chainStatus(d.deviceId)).toMatchObject({ state: 'ok', verifiedSeq: 5, headHash: events[4]!.hash });
    const forged = sealEvent({ ...events[5]!, prevHash: 'f'.repeat(64) });
    expect((await push(d.token, [forged])).status).toBe(200);
    expect(await office.storage.chainStatus(d.deviceId)).toMatchObject({ state: 'broken', verifiedSeq: 5 });
    expect(await auditDeviceChain(office.storage, d.deviceId)).toMatchObject({ state: 'broken', verifiedSeq: 5 });
  });

  it('finds an event altered inside the office database by re-verifying every hash', async () => {
    const d = await enrollDevice(office.url, 'altered-at-rest');
    const events = chain(d.deviceId, 3);
    expect((await push(d.token, events)).status).toBe(200);
    await report(d.token, events[2]);
    await alterAtRest(events[1]!.id);
    expect(await auditDeviceChain(office.storage, d.deviceId)).toMatchObject({ state: 'broken', verifiedSeq: 1 });
  });
});

describe('chain link walking', () => {
  const link = (seq: number, hash: string, prevHash: string | null, id = `e${seq}`) => ({ seq, id, hash, prevHash });
  it('stops at a gap and at a fork', () => {
    expect(verifyChainLinks({ seq: 0, hash: null }, [link(1, 'a', null), link(3, 'c', 'b')])).toMatchObject({ state: 'gap', seq: 1 });
    expect(verifyChainLinks({ seq: 0, hash: null }, [link(1, 'a', null), link(1, 'x', null, 'other')])).toMatchObject({ state: 'broken' });
    expect(verifyChainLinks({ seq: 1, hash: 'a' }, [link(2, 'b', 'a'), link(3, 'c', 'b')])).toEqual({ seq: 3, hash: 'c', state: 'ok', detail: null });
  });
  it('checks the links past a gap: waiting when they hold, broken when they do not', () => {
    const past = [link(1, 'a', null), link(3, 'c', 'b'), link(4, 'd', 'c')];
    const waiting = verifyChainLinks({ seq: 0, hash: null }, past);
    expect(waiting).toMatchObject({ state: 'gap', seq: 1, hash: 'a' });
    expect(waiting.detail).toContain('等待第 2 号');
    expect(verifyChainLinks({ seq: 0, hash: null }, [link(1, 'a', null), link(3, 'c', 'b'), link(4, 'd', 'x')])).toMatchObject({ state: 'broken', seq: 1 });
    expect(verifyChainLinks({ seq: 0, hash: null }, [...past.slice(0, 2), link(2, 'b', 'a'), past[2]!].sort((x, y) => x.seq - y.seq))).toMatchObject({ state: 'ok', seq: 4 });
  });
});
