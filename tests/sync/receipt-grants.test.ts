import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { enrollDevice, protocolHeaders, removeDir, startOffice, type RunningOffice } from './helpers.ts';

type Device = Awaited<ReturnType<typeof enrollDevice>>;

let office: RunningOffice;
let a: Device;
let b: Device;

const number = (n: number) => `JMS2026-${String(n).padStart(6, '0')}`;
const receipt = (d: Device, n: number) => ({
  id: `${DEMO_TRIP_ID}:${number(n)}`,
  tripId: DEMO_TRIP_ID,
  caseId: `case-${d.deviceId}-${n}`,
  deviceId: d.deviceId,
  number: number(n),
  amountFen: 8000,
  items: [{ code: 'item-1', label: '登记费（住宅）', amountFen: 8000 }],
  payer: '王秀英',
  issuedAt: '2026-11-30T09:30:00+08:00',
  issuedBy: 'staff-zhangwei',
  _deleted: false,
});
const push = (d: Device, collection: string, docs: unknown[]) =>
  fetch(`${office.url}${API_BASE}/sync/${collection}/push`, { method: 'POST', headers: protocolHeaders(d.token), body: JSON.stringify(docs.map((x) => ({ newDocumentState: x }))) });
const ledger = async (d: Device) =>
  ((await (await fetch(`${office.url}${API_BASE}/sync/tripLedger/pull?limit=100`, { headers: protocolHeaders(d.token) })).json()) as { documents: Record<string, unknown>[] }).documents;
const askMore = (d: Device, tripId = DEMO_TRIP_ID) =>
  fetch(`${office.url}${API_BASE}/devices/me/receipt-grants`, { method: 'POST', headers: protocolHeaders(d.token), body: JSON.stringify({ tripId }) });

beforeAll(async () => {
  office = await startOffice();
  a = await enrollDevice(office.url, 'laptop-a');
  b = await enrollDevice(office.url, 'laptop-b');
});
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

describe('each device of a van prints from its own run of the trip’s receipt block', () => {
  it('grants the two laptops of van-1 different runs when they pull the trip, each seen only by its own device', async () => {
    expect(a.grants).toEqual([{ first: 1001, last: 1050 }]);
    expect(b.grants).toEqual([{ first: 1051, last: 1100 }]);
    expect((await ledger(a)).map((e) => e['deviceId'])).toEqual([a.deviceId]);
    expect((await ledger(b)).map((e) => e['deviceId'])).toEqual([b.deviceId]);
  });

  it('grants nothing more on a second pull', async () => {
    await fetch(`${office.url}${API_BASE}/sync/trips/pull?limit=10`, { headers: protocolHeaders(a.token) });
    expect(await ledger(a)).toHaveLength(1);
    expect(await office.storage.receiptGrants(DEMO_TRIP_ID)).toHaveLength(2);
  });

  it('accepts a receipt numbered from the device’s own run and refuses one from another device’s run', async () => {
    expect((await push(a, 'receipts', [receipt(a, 1001)])).status).toBe(200);
    const refused = await push(b, 'receipts', [receipt(b, 1002)]);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ rejected: [{ code: 'receipt-outside-grant', reason: '票据号 JMS2026-001002 不在办公室分配给本机的号段内' }] });
    expect((await push(b, 'receipts', [receipt(b, 1051)])).status).toBe(200);
  });

  it('refuses a device writing a grant of its own, and takes its visit outcomes', async () => {
    const forged = { id: 'grant:forged', kind: 'receipt-grant', tripId: DEMO_TRIP_ID, deviceId: b.deviceId, first: 1101, last: 1200, grantedAt: '2026-11-30T08:00:00+08:00', _deleted: false };
    const res = await push(b, 'tripLedger', [forged]);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ rejected: [{ code: 'office-authored' }] });
    const outcome = { id: 'visit:appt-003:1', kind: 'visit-outcome', tripId: DEMO_TRIP_ID, deviceId: b.deviceId, appointmentId: 'appt-003', outcome: 'not-home', note: '敲门无人应答', at: '2026-11-30T11:10:00+08:00', actor: 'staff-lina', _deleted: false };
    expect((await push(b, 'tripLedger', [outcome])).status).toBe(200);
    // The office keeps the outcome; since protocol 16 it does not send a device its own documents back.
    expect((await office.storage.getDocument('tripLedger', outcome.id))?.body).toMatchObject({ kind: 'visit-outcome', deviceId: b.deviceId });
    expect((await ledger(b)).map((e) => e['kind']).sort()).toEqual(['receipt-grant']);
  });

  it('gives a device another run when it asks while online, until the block is used up', async () => {
    const more = await askMore(a);
    expect(more.status).toBe(201);
    expect(await more.json()).toEqual({ first: 1101, last: 1150 });
    expect((await askMore(b)).status).toBe(201);
    const usedUp = await askMore(a);
    expect(usedUp.status).toBe(409);
    expect(((await usedUp.json()) as { message: string }).message).toContain('已全部分配');
    expect((await askMore(a, 'trip-of-another-van')).status).toBe(404);
    expect((await ledger(a)).map((e) => [e['first'], e['last']])).toEqual([[1001, 1050], [1101, 1150]]);
  });
});
