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

const dataDir = tempFolderForTests('case-order-release');
let office: RunningOffice | undefined;
afterAll(async () => {
  await office?.close();
});

const block = { prefix: 'JMS2026-', first: 1001, last: 1200, width: 6 };
const at = (minute: number) => `2026-11-30T09:${String(minute).padStart(2, '0')}:00+08:00`;

describe('releasing the documents held behind a refused one', () => {
  it('sets aside a held document the office refuses when it is sent again, holds the case’s later ones behind it, and takes them all once it is taken', async () => {
    // The office refuses the events in `defects` until they are taken out (an office-side fix).
    const defects = new Set(['ev-2', 'ev-3']);
    const rules: EventRules = { ...domainEventRules, hashMatches: (event) => (defects.has(event.id) ? Promise.resolve(false) : domainEventRules.hashMatches(event)) };
    office = await startOffice(dataDir(), true, { rules });
    const { url, storage } = office;
    const device = await enrollDevice(url, 'release van');

    const van = await openTestVan();
    const event = (id: string, minute: number) =>
      appendCaseEvent(van, device.deviceId, { id, caseId: 'case-R', kind: 'materials-received', at: at(minute), actor: 'staff-zhangwei', payload: { materials: [], complete: false } });
    await event('ev-1', 1);
    await event('ev-2', 2); // refused while sent
    await event('ev-3', 3); // held; refused again when released
    await event('ev-4', 4); // held behind ev-2, then behind ev-3
    await van.receipts.insert({
      id: 'rc-r', tripId: DEMO_TRIP_ID, caseId: 'case-R', deviceId: device.deviceId, number: formatReceiptNumber(block, 1001), amountFen: 8000,
      items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: '王秀英', issuedAt: at(5), issuedBy: 'staff-zhangwei',
    });
    const stored = async () => (await storage.listDocuments('caseEvents')).filter((d) => d.deviceId === device.deviceId).map((d) => d.id).sort();

    const sync = startSync(van, { officeUrl: url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 400 });
    await sync.awaitOfficeData();
    await sync.awaitInSync();
    await eventually(() => sync.state().heldBack.length === 3, 20_000, 'ev-3, ev-4 and rc-r held behind ev-2');
    expect(sync.state().quarantined.map((q) => q.docId)).toEqual(['ev-2']);

    // ev-2 is fixed, ev-3 not yet: ev-2 is taken, ev-3 refused for its own sake, ev-4 and the receipt held behind it.
    defects.delete('ev-2');
    const first = await sync.retryQuarantined();
    expect(first.ok && first.answers.map((a) => [a.docId, a.taken, a.code])).toEqual([['ev-2', true, undefined], ['ev-3', false, 'event-hash-mismatch'], ['ev-4', false, 'held-back'], ['rc-r', false, 'held-back']]);
    await sync.awaitInSync();
    await eventually(() => sync.state().quarantined.map((q) => q.docId).join() === 'ev-3' && sync.state().heldBack.length === 2, 20_000, 'ev-3 refused, two held');
    expect(sync.state().heldBack.map((h) => [h.docId, h.reason.includes('（ev-3）')])).toEqual([['ev-4', true], ['rc-r', true]]);
    expect(await stored()).toEqual(['ev-1', 'ev-2']);
    await eventually(() => sync.state().pendingDocuments === 2, 20_000, 'the two held still pending');
    expect(await isCaseSynced(van, 'case-R')).toBe(false);

    defects.delete('ev-3');
    const retried = [['caseEvents', 'ev-3'], ['caseEvents', 'ev-4'], ['receipts', 'rc-r']];
    expect(await sync.retryQuarantined()).toEqual({ ok: true, answers: retried.map(([collection, docId]) => ({ collection, docId, taken: true })) });
    await sync.awaitInSync();
    await eventually(() => sync.state().pendingDocuments === 0 && sync.state().heldBack.length === 0 && sync.state().quarantined.length === 0, 20_000, 'all sent');
    expect(await stored()).toEqual(['ev-1', 'ev-2', 'ev-3', 'ev-4']);
    expect((await storage.listDocuments('receipts')).map((d) => d.id)).toContain('rc-r');
    expect(await isCaseSynced(van, 'case-R')).toBe(true);
    await sync.report();
    expect(sync.state().chain).toMatchObject({ state: 'ok', verifiedSeq: 4 });
    await sync.stop();
    await van.close();
  });
});
