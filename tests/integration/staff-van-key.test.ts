import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyring } from '#renderer/db/keyring.ts';
import { openVanDatabase, type VanDatabase } from '#renderer/db/database.ts';
import { checkStaffLogin } from '#renderer/db/offline-login.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { type VaultRecord } from '#renderer/db/vault.ts';
import { StaffDoc } from '#protocol/documents/office.ts';
import { API_BASE } from '#protocol/version.ts';
import { DEMO_PASSWORD, DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { adminToken, enrollDevice, eventually, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { TEST_PASSWORD_ITERATIONS } from '../support/password-cost.ts';

let office: RunningOffice | undefined;
const dbs: VanDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) if (!d.closed) await d.close();
  await office?.close();
  if (office) removeDir(office.dataDir);
});

const NEW_PASSWORD = 'lina-changed-2026';
const at = (minute: number) => `2026-11-30T09:${String(minute).padStart(2, '0')}:00+08:00`;

/** The van's store as the app opens it: personal fields encrypted under the keyring's data key. */
async function openVan(name: string, keyring = createKeyring()) {
  const db = await openVanDatabase({ name, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), encryptionKey: () => keyring.get() });
  dbs.push(db);
  return { db, keyring };
}

const vault = async (db: VanDatabase) => (await db.getLocal<VaultRecord>('vault'))?.toJSON().data as VaultRecord;
const officeStaff = async (id: string) => StaffDoc.parse((await office!.storage.getDocument('staff', id))!.body);

describe('a clerk whose password the van has never seen, logging in offline', () => {
  it('gets a public-key slot while a colleague has the van open, and after an offline restart opens the store with the new password alone', async () => {
    office = await startOffice();
    const device = await enrollDevice(office.url, 'van-keys');
    const name = `van-keys-${process.pid}`;
    const first = await openVan(name);
    first.keyring.watchStaff(first.db);
    const sync = startSync(first.db, { officeUrl: office.url, deviceToken: device.token, deviceId: device.deviceId, retryBaseMs: 50, retryMaxMs: 300 });
    // The staff list comes in the clear (the login screen needs it); the encrypted collections wait for a login.
    await eventually(async () => (await first.db.staff.count().exec()) === 2, 20_000, 'the staff list');

    // 张伟 logs in as at the login screen (hash from the staff list, then his slot) and takes an intake.
    expect((await checkStaffLogin(first.db, 'zhangwei', DEMO_PASSWORD)).ok).toBe(true);
    expect(await first.keyring.unlock(first.db, 'staff-zhangwei', DEMO_PASSWORD)).toBe(true);
    await sync.awaitOfficeData();
    await first.db.cases.insert({
      id: 'case-keys', tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: device.deviceId, businessKind: 'transfer', unitIds: [],
      applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803194501012345', side: 'holder' }], createdAt: at(1), createdBy: 'staff-zhangwei',
    });
    // The demo accounts predate van keys: nobody but 张伟 can open this van yet.
    expect((await vault(first.db)).slots.map((s) => s.staffId)).toEqual(['staff-zhangwei']);

    // Meanwhile the office gives 李娜 a new password: her staff document now carries the public half of her van key.
    const res = await fetch(`${office.url}${API_BASE}/admin/staff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await adminToken(office.url)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'lina', name: '李娜', roles: ['van-clerk'], password: NEW_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const lina = await officeStaff('staff-lina');
    expect(lina.vanKey).toMatchObject({ version: 1, iterations: TEST_PASSWORD_ITERATIONS });
    expect(JSON.stringify(await office.storage.getDocument('staff', 'staff-lina'))).not.toContain(NEW_PASSWORD);

    // The van pulls it over the change stream and seals its open data key to her.
    await eventually(async () => (await vault(first.db)).slots.some((s) => s.staffId === 'staff-lina'), 20_000, 'a slot for 李娜');
    expect((await vault(first.db)).slots.find((s) => s.staffId === 'staff-lina')).toMatchObject({ kind: 'public-key', keyVersion: 1, salt: lina.vanKey!.salt });
    await sync.stop();
    await first.db.close();

    // A fresh start with no link and nobody else around.
    const second = await openVan(name);
    const before = JSON.stringify(await vault(second.db));
    expect(await checkStaffLogin(second.db, 'lina', DEMO_PASSWORD)).toEqual({ ok: false, error: 'wrong-password' });
    expect(JSON.stringify(await vault(second.db))).toBe(before);
    expect(second.keyring.current()).toBeNull();

    expect((await checkStaffLogin(second.db, 'lina', NEW_PASSWORD)).ok).toBe(true);
    expect(await second.keyring.unlock(second.db, 'staff-lina', NEW_PASSWORD)).toBe(true);
    const found = await second.db.cases.findOne('case-keys').exec();
    expect(found?.applicants[0]).toMatchObject({ name: '王秀英', idNumber: '230803194501012345' });
    // Her public-key slot became a password slot of the same version.
    const slot = (await vault(second.db)).slots.find((s) => s.staffId === 'staff-lina');
    expect(slot).toMatchObject({ staffId: 'staff-lina', keyVersion: 1, iterations: 600_000 });
    expect(slot?.kind).toBeUndefined();
    await second.db.close();
  });

  it('gives an account from before van keys its van key at its next office login, keeping its password hash', async () => {
    office ??= await startOffice();
    const before = await officeStaff('staff-zhangwei');
    expect(before.vanKey).toBeUndefined();
    const res = await fetch(`${office.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'zhangwei', password: DEMO_PASSWORD }) });
    expect(res.status).toBe(200);
    const after = await officeStaff('staff-zhangwei');
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.vanKey).toMatchObject({ version: 1, iterations: TEST_PASSWORD_ITERATIONS });
    // A second login leaves it as it is.
    await fetch(`${office.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'zhangwei', password: DEMO_PASSWORD }) });
    expect((await officeStaff('staff-zhangwei')).vanKey).toEqual(after.vanKey);
  });
});
