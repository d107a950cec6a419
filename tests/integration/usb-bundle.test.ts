import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { unsentForBundle } from '#renderer/db/bundle-rows.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type ScanStore } from '#electron/scans/scan-store.ts';
import { openScanStore } from './scan-helpers.ts';
import { openOfficeBundle, writeVanBundle } from '#electron/bundles/van-bundle.ts';
import { importVanBundle } from '#server/bundles/import-bundle.ts';
import { writeAnswerBundle } from '#server/bundles/answer-bundle.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { enrollDevice, openTestVan, removeDir, startOffice, tempDir, type RunningOffice } from '../sync/helpers.ts';

let office: RunningOffice | undefined;
const dirs: string[] = [];
afterAll(async () => {
  await office?.close();
  if (office) removeDir(office.dataDir);
  dirs.forEach(removeDir);
});

/** The Chinese reason of a refusal, or '' when it was not refused. */
const why = (r: { ok: true } | { ok: false; reason: string }): string => (r.ok ? '' : r.reason);
const at = (minute: number) => `2026-11-30T09:${String(minute).padStart(2, '0')}:00+08:00`;

/** An offline day's work: a case, two events, a receipt in the device's run, one outside any run (refused), a scan. */
async function offlineWork(db: VanDatabase, deviceId: string, store: ScanStore, first: number) {
  await db.cases.insert({
    id: 'case-usb', tripId: DEMO_TRIP_ID, appointmentId: null, deviceId, businessKind: 'transfer', unitIds: [],
    applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803194501012345', side: 'holder' }], createdAt: at(1), createdBy: 'staff-zhangwei',
  });
  await appendCaseEvent(db, deviceId, { id: 'case-usb-ev-1', caseId: 'case-usb', kind: 'materials-received', at: at(2), actor: 'staff-zhangwei', payload: { materials: [], complete: false } });
  await appendCaseEvent(db, deviceId, { id: 'case-usb-ev-2', caseId: 'case-usb', kind: 'materials-received', at: at(3), actor: 'staff-zhangwei', payload: { materials: [], complete: true } });
  const receipt = (id: string, number: string, minute: number) => ({
    id, tripId: DEMO_TRIP_ID, caseId: 'case-usb', deviceId, number, amountFen: 8000,
    items: [{ code: 'registration-residential', label: '登记费', amountFen: 8000 }], payer: '王秀英', issuedAt: at(minute), issuedBy: 'staff-zhangwei',
  });
  await db.receipts.insert(receipt('rc-usb', `JMS2026-${String(first).padStart(6, '0')}`, 4));
  await db.receipts.insert(receipt('rc-foreign', 'JMS2026-009999', 5));
  const bytes = randomBytes(300_000);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await store.put(bytes);
  await db.scans.insert({ id: 'scan-usb', caseId: 'case-usb', deviceId, sha256, bytes: bytes.length, mime: 'application/pdf', pages: 1, material: { name: '申请书', original: true, copies: 1 }, createdAt: at(6) });
  return sha256;
}

