import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { DEMO_ENROLL_CODE } from '#fixtures/demo/constants.ts';
import { adminToken, protocolHeaders, removeDir, startOffice, type RunningOffice } from './helpers.ts';

let office: RunningOffice;
beforeAll(async () => {
  office = await startOffice();
});
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

const INSTALLATION = 'inst-aaaaaaaaaaaaaaaaaaaa';
const enroll = (installationId?: string, code = DEMO_ENROLL_CODE) =>
  fetch(`${office.url}${API_BASE}/devices/enroll`, { method: 'POST', headers: protocolHeaders(), body: JSON.stringify({ code, deviceName: 'van@test', ...(installationId ? { installationId } : {}) }) });
const status = (token: string) => fetch(`${office.url}${API_BASE}/sync/trips/pull?limit=1`, { headers: protocolHeaders(token) }).then((r) => r.status);

describe('enrolling again with a code this installation already used (protocol 9 installationId)', () => {
  it('answers the same device with a new token, the old token no longer valid', async () => {
    const first = (await (await enroll(INSTALLATION)).json()) as { deviceId: string; token: string };
    const again = await enroll(INSTALLATION);
    expect(again.status).toBe(200);
    const second = (await again.json()) as { deviceId: string; token: string };
    expect(second.deviceId).toBe(first.deviceId);
    expect(second.token).not.toBe(first.token);
    expect(await status(second.token)).toBe(200);
    expect(await status(first.token)).toBe(401);
    expect((await office.storage.listDevices()).filter((d) => d.id === first.deviceId)).toHaveLength(1);
  });

  it('refuses the used code to another installation, or to a request without one', async () => {
    for (const other of ['inst-bbbbbbbbbbbbbbbbbbbb', undefined]) {
      const res = await enroll(other);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'enroll-code-invalid' });
    }
  });

  it('refuses it once the office revoked that device: a revoked van needs a new code', async () => {
    const { deviceId } = (await (await enroll(INSTALLATION)).json()) as { deviceId: string };
    const admin = await adminToken(office.url);
    expect((await fetch(`${office.url}${API_BASE}/admin/devices/${deviceId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    expect((await enroll(INSTALLATION)).status).toBe(403);
  });
});
