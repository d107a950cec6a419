import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { runCli } from '#electron/cli/run-cli.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { protocolHeaders } from '../sync/helpers.ts';
import { advance, csrfIn, type Device, enroll, getPage, login, pageLogin, postForm, pullAll, push, sealNext, staffCall, uploadWhole } from './attacker-kit.ts';

let office: Office;
let admin: string;

const caseDoc = (d: Device, id: string) => ({
  id, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: d.deviceId, businessKind: 'transfer', unitIds: [],
  applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803195001011234', side: 'holder' }], createdAt: new Date().toISOString(), createdBy: 'staff-zhangwei', _deleted: false,
});

async function reenroll(d: Device, previousToken: string, vanId = DEMO_VAN_ID): Promise<{ status: number; body: Record<string, unknown> }> {
  const code = await staffCall(office.url, admin, 'POST', '/admin/enroll-codes', { vanId });
  const res = await fetch(`${office.url}${API_BASE}/devices/enroll`, {
    method: 'POST',
    headers: protocolHeaders(),
    body: JSON.stringify({ code: code.body['code'], deviceName: d.name, previous: { deviceId: d.deviceId, token: previousToken } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  office = await startOfficeWithPages();
  admin = await login(office.url, 'admin');
});
afterAll(async () => {
  await office.close();
});

describe('a revoked device', () => {
  it('is refused at once on every endpoint with device-revoked, and its open change stream is closed', async () => {
    const d = await enroll(office.url, admin, DEMO_VAN_ID, 'to-revoke');
    expect((await push(office.url, d, 'cases', [caseDoc(d, 'case-r1')])).status).toBe(200);
    const stream = await fetch(`${office.url}${API_BASE}/sync/cases/stream`, { headers: protocolHeaders(d.token) });
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('RESYNC');

    const revoked = await staffCall(office.url, admin, 'POST', `/admin/devices/${d.deviceId}/revoke`, {});
    expect(revoked.body).toMatchObject({ revoked: true, already: false });
    // The stream ends (the reader sees done) instead of waiting for the next heartbeat.
    for (let r = await reader.read(); !r.done; r = await reader.read());

    const pushed = await push(office.url, d, 'cases', [caseDoc(d, 'case-r2')]);
    expect(pushed.status).toBe(401);
    expect(pushed.body['code']).toBe('device-revoked');
    expect(String(pushed.body['message'])).toContain('停用');
    const pulled = await fetch(`${office.url}${API_BASE}/sync/trips/pull`, { headers: protocolHeaders(d.token) });
    expect(pulled.status).toBe(401);
    expect(((await pulled.json()) as { code: string }).code).toBe('device-revoked');
    expect((await uploadWhole(office.url, d, new TextEncoder().encode('%PDF revoked'))).status).toBe(401);
    const status = (await staffCall(office.url, admin, 'GET', '/admin/devices')).body as unknown as { deviceId: string; revokedAt: string | null }[];
    expect(status.find((s) => s.deviceId === d.deviceId)?.revokedAt).not.toBeNull();
  });

  it('enrolls again with a new code and its old token, keeping its id and its chain, and pushes what it kept', async () => {
    const d = await enroll(office.url, admin, DEMO_VAN_ID, 'comes-back');
    expect((await push(office.url, d, 'cases', [caseDoc(d, 'case-k1')])).status).toBe(200);
    const first = sealNext(d, 'case-k1', { kind: 'materials-received', payload: { materials: [], complete: false } });
    advance(d, first);
    expect((await push(office.url, d, 'caseEvents', [first])).status).toBe(200);
    await staffCall(office.url, admin, 'POST', `/admin/devices/${d.deviceId}/revoke`, {});
    // Written while revoked, kept on the van.
    const kept = sealNext(d, 'case-k1', { kind: 'materials-received', payload: { materials: [], complete: true } });
    expect((await push(office.url, d, 'caseEvents', [kept])).status).toBe(401);

    const again = await reenroll(d, d.token);
    expect(again.status).toBe(200);
    expect(again.body['deviceId']).toBe(d.deviceId);
    const oldToken = d.token;
    d.token = String(again.body['token']);
    expect((await push(office.url, d, 'caseEvents', [kept])).status).toBe(200);
    expect(Object.keys(await pullAll(office.url, d.token, 'caseEvents')).sort()).toEqual([first.id, kept.id].sort());
    // The old token stays dead.
    expect((await fetch(`${office.url}${API_BASE}/sync/trips/pull`, { headers: protocolHeaders(oldToken) })).status).toBe(401);
  });

  it('cannot take over another device’s id without that device’s token, nor move to another van', async () => {
    const victim = await enroll(office.url, admin, DEMO_VAN_ID, 'victim');
    const thief = await enroll(office.url, admin, DEMO_VAN_ID, 'thief');
    expect((await reenroll(victim, thief.token)).status).toBe(403);
    expect((await reenroll(victim, victim.token, 'van-2')).status).toBe(403);
    // The victim's own token still works.
    expect((await fetch(`${office.url}${API_BASE}/sync/trips/pull`, { headers: protocolHeaders(victim.token) })).status).toBe(200);
  });
});

describe('revoking from the office', () => {
  it('works from the devices page (admin, with the form’s CSRF token)', async () => {
    const d = await enroll(office.url, admin, DEMO_VAN_ID, 'page-revoke');
    const { cookie } = await pageLogin(office.url, 'admin');
    const listing = await getPage(office.url, '/office/devices', cookie);
    expect(listing.html).toContain(d.deviceId);
    const res = await postForm(office.url, `/office/devices/${d.deviceId}/revoke`, cookie, { _csrf: csrfIn(listing.html) ?? '' }, { origin: office.url });
    expect(res.status).toBe(302);
    expect(decodeURIComponent(res.location)).toContain('设备已停用');
    expect((await push(office.url, d, 'cases', [caseDoc(d, 'case-p1')])).body['code']).toBe('device-revoked');
    const reviewer = (await pageLogin(office.url, 'wangfang')).cookie;
    expect((await getPage(office.url, '/office/devices', reviewer)).status).toBe(403);
  });

  it('works from the command line: npm run van -- office revoke-device', async () => {
    const d = await enroll(office.url, admin, DEMO_VAN_ID, 'cli-revoke');
    const out: string[] = [];
    const code = await runCli(['office', 'revoke-device', '--office', office.url, '--password', 'jms-demo-2026', '--device', d.deviceId], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('已停用');
    expect((await push(office.url, d, 'cases', [caseDoc(d, 'case-c1')])).body['code']).toBe('device-revoked');
  });
});