describe('USB bundles for a van with no link', () => {
  it('the office imports the van bundle with the push rules, twice or then live without duplicates, refuses tampered and foreign ones, and answers with a bundle the van opens', async () => {
    office = await startOffice();
    const ctx = office.app.office;
    const device = await enrollDevice(office.url, 'usb-van');
    const other = await enrollDevice(office.url, 'other-van');
    const db = await openTestVan();
    const vanDir = tempDir('usb-van');
    const stick = tempDir('usb-stick');
    dirs.push(vanDir, stick);
    const store = openScanStore(join(vanDir, 'scans'));
    const sync = startSync(db, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    await sync.awaitOfficeData();
    await sync.stop();

    const sha256 = await offlineWork(db, device.deviceId, store, device.grants[0]?.first ?? 0);
    const unsent = await unsentForBundle(db);
    expect(unsent.collections.map((c) => [c.collection, c.rows.map((r) => r.newDocumentState.id)])).toEqual([
      ['cases', ['case-usb']], ['caseEvents', ['case-usb-ev-1', 'case-usb-ev-2']], ['receipts', ['rc-usb', 'rc-foreign']], ['scans', ['scan-usb']],
    ]);
    expect(unsent.scans).toEqual([sha256]);
    const written = await writeVanBundle(stick, { deviceId: device.deviceId, deviceToken: device.token, ...unsent, readScan: (h) => store.read(h), now: new Date('2026-11-30T02:00:00Z') });
    // Only the bundle under its own name: the temporary file is gone, and nothing personal is readable in it.
    expect(readdirSync(stick)).toEqual([`van-${device.deviceId}-20261130020000.jmsb`]);
    const file = new Uint8Array(readFileSync(written.path));
    expect(Buffer.from(file).includes(Buffer.from('230803194501012345'))).toBe(false);
    expect(Buffer.from(file).includes(Buffer.from('王秀英'))).toBe(false);
    expect(written).toMatchObject({ documents: 6, scans: 1 });

    const first = await importVanBundle(ctx, file);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    // The refusal a live push gets for the foreign receipt number; everything else stored, the scan verified.
    expect(first.result).toMatchObject({ stored: 5, already: 0, scansStored: 1, scansAlready: 0, scansRefused: [] });
    expect(first.result.refused.map((r) => [r.collection, r.id, r.code])).toEqual([['receipts', 'rc-foreign', 'receipt-outside-block']]);
    expect(first.result.refused[0]?.reason).toMatch(/票据号/);
    const ids = async (c: 'cases' | 'caseEvents' | 'receipts' | 'scans') => (await office!.storage.listDocuments(c)).filter((d) => d.id.includes('usb') || d.id === 'rc-foreign').map((d) => d.id).sort();
    expect(await ids('caseEvents')).toEqual(['case-usb-ev-1', 'case-usb-ev-2']);
    expect(await ids('receipts')).toEqual(['rc-usb']);
    expect(await office.storage.scanBlob(sha256)).toMatchObject({ bytes: 300_000, deviceId: device.deviceId });
    expect(createHash('sha256').update(readFileSync(join(office.dataDir, 'scans', sha256.slice(0, 2), sha256))).digest('hex')).toBe(sha256);
    expect((await office.storage.chainStatus(device.deviceId)).state).toBe('ok');

    // Imported again: nothing new, the same answers.
    const again = await importVanBundle(ctx, file);
    expect(again.ok && again.result).toMatchObject({ stored: 0, already: 5, scansStored: 0, scansAlready: 1 });
    expect(again.ok && again.result.refused.map((r) => r.id)).toEqual(['rc-foreign']);

    // A changed byte anywhere (here in the ciphertext, then in the clear header) and the bundle is refused whole.
    const flipped = file.slice();
    flipped[flipped.length - 100] = (flipped[flipped.length - 100] ?? 0) ^ 1;
    expect(why(await importVanBundle(ctx, flipped))).toMatch(/被改动/);
    const relabelled = Buffer.from(Buffer.from(file).toString('latin1').replace(device.deviceId, other.deviceId), 'latin1');
    expect(why(await importVanBundle(ctx, new Uint8Array(relabelled)))).toMatch(/不是该设备当前登记所生成/);
    expect(await importVanBundle(ctx, new Uint8Array(Buffer.from('not a bundle at all')))).toMatchObject({ ok: false, code: 'not-a-bundle' });
    // Sealed with another device's token: the header names this device, the key is not its.
    const forged = await writeVanBundle(tempDir('usb-forged'), { deviceId: device.deviceId, deviceToken: other.token, ...unsent, readScan: (h) => store.read(h), now: new Date() });
    dirs.push(join(forged.path, '..'));
    expect(await importVanBundle(ctx, new Uint8Array(readFileSync(forged.path)))).toMatchObject({ ok: false, code: 'cannot-open' });
    expect(await ids('receipts')).toEqual(['rc-usb']);

    // The office's answer: the van opens it (and no other device's key does), it carries the refusal and the
    // van's own documents as stored at the office.
    const answer = await writeAnswerBundle(ctx, device.deviceId, { bundleId: first.result.bundleId, refused: first.result.refused });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const opened = await openOfficeBundle(answer.bytes, device.deviceId, device.token);
    expect(opened.ok && opened.manifest.refused.map((r) => r.id)).toEqual(['rc-foreign']);
    expect(opened.ok && opened.manifest.pages.find((p) => p.collection === 'caseEvents')?.documents.map((d) => d['id'])).toEqual(['case-usb-ev-1', 'case-usb-ev-2']);
    expect(opened.ok && opened.manifest.pages.find((p) => p.collection === 'trips')?.documents.map((d) => d['id'])).toContain(DEMO_TRIP_ID);
    expect(await openOfficeBundle(answer.bytes, other.deviceId, other.token)).toMatchObject({ ok: false });
    expect(why(await openOfficeBundle(file, device.deviceId, device.token))).toMatch(/应在办公室导入/);

    // The link comes back: the live push sends the same documents, the office stores nothing twice.
    const before = (await office.storage.listDocuments('caseEvents')).length;
    const live = startSync(db, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    await live.awaitInSync();
    expect(live.state()).toMatchObject({ pendingDocuments: 0, pendingScans: 0 });
    expect(live.state().quarantined.map((q) => q.docId)).toEqual(['rc-foreign']);
    await live.stop();
    expect((await office.storage.listDocuments('caseEvents')).length).toBe(before);
    expect(await ids('receipts')).toEqual(['rc-usb']);
    expect(existsSync(written.path)).toBe(true);
    writeFileSync(join(stick, 'done'), '');
  });
});
