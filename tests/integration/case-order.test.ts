import { afterAll, describe, expect, it } from 'vitest';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { isCaseSynced } from '#renderer/db/pending.ts';
import { formatReceiptNumber } from '#protocol/domain-bridge.ts';
import { domainEventRules } from '#server/domain-rules.ts';
import { type EventRules } from '#server/sync/event-rules.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { enrollDevice, eventually, openTestVan, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dataDir = tempFolderForTests('case-order');
let office: RunningOffice | undefined;
afterAll(async () => {
  await office?.close();
});

const block = { prefix: 'JMS2026-', first: 1001, last: 1200, width: 6 };
const at = (minute: number) => `2026-11-30T09:${String(minute).padStart(2, '0')}:00+08:00`;

describe('per-case order, kept by the office (protocol 21)', () => {
  it('holds back a case’s later documents behind its refused event while another case syncs, and takes them once it is accepted', async () => {
    // An office with a defect that refuses one event (ev-a2) until the office is fixed; everything else is the real office.
    let officeDefect = true;
    const rules: EventRules = {
      ...domainEventRules,
      hashMatches: (event) => (officeDefect && event.id === 'ev-a2' ? Promise.resolve(false) : domainEventRules.hashMatches(event)),
    };
    office = await startOffice(dataDir(), true, { rules });
    const { url, storage } = office;
    const device = await enrollDevice(url, 'order van');

    const van = await openTestVan();
    const event = (id: string, caseId: string, minute: number) =>
      appendCaseEvent(van, device.deviceId, { id, caseId, kind: 'materials-received', at: at(minute), actor: 'staff-zhangwei', payload: { materials: [], complete: false } });
    const receipt = (id: string, caseId: string, n: number) =>
      van.receipts.insert({
        id, tripId: DEMO_TRIP_ID, caseId, deviceId: device.deviceId, number: formatReceiptNumber(block, n), amountFen: 8000,
        items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: '王秀英', issuedAt: at(30), issuedBy: 'staff-zhangwei',
      });
    // One batch: case A's second event is the poison; case B is interleaved with it and its later event waits in the same batch.
    await event('ev-a1', 'case-A', 1); // seq 1
    await event('ev-a2', 'case-A', 2); // seq 2, refused
    await event('ev-b1', 'case-B', 3); // seq 3
    await event('ev-a3', 'case-A', 4); // seq 4, must wait
    await event('ev-b2', 'case-B', 5); // seq 5
    await receipt('rc-b', 'case-B', 1002);

    const sync = startSync(van, { officeUrl: url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 400 });
    await sync.awaitOfficeData();
    await sync.awaitInSync();
    await eventually(() => sync.state().quarantined.length === 1 && sync.state().heldBack.length === 1, 20_000, 'poison quarantined, ev-a3 held');

    // A later event and a receipt of case A, written after the refusal, wait too; case B keeps flowing.
    await event('ev-a4', 'case-A', 6); // seq 6
    await event('ev-b3', 'case-B', 7); // seq 7
    await receipt('rc-a', 'case-A', 1001);
    await sync.awaitInSync();
    await eventually(() => sync.state().heldBack.length === 3, 20_000, 'ev-a4 held');

    const stored = async (c: 'caseEvents' | 'receipts') => (await storage.listDocuments(c)).filter((d) => d.deviceId === device.deviceId).map((d) => d.id).sort();
    expect(await stored('caseEvents')).toEqual(['ev-a1', 'ev-b1', 'ev-b2', 'ev-b3']);
    expect(await stored('receipts')).toEqual(['rc-b']);
    expect(sync.state().quarantined).toEqual([expect.objectContaining({ docId: 'ev-a2', code: 'event-hash-mismatch' })]);
    expect(sync.state().heldBack.map((h) => h.docId).sort()).toEqual(['ev-a3', 'ev-a4', 'rc-a']);
    expect(sync.state().heldBack.every((h) => h.reason.includes('第 2 号事件（ev-a2）'))).toBe(true);
    // Held documents are still pending (the office does not have them), and their case is not synced.
    await eventually(() => sync.state().pendingDocuments === 3, 20_000, 'held documents counted as pending');
    expect(await isCaseSynced(van, 'case-A')).toBe(false);
    expect(await isCaseSynced(van, 'case-B')).toBe(true);

    // The office sees a gap in the device's chain and waits for seq 2; it is not called tampering.
    await sync.report();
    expect(sync.state().chain).toMatchObject({ state: 'gap', verifiedSeq: 1 });
    expect(sync.state().chain?.detail).toContain('等待第 2 号');

    // The office is fixed; retrying sends the refused event first and the held documents after it, all taken.
    officeDefect = false;
    const retried = [['caseEvents', 'ev-a2'], ['caseEvents', 'ev-a3'], ['caseEvents', 'ev-a4'], ['receipts', 'rc-a']];
    expect(await sync.retryQuarantined()).toEqual({ ok: true, answers: retried.map(([collection, docId]) => ({ collection, docId, taken: true })) });
    await eventually(() => sync.state().heldBack.length === 0 && sync.state().quarantined.length === 0, 20_000, 'held documents released');
    await sync.awaitInSync();
    await eventually(() => sync.state().pendingDocuments === 0, 20_000, 'nothing pending');
    expect(await stored('caseEvents')).toEqual(['ev-a1', 'ev-a2', 'ev-a3', 'ev-a4', 'ev-b1', 'ev-b2', 'ev-b3']);
    expect(await stored('receipts')).toEqual(['rc-a', 'rc-b']);
    expect(await isCaseSynced(van, 'case-A')).toBe(true);
    await sync.report();
    expect(sync.state().chain).toMatchObject({ state: 'ok', verifiedSeq: 7 });

    // A restart pushes nothing again: held documents were not left for RxDB to resend, nor lost.
    await sync.stop();
    const again = startSync(van, { officeUrl: url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 400 });
    await again.awaitInSync();
    expect(again.state().heldBack).toEqual([]);
    expect(await stored('caseEvents')).toHaveLength(7);
    await again.stop();
    await van.close();
  });
});
