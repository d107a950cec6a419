/**
 * The van's local store and sync, for the UI (renderer/). Typical start-up:
 *   const db = await openVanDatabase({ name: 'van' });
 *   const id = (await loadDeviceIdentity(db)) ?? (await enrollDevice(db, { officeUrl, code, deviceName }));
 *   const sync = startSync(db, { officeUrl: id.officeUrl, deviceToken: id.token, deviceId: id.deviceId });
 *   sync.state$.subscribe(render);           // status, pending documents/scans, quarantined, chain verdict
 *   await appendCaseEvent(db, id.deviceId, { id, caseId, kind, at, actor, payload });
 */
export { openVanDatabase, ReadOnlyCollectionError, type VanDatabase, type VanCollections, type OpenVanDatabaseOptions } from './database.ts';
export { startSync, type SyncController, type SyncOptions, type SyncState, type SyncStatus, type QuarantinedDocument } from './sync-controller.ts';
export { appendCaseEvent, caseHistory, InvalidEventPayloadError, type CaseEvent, type NewCaseEvent } from './case-events.ts';
export { enrollDevice, loadDeviceIdentity, type DeviceIdentity } from './identity.ts';
export { verifyStaffLogin, type StaffLogin } from './offline-login.ts';
export { findUnitByNumber, findUnitByCertificate, findUnitsByAddressPrefix } from './queries.ts';
export { isCaseSynced, countPending } from './pending.ts';
export { OfficeHttpError } from './office-client.ts';
