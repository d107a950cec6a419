import { afterAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { appendCaseEvent } from '#renderer/db/case-events.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { syncErrorText } from '#renderer/screens/sync/SyncScreen.tsx';
import { type SqliteDb } from '#office/platform/db/sqlite-db.ts';
import { testBackend } from '../support/backend.ts';
import { enrollDevice, openTestVan, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';

/**
 * The office's disk is full (it answers 507 with a Chinese message): the van says so in the office's words on
 * 同步, keeps every record waiting (none is set aside as refused), retries, and sends them all once there is room.
 */
let office: RunningOffice | undefined;
afterAll(async () => {
  await office?.close();
  if (office) removeDir(office.dataDir);
});

describe('a van syncing with an office whose disk is full', () => {
  // SQLite's page limit fills its disk from inside this process; a PostgreSQL server's disk is its own.
  it.runIf(testBackend() === 'sqlite')('shows the 507 clearly, keeps everything, and sends it all once there is room', async () => {
    office = await startOffice();
    const device = await enrollDevice(office.url, 'disk-full');
    const van = await openTestVan();
    for (let i = 0; i < 12; i++) {
      await appendCaseEvent(van, device.deviceId, {
        id: `full-${i}`, caseId: `case-${i % 3}`, at: `2026-11-30T10:${String(i).padStart(2, '0')}:00+08:00`, actor: 'staff-zhangwei',
        kind: 'materials-received', payload: { materials: [], complete: false },
      });
    }
    const db = (office.storage.db as SqliteDb).writer;
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`); // the database cannot grow

    const sync = startSync(van, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 300, pushBatchSize: 4, live: false });
    const refused = await firstValueFrom(sync.state$.pipe(filter((s) => s.lastError?.status === 507), timeout(30_000)));
    expect(refused.lastError?.code).toBe('office-unavailable');
    expect(syncErrorText(refused.lastError!)).toBe('办公室服务器磁盘已满，本次提交没有保存。请通知管理员清理办公室服务器的磁盘空间；服务车会自动重试，此前已保存的数据不受影响。');
    expect(refused.status).not.toBe('in-sync');
    expect(refused.pendingDocuments).toBe(12);
    expect(refused.quarantined).toEqual([]);
    // It keeps trying while the disk stays full, and still sets nothing aside.
    await firstValueFrom(sync.state$.pipe(filter((s) => s.lastError !== null && s.lastError.at !== refused.lastError?.at), timeout(30_000)));
    expect(sync.state().quarantined).toEqual([]);
    expect((await office.storage.listDocuments('caseEvents')).filter((d) => d.deviceId === device.deviceId)).toEqual([]);

    db.pragma('max_page_count = 1073741823');
    await firstValueFrom(sync.state$.pipe(filter((s) => s.pendingDocuments === 0 && s.lastSuccessAt !== null), timeout(60_000)));
    await sync.awaitInSync();
    const stored = (await office.storage.listDocuments('caseEvents')).filter((d) => d.deviceId === device.deviceId);
    expect(stored.map((e) => e.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `full-${i}`).sort());
    expect(await office.storage.chainStatus(device.deviceId)).toMatchObject({ state: 'ok', verifiedSeq: 12 });
    expect(sync.state().quarantined).toEqual([]);
    await sync.stop();
    await van.close();
  }, 120_000);
});
