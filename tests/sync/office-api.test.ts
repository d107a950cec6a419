import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE, PROTOCOL_HEADER } from '#protocol/version.ts';
import { MAX_PUSH_BYTES } from '#protocol/messages.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { enrollDevice, protocolHeaders, removeDir, startOffice, type RunningOffice } from './helpers.ts';

let office: RunningOffice;
let device: { deviceId: string; token: string };

const receipt = (id: string, number: string, deviceId = device.deviceId) => ({
  id,
  tripId: DEMO_TRIP_ID,
  caseId: 'case-1',
  deviceId,
  number,
  amountFen: 8000,
  items: [{ code: 'registration-residential', label: '登记费（住宅）', amountFen: 8000 }],
  payer: '王秀英',
  issuedAt: '2026-11-30T09:30:00+08:00',
  issuedBy: 'staff-zhangwei',
  _deleted: false,
});

const push = (collection: string, docs: unknown[], token = device.token, headers: Record<string, string> = {}) =>
  fetch(`${office.url}${API_BASE}/sync/${collection}/push`, {
    method: 'POST',
    headers: { ...protocolHeaders(token), ...headers },
    body: JSON.stringify(docs.map((d) => ({ newDocumentState: d }))),
  });

const stored = async (collection: 'receipts' | 'staff' | 'trips') => (await office.storage.listDocuments(collection)).map((d) => d.body);

beforeAll(async () => {
  office = await startOffice();
  device = await enrollDevice(office.url);
});
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

