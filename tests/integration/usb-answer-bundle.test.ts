import { afterAll, describe, expect, it } from 'vitest';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { unsentForBundle } from '#renderer/db/bundle-rows.ts';
import { countPending } from '#renderer/db/pending.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { openOfficeBundle, sealVanBundle } from '#electron/bundles/van-bundle.ts';
import { importVanBundle } from '#server/bundles/import-bundle.ts';
import { writeAnswerBundle } from '#server/bundles/answer-bundle.ts';
import { sealOfficeEvent } from '#server/office/domain-adapter.ts';
import { UnitDoc } from '#protocol/documents/office.ts';
import { type OfficeBundleManifest } from '#protocol/bundles.ts';
import { API_BASE } from '#protocol/version.ts';
import { DEMO_TRIP_ID, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { adminToken, enrollDevice, openTestVan, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';

let office: RunningOffice | undefined;
afterAll(async () => {
  await office?.close();
  if (office) removeDir(office.dataDir);
});

const at = (minute: number) => `2026-11-30T09:${String(minute).padStart(2, '0')}:00+08:00`;
const seizedOnVan = async (db: VanDatabase, id: string) => ((await db.units.findOne(id).exec())?.toJSON() as { flags: { seized: boolean } } | undefined)?.flags.seized;
/** The van has no link: every request fails as an unreachable office does. */
const noLink = () => Promise.reject(new TypeError('fetch failed'));

/** An offline day's work: a case, two events, a receipt in the device's run and one outside any run (refused). */
async function offlineWork(db: VanDatabase, deviceId: string, first: number): Promise<void> {
  await db.cases.insert({
    id: 'case-ans', tripId: DEMO_TRIP_ID, appointmentId: null, deviceId, businessKind: 'transfer', unitIds: [],
    applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803194501012345', side: 'holder' }], createdAt: at(1), createdBy: 'staff-zhangwei',
  });
  await appendCaseEvent(db, deviceId, { id: 'case-ans-ev-1', caseId: 'case-ans', kind: 'materials-received', at: at(2), actor: 'staff-zhangwei', payload: { materials: [], complete: false } });
  await appendCaseEvent(db, deviceId, { id: 'case-ans-ev-2', caseId: 'case-ans', kind: 'materials-received', at: at(3), actor: 'staff-zhangwei', payload: { materials: [], complete: true } });
  const receipt = (id: string, number: string, minute: number) => ({
    id, tripId: DEMO_TRIP_ID, caseId: 'case-ans', deviceId, number, amountFen: 8000,
    items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: '王秀英', issuedAt: at(minute), issuedBy: 'staff-zhangwei',
  });
  await db.receipts.insert(receipt('rc-ans', `JMS2026-${String(first).padStart(6, '0')}`, 4));
  await db.receipts.insert(receipt('rc-ans-foreign', 'JMS2026-009999', 5));
}

describe('the office\'s answer bundle taken in on a van with no link', () => {
  it('pulls the office\'s documents from the van\'s checkpoints, acknowledges the van\'s own and sets the refused aside; twice, an older one, or then live doubles and undoes nothing', async () => {
    office = await startOffice();
    const ctx = office.app.office;
    const device = await enrollDevice(office.url, 'answer-van');
    const other = await enrollDevice(office.url, 'answer-other');
    const db = await openTestVan();
    const online = startSync(db, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    await online.awaitOfficeData();
    await online.stop();

    await offlineWork(db, device.deviceId, device.grants[0]?.first ?? 0);
    const sealed = await sealVanBundle({ deviceId: device.deviceId, deviceToken: device.token, ...(await unsentForBundle(db)), readScan: () => Promise.reject(new Error('no scans')), now: new Date() });
    const imported = await importVanBundle(ctx, sealed.bytes);
    if (!imported.ok) throw new Error(imported.reason);
    const answerOf = async (deviceId: string, token: string, answers: Parameters<typeof writeAnswerBundle>[2]): Promise<OfficeBundleManifest> => {
      const answer = await writeAnswerBundle(ctx, deviceId, answers);
      if (!answer.ok) throw new Error(answer.reason);
      const opened = await openOfficeBundle(answer.bytes, deviceId, token);
      if (!opened.ok) throw new Error(opened.reason);
      return opened.manifest;
    };
    const older = await answerOf(device.deviceId, device.token, { bundleId: imported.result.bundleId, refused: imported.result.refused });

    // The office reviews meanwhile: an event on the van's case, and a unit seized.
    const flagged = sealOfficeEvent({
      id: 'office-ans-1', caseId: 'case-ans', deviceId: 'office', seq: 1, at: at(20), actor: 'staff-wangfang', prevHash: null,
      kind: 'flagged', payload: { code: 'seized-after-acceptance', message: '查封' },
    });
    await office.storage.writeOfficeDocuments('caseEvents', [{ body: flagged, audienceVans: [DEMO_VAN_ID], ownerDevice: device.deviceId }]);
    const unit = UnitDoc.parse((await office.storage.listDocuments('units')).sort((x, y) => x.id.localeCompare(y.id))[0]?.body);
    await office.storage.writeOfficeDocuments('units', [{ body: { ...unit, flags: { ...unit.flags, seized: true } }, audienceVans: [DEMO_VAN_ID], ownerDevice: null }]);
    const answer = await answerOf(device.deviceId, device.token, { bundleId: imported.result.bundleId, refused: imported.result.refused });

    const offline = startSync(db, { officeUrl: office.url, fetch: noLink, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    try {
      expect((await countPending(db)).pendingDocuments).toBe(5);
      // Two documents are new to the van; its four stored at the office are acknowledged, the foreign receipt refused.
      expect(await offline.takeAnswer(answer)).toEqual({ pulled: 2, accepted: 4, refused: 1 });
      expect(await db.caseEvents.findOne('office-ans-1').exec()).not.toBeNull();
      expect((await seizedOnVan(db, unit.id))).toBe(true);
      expect((await countPending(db)).pendingDocuments).toBe(0);
      expect((await db.syncQuarantine.find().exec()).map((q) => [q.docId, q.code])).toEqual([['rc-ans-foreign', 'receipt-outside-block']]);
      // Again, and the older answer written before the review: nothing new, and the unit is not set back.
      expect(await offline.takeAnswer(answer)).toEqual({ pulled: 0, accepted: 0, refused: 0 });
      expect(await offline.takeAnswer(older)).toEqual({ pulled: 0, accepted: 0, refused: 0 });
      expect((await seizedOnVan(db, unit.id))).toBe(true);
      expect(offline.state().status).toBe('offline');
    } finally {
      await offline.stop();
    }

    // Another device's answer and a changed byte are refused with the reason; the revoked device gets no answer.
    const foreign = await writeAnswerBundle(ctx, other.deviceId, null);
    if (!foreign.ok) throw new Error(foreign.reason);
    expect(await openOfficeBundle(foreign.bytes, device.deviceId, device.token)).toEqual({ ok: false, reason: `这个回传包是发给设备 ${other.deviceId} 的，不是本机；请导入发给本机的回传包` });
    const fresh = await writeAnswerBundle(ctx, device.deviceId, null);
    if (!fresh.ok) throw new Error(fresh.reason);
    const flipped = fresh.bytes.slice();
    flipped[flipped.length - 10] = (flipped[flipped.length - 10] ?? 0) ^ 1;
    expect(await openOfficeBundle(flipped, device.deviceId, device.token)).toMatchObject({ ok: false, reason: expect.stringMatching(/文件被改动或不完整/) as unknown });
    const res = await fetch(`${office.url}${API_BASE}/admin/devices/${other.deviceId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${await adminToken(office.url)}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    expect(await writeAnswerBundle(ctx, other.deviceId, null)).toMatchObject({ ok: false, reason: expect.stringMatching(/停用/) as unknown });

    // More office work while the van is away; then the link comes back: the live pull goes on from the bundle's
    // checkpoints (only the two newer documents come), and the push stores nothing twice.
    const flaggedAgain = sealOfficeEvent({
      id: 'office-ans-2', caseId: 'case-ans', deviceId: 'office', seq: 2, at: at(30), actor: 'staff-wangfang', prevHash: flagged.hash,
      kind: 'flagged', payload: { code: 'seized-after-acceptance', message: '轮候查封' },
    });
    await office.storage.writeOfficeDocuments('caseEvents', [{ body: flaggedAgain, audienceVans: [DEMO_VAN_ID], ownerDevice: device.deviceId }]);
    await office.storage.writeOfficeDocuments('units', [{ body: { ...unit, flags: { ...unit.flags, seized: false } }, audienceVans: [DEMO_VAN_ID], ownerDevice: null }]);
    const before = (await office.storage.listDocuments('caseEvents')).length;
    const live = startSync(db, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 300, live: false });
    try {
      await live.awaitInSync();
      expect(live.state()).toMatchObject({ pendingDocuments: 0, pulledDocuments: 2, pushedDocuments: 0 });
      expect(await db.caseEvents.findOne('office-ans-2').exec()).not.toBeNull();
      expect((await seizedOnVan(db, unit.id))).toBe(false);
    } finally {
      await live.stop();
    }
    expect((await office.storage.listDocuments('caseEvents')).length).toBe(before);
    expect((await office.storage.listDocuments('receipts')).filter((d) => d.deviceId === device.deviceId).map((d) => d.id)).toEqual(['rc-ans']);
    await db.close();
  }, 60_000);
});
