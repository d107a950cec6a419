import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { eventually, protocolHeaders, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';
import { type Device, enroll, login, pullAll, push, sha256, uploadWhole } from './attacker-kit.ts';

const VAN_2 = 'van-2';
let office: RunningOffice;
let a1: Device;
let a2: Device;
let b1: Device;

/** The device's scans document for these bytes, on a case of its own: what the van pushes before it uploads. */
async function declare(device: Device, bytes: Uint8Array, caseId = `${device.deviceId}-case`): Promise<void> {
  const scan = {
    id: `${device.deviceId}-scan-${sha256(bytes).slice(0, 12)}`, caseId, deviceId: device.deviceId, sha256: sha256(bytes), bytes: bytes.length,
    mime: 'application/pdf', pages: 1, material: { name: '不动产登记申请书', original: true, copies: 1 }, createdAt: new Date().toISOString(), _deleted: false,
  };
  const res = await push(office.url, device, 'scans', [scan]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const acked = async (device: Device, bytes: Uint8Array): Promise<boolean> => sha256(bytes) in (await pullAll(office.url, device.token, 'scanAcks'));
const pdf = (): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2048)]));

beforeAll(async () => {
  office = await startOffice(undefined, true, { uploadExpiryMs: 400 });
  const admin = await login(office.url, 'admin');
  a1 = await enroll(office.url, admin, DEMO_VAN_ID, 'A1');
  a2 = await enroll(office.url, admin, DEMO_VAN_ID, 'A2');
  b1 = await enroll(office.url, admin, VAN_2, 'B1');
}, 30_000);
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

describe('scan acknowledgements', () => {
  it('go to every device that uploads bytes the office already holds, of its own van or another', async () => {
    const bytes = pdf();
    await declare(a1, bytes);
    expect((await uploadWhole(office.url, a1, bytes)).status).toBe(201);
    expect(await acked(a1, bytes)).toBe(true);
    expect(await acked(b1, bytes)).toBe(false); // another van's device sees no acknowledgement of bytes it never declared

    for (const device of [a2, b1]) {
      await declare(device, bytes);
      expect((await uploadWhole(office.url, device, bytes)).status).toBe(201);
      expect(await acked(device, bytes)).toBe(true);
    }
    // One file on disk, one record, whoever sent it.
    expect((await office.storage.scanBlob(sha256(bytes)))?.deviceId).toBe(a1.deviceId);
    expect(readdirSync(`${office.dataDir}/uploads`).filter((n) => !n.startsWith('.'))).toEqual([]);
  });

  it('go to a device that only declares bytes already verified (its van asks, finds them and never uploads)', async () => {
    const bytes = pdf();
    await declare(a1, bytes);
    expect((await uploadWhole(office.url, a1, bytes)).status).toBe(201);
    const state = await fetch(`${office.url}${API_BASE}/scans/${sha256(bytes)}`, { headers: protocolHeaders(b1.token) });
    expect(await state.json()).toMatchObject({ verified: true });
    expect(await acked(b1, bytes)).toBe(false);
    await declare(b1, bytes);
    expect(await acked(b1, bytes)).toBe(true);
  });

  it('go to a device that declared the bytes before another device finished uploading them', async () => {
    const bytes = pdf();
    await declare(b1, bytes);
    await declare(a1, bytes);
    expect((await uploadWhole(office.url, a1, bytes)).status).toBe(201);
    expect(await acked(b1, bytes)).toBe(true);
  });
});

describe('scan uploads', () => {
  it('are refused (409, in Chinese) for bytes the uploading device never declared, even when another device did, and nothing is kept', async () => {
    const bytes = pdf();
    const before = readdirSync(`${office.dataDir}/uploads`);
    const undeclared = await uploadWhole(office.url, b1, bytes);
    expect(undeclared.status).toBe(409);
    expect(String(undeclared.body['text'])).toContain('尚未由本设备登记');
    await declare(a1, bytes);
    expect((await uploadWhole(office.url, b1, bytes)).status).toBe(409);
    expect(await office.storage.scanBlob(sha256(bytes))).toBeUndefined();
    expect(await acked(a1, bytes)).toBe(false);
    expect(readdirSync(`${office.dataDir}/uploads`)).toEqual(before);
  });

  it('never finished expire: the office answers 410 for them and deletes their bytes', async () => {
    const bytes = pdf();
    await declare(a1, bytes);
    const { 'content-type': _json, ...base } = protocolHeaders(a1.token);
    const headers = { ...base, 'tus-resumable': '1.0.0' };
    const meta = `sha256 ${Buffer.from(sha256(bytes)).toString('base64')}`;
    const created = await fetch(`${office.url}${API_BASE}/scans/uploads`, { method: 'POST', headers: { ...headers, 'upload-length': String(bytes.length), 'upload-metadata': meta } });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location') ?? '', `${office.url}${API_BASE}/scans/uploads/`).toString();
    const id = location.split('/').pop() ?? '';
    const half = await fetch(location, { method: 'PATCH', headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: bytes.slice(0, 1000) });
    expect(half.status).toBe(204);
    expect(readdirSync(`${office.dataDir}/uploads`)).toContain(id);

    await new Promise((r) => setTimeout(r, 500)); // past the 400 ms this office keeps an unfinished upload
    // 410 once it expired, 404 once the sweep (every 400 ms here) deleted it: the van starts again on either.
    expect([404, 410]).toContain((await fetch(location, { method: 'HEAD', headers })).status);
    const rest = await fetch(location, { method: 'PATCH', headers: { ...headers, 'upload-offset': '1000', 'content-type': 'application/offset+octet-stream' }, body: bytes.slice(1000) });
    expect([404, 410]).toContain(rest.status);
    await eventually(() => !readdirSync(`${office.dataDir}/uploads`).some((n) => n.startsWith(id)), 5000, 'the expired upload to be deleted');
    expect(await office.storage.scanBlob(sha256(bytes))).toBeUndefined();
  });
});