describe('the office refuses bad requests with a typed 4xx and keeps its data unchanged', () => {
  it('refuses a request without a device token (401)', async () => {
    const res = await fetch(`${office.url}${API_BASE}/sync/receipts/push`, {
      method: 'POST',
      headers: protocolHeaders(),
      body: JSON.stringify([{ newDocumentState: receipt('r-x', 'JMS2026-001001') }]),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthorized' });
    expect(await stored('receipts')).toEqual([]);
  });

  it('refuses an unknown token the same way', async () => {
    const res = await push('receipts', [receipt('r-x', 'JMS2026-001001')], 'not-a-real-token');
    expect(res.status).toBe(401);
    expect(await stored('receipts')).toEqual([]);
  });

  it('refuses a client that speaks an older protocol with 426', async () => {
    const res = await push('receipts', [receipt('r-x', 'JMS2026-001001')], device.token, { [PROTOCOL_HEADER]: '0' });
    expect(res.status).toBe(426);
    expect(await res.json()).toMatchObject({ code: 'protocol-too-old' });
  });

  it('refuses malformed JSON with 400 and a reason', async () => {
    const res = await fetch(`${office.url}${API_BASE}/sync/receipts/push`, { method: 'POST', headers: protocolHeaders(device.token), body: '[{"newDocumentState":' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('malformed');
    expect(body.message.length).toBeGreaterThan(0);
    expect(await stored('receipts')).toEqual([]);
  });

  it('refuses a body over the size limit with 413', async () => {
    const big = receipt('r-big', 'JMS2026-001001');
    const res = await fetch(`${office.url}${API_BASE}/sync/receipts/push`, {
      method: 'POST',
      headers: protocolHeaders(device.token),
      body: JSON.stringify([{ newDocumentState: { ...big, payer: 'x'.repeat(MAX_PUSH_BYTES) } }]),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'too-large' });
    expect(await stored('receipts')).toEqual([]);
  });

  it('refuses a whole batch when one document breaks the schema, naming it', async () => {
    const res = await push('receipts', [receipt('r-ok', 'JMS2026-001001'), { ...receipt('r-bad', 'JMS2026-001002'), amountFen: 12.5 }]);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { code: string; rejected: { id: string; code: string; reason: string }[] };
    expect(body.code).toBe('rejected');
    expect(body.rejected).toEqual([expect.objectContaining({ id: 'r-bad', code: 'invalid-document' })]);
    expect(await stored('receipts')).toEqual([]);
  });

  it('refuses a van pushing office-authored collections (403)', async () => {
    const before = await stored('staff');
    const res = await push('staff', [{ ...(before[0] ?? {}), name: '篡改' }]);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'rejected', rejected: [expect.objectContaining({ code: 'office-authored' })] });
    expect(await stored('staff')).toEqual(before);
  });

  it('refuses documents that claim another device', async () => {
    const res = await push('receipts', [receipt('r-other', 'JMS2026-001003', 'dev-someone-else')]);
    expect(res.status).toBe(403);
    expect(await stored('receipts')).toEqual([]);
  });

  it('refuses staff routes to a session without the admin role', async () => {
    const login = await fetch(`${office.url}${API_BASE}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'lina', password: 'jms-demo-2026' }),
    });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${office.url}${API_BASE}/admin/enroll-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ vanId: 'van-1' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'forbidden' });
  });

  it('refuses a wrong password', async () => {
    const res = await fetch(`${office.url}${API_BASE}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: 'wrong' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'login-failed' });
  });
});

describe('enrollment', () => {
  it('accepts a code once and refuses it the second time', async () => {
    const admin = await (await import('./helpers.ts')).adminToken(office.url);
    const { code } = (await (
      await fetch(`${office.url}${API_BASE}/admin/enroll-codes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ vanId: 'van-1' }),
      })
    ).json()) as { code: string };
    const enroll = () =>
      fetch(`${office.url}${API_BASE}/devices/enroll`, { method: 'POST', headers: protocolHeaders(), body: JSON.stringify({ code, deviceName: 'x' }) });
    expect((await enroll()).status).toBe(200);
    const second = await enroll();
    expect(second.status).toBe(403);
    expect(await second.json()).toMatchObject({ code: 'enroll-code-invalid' });
  });
});

describe('receipts', () => {
  it('stores a receipt once; the same push again is a success and stores nothing new', async () => {
    const r = receipt('r-1', 'JMS2026-001001');
    expect((await push('receipts', [r])).status).toBe(200);
    const again = await push('receipts', [r]);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual([]);
    expect((await stored('receipts')).map((d) => d.id)).toEqual(['r-1']);
  });

  it('refuses the same id with different content and records the incident', async () => {
    const res = await push('receipts', [{ ...receipt('r-1', 'JMS2026-001001'), amountFen: 1 }]);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ rejected: [expect.objectContaining({ id: 'r-1', code: 'immutable' })] });
    expect((await stored('receipts'))[0]).toMatchObject({ amountFen: 8000 });
    expect((await office.storage.listIncidents(10)).some((i) => i.docId === 'r-1' && i.code === 'immutable')).toBe(true);
  });

  it('refuses a number already used by another receipt', async () => {
    const res = await push('receipts', [receipt('r-2', 'JMS2026-001001')]);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ rejected: [expect.objectContaining({ id: 'r-2', code: 'receipt-number-used' })] });
  });

  it('refuses a number outside the trip block', async () => {
    const res = await push('receipts', [receipt('r-3', 'JMS2026-009999')]);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ rejected: [expect.objectContaining({ id: 'r-3', code: 'receipt-outside-block' })] });
    expect((await stored('receipts')).map((d) => d.id)).toEqual(['r-1']);
  });

  it('refuses a van deleting what it wrote', async () => {
    const res = await push('receipts', [{ ...receipt('r-1', 'JMS2026-001001'), _deleted: true }]);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ rejected: [expect.objectContaining({ code: 'deleted-not-allowed' })] });
    expect(await stored('receipts')).toHaveLength(1);
  });
});

describe('pull', () => {
  it('gives a van its trip, appointments and units in sequence order with a checkpoint', async () => {
    const pull = async (collection: string, checkpoint?: { seq: number }) => {
      const q = new URLSearchParams({ limit: '50', ...(checkpoint ? { checkpoint: JSON.stringify(checkpoint) } : {}) });
      const res = await fetch(`${office.url}${API_BASE}/sync/${collection}/pull?${q.toString()}`, { headers: protocolHeaders(device.token) });
      return (await res.json()) as { documents: { id: string }[]; checkpoint: { seq: number } | null };
    };
    const trips = await pull('trips');
    expect(trips.documents.map((d) => d.id)).toEqual([DEMO_TRIP_ID]);
    let units = 0;
    let checkpoint: { seq: number } | undefined;
    for (;;) {
      const page = await pull('units', checkpoint);
      units += page.documents.length;
      if (page.documents.length < 50) break;
      checkpoint = page.checkpoint ?? undefined;
    }
    expect(units).toBe(200);
  });

  it('refuses a malformed checkpoint', async () => {
    const res = await fetch(`${office.url}${API_BASE}/sync/units/pull?checkpoint=%7Bnope`, { headers: protocolHeaders(device.token) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'malformed' });
  });
});
