import { afterAll, describe, expect, it } from 'vitest';
import { type RxCollection } from 'rxdb';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { legacyHeldBackSchema } from '#renderer/db/older-store.ts';
import { markAllSent } from '#renderer/db/outbox.ts';
import { countPending } from '#renderer/db/pending.ts';
import { type SyncOptions, startSync } from '#renderer/db/sync-controller.ts';
import { domainEventRules } from '#server/domain-rules.ts';
import { type EventRules } from '#server/sync/event-rules.ts';
import { enrollDevice, eventually, openTestVan, startOffice, removeDir, type RunningOffice } from '../sync/helpers.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

let office: RunningOffice | undefined;
afterAll(async () => {
  await office?.close();
  if (office) removeDir(office.dataDir);
});

/** The takeover ran once: the store opened again sends nothing and has no `syncHeldBack` collection. */
async function expectNothingSentAgain(name: string, opts: SyncOptions): Promise<void> {
  const again = await openTestVan(name);
  const next = startSync(again, opts);
  await next.awaitInSync();
  expect(next.state().pushedDocuments).toBe(0);
  expect(Object.keys(again.collections)).not.toContain('syncHeldBack');
  await next.stop();
  await again.close();
}

const at = (minute: number) => `2026-11-30T09:${String(minute).padStart(2, '0')}:00+08:00`;

describe('a van store an older version wrote, with documents in its syncHeldBack collection', () => {
  it('sends the held documents whose blocker is gone (a crash between the retry and their release), then drops the collection', async () => {
    office = await startOffice();
    const device = await enrollDevice(office.url, 'legacy-van');
    const name = `legacy-held-${process.pid}`;
    const event = (db: Awaited<ReturnType<typeof openTestVan>>, id: string, minute: number) =>
      appendCaseEvent(db, device.deviceId, { id, caseId: 'case-L', kind: 'materials-received', at: at(minute), actor: 'staff-zhangwei', payload: { materials: [], complete: false } });
    const opts = { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 300 };

    // The older version: ev-l1 reached the office; ev-l2 and ev-l3 were held back, the marks passed them, and
    // their blocker was accepted and dropped before they were released.
    const old = await openTestVan(name);
    await event(old, 'ev-l1', 1);
    const first = startSync(old, opts);
    await first.awaitInSync();
    await first.stop();
    await event(old, 'ev-l2', 2);
    await event(old, 'ev-l3', 3);
    await markAllSent(old, device.deviceId);
    // What this version's first sync above recorded, an older one never wrote.
    await (await old.getLocal('older-store-taken-over'))?.remove();
    const added = await old.addCollections({ syncHeldBack: { schema: legacyHeldBackSchema } });
    const legacy = added['syncHeldBack'] as RxCollection;
    await legacy.bulkInsert(['ev-l2', 'ev-l3'].map((docId) => ({
      id: `caseEvents:${docId}`, sourceCollection: 'caseEvents', docId, caseId: 'case-L', blockedByCollection: 'caseEvents', blockedByDocId: 'ev-gone', blockedBySeq: 1, at: at(5),
    })));
    expect((await countPending(old)).pendingDocuments).toBe(0);
    await old.close();

    const van = await openTestVan(name);
    const sync = startSync(van, opts);
    await sync.awaitInSync();
    const stored = (await office.storage.listDocuments('caseEvents')).filter((d) => d.deviceId === device.deviceId).map((d) => d.id).sort();
    expect(stored).toEqual(['ev-l1', 'ev-l2', 'ev-l3']);
    expect((await countPending(van)).pendingDocuments).toBe(0);
    await sync.report();
    expect(sync.state().chain).toMatchObject({ state: 'ok', verifiedSeq: 3 });
    expect(Object.keys(van.collections)).not.toContain('syncHeldBack');
    await sync.stop();
    await van.close();

    // Once: the next start neither adds the collection again nor sends anything again.
    await expectNothingSentAgain(name, opts);
  });
});

describe('a van store a version before protocol 21 wrote, with documents it held back behind a refused event', () => {
  const dataDir = tempFolderForTests('older-store');
  let defective: RunningOffice | undefined;
  afterAll(async () => {
    await defective?.close();
  });

  it('sends the refused event and everything after it again once: the office refuses it still and holds the rest back, then takes them all', async () => {
    let officeDefect = true;
    const rules: EventRules = { ...domainEventRules, hashMatches: (e) => (officeDefect && e.id === 'ev-o2' ? Promise.resolve(false) : domainEventRules.hashMatches(e)) };
    defective = await startOffice(dataDir(), true, { rules });
    const { url, storage } = defective;
    const device = await enrollDevice(url, 'older-order-van');
    const name = `older-order-${process.pid}`;
    const event = (db: Awaited<ReturnType<typeof openTestVan>>, id: string, minute: number) =>
      appendCaseEvent(db, device.deviceId, { id, caseId: 'case-O', kind: 'materials-received', at: at(minute), actor: 'staff-zhangwei', payload: { materials: [], complete: false } });
    const opts = { officeUrl: url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 300 };
    const stored = async () => (await storage.listDocuments('caseEvents')).filter((d) => d.deviceId === device.deviceId).map((d) => d.id).sort();

    // The older version: ev-o1 reached the office, ev-o2 was refused and set aside, ev-o3 and ev-o4 waited on the van
    // behind it and the mark passed them unsent.
    const old = await openTestVan(name);
    await event(old, 'ev-o1', 1);
    const first = startSync(old, opts);
    await first.awaitInSync();
    await first.stop();
    await event(old, 'ev-o2', 2);
    await event(old, 'ev-o3', 3);
    await event(old, 'ev-o4', 4);
    await markAllSent(old, device.deviceId);
    await old.syncQuarantine.insert({ id: 'caseEvents:ev-o2', sourceCollection: 'caseEvents', docId: 'ev-o2', code: 'event-hash-mismatch', reason: '记录内容与其校验值不符', at: at(5) });
    // What this version's first sync above recorded, an older one never wrote.
    await (await old.getLocal('case-order-at-office'))?.remove();
    await old.close();
    expect(await stored()).toEqual(['ev-o1']);

    const van = await openTestVan(name);
    const sync = startSync(van, opts);
    await sync.awaitInSync();
    await eventually(() => sync.state().heldBack.length === 2, 20_000, 'ev-o3 and ev-o4 held back by the office');
    expect(sync.state().quarantined.map((q) => q.docId)).toEqual(['ev-o2']);
    expect(sync.state().heldBack.map((h) => h.docId)).toEqual(['ev-o3', 'ev-o4']);
    expect(await stored()).toEqual(['ev-o1']);
    expect((await countPending(van)).pendingDocuments).toBe(2);

    officeDefect = false;
    expect(await sync.retryQuarantined()).toMatchObject({ ok: true, answers: [{ docId: 'ev-o2', taken: true }, { docId: 'ev-o3', taken: true }, { docId: 'ev-o4', taken: true }] });
    await sync.awaitInSync();
    expect(await stored()).toEqual(['ev-o1', 'ev-o2', 'ev-o3', 'ev-o4']);
    expect((await countPending(van)).pendingDocuments).toBe(0);
    await sync.stop();
    await van.close();

    // Once: the next start sends nothing again.
    await expectNothingSentAgain(name, opts);
  });
});
