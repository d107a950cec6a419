import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppointmentDoc } from '#protocol/documents/office.ts';
import { officeRecords } from '#server/office/records.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';

/**
 * The appointments page lists at most 200 of each list (the requests not yet planned, the appointments from a day
 * on). When more exist it says so, in Chinese: the requests leave as they are planned, the appointments go on from
 * the last day listed. Before, the 201st and later were left off without a word.
 */
// The README's number, not the code's constant.
const SHOWN = 200;

let office: Office;
let token: string;

async function page(path: string): Promise<string> {
  const res = await fetch(new URL(path, office.url), { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return res.text();
}

const request = (n: number) => ({
  id: `appt-more-${String(n).padStart(4, '0')}`, applicantName: `申请人${n}`, phone: '13945400000', address: `向阳区长安路${n}号`,
  businessKind: 'transfer', category: 'elderly', preferredDate: '2031-03-01', notes: '', createdBy: 'staff-admin',
  createdAt: `2026-12-01T00:00:${String(n % 60).padStart(2, '0')}.${String(n).padStart(3, '0')}Z`, tripId: null,
});

const appointment = (n: number, date: string) => AppointmentDoc.parse({
  id: `appt-doc-${String(n).padStart(4, '0')}`, tripId: 'trip-more', applicantName: `预约${n}`, phone: '13945400000', address: `前进区${n}号`,
  category: 'elderly', businessKind: 'transfer', unitIds: [], scheduledAt: `${date}T09:00:00+08:00`, notes: '', updatedAt: '2026-12-01T00:00:00.000Z', _deleted: false,
});

beforeAll(async () => {
  office = await startOfficeWithPages();
  token = await loginAs(office, 'admin');
}, 60_000);
afterAll(async () => {
  await office.close();
});

describe('the appointments page and the new trip’s form, when more wait than they list', () => {
  it('says that more requests wait than the 200 listed, and not before there are', async () => {
    const records = officeRecords(office.storage.db);
    const open = (await api(office, token, 'GET', '/office/appointments')).json['requests'] as unknown[];
    for (let n = open.length; n < SHOWN; n++) await records.addAppointmentRequest(request(n));
    const exactly = await api(office, token, 'GET', '/office/appointments');
    expect((exactly.json['requests'] as unknown[]).length).toBe(SHOWN);
    expect(exactly.json['moreRequests']).toBe(false);
    expect(await page('/office/appointments')).not.toContain('id="more-requests"');
    expect(await page('/office/trips')).not.toContain('id="more-to-pick"');

    await records.addAppointmentRequest(request(SHOWN + 1));
    const over = await api(office, token, 'GET', '/office/appointments');
    expect((over.json['requests'] as unknown[]).length).toBe(SHOWN);
    expect(over.json['moreRequests']).toBe(true);
    expect(await page('/office/appointments')).toContain(
      `<p class="note" id="more-requests">尚未安排的预约不止 ${SHOWN} 条，这里只列出希望日期最早的 ${SHOWN} 条；安排出车任务后，已安排的移出此列表，其余的随之列出。</p>`,
    );
    // The new trip's form picks from the same list, and says the same.
    const trips = await page('/office/trips');
    expect(trips).toContain(`<p class="note" id="more-to-pick">尚未安排的预约不止 ${SHOWN} 条，这里只列出希望日期最早的 ${SHOWN} 条；这一趟安排后，其余的随之列出。</p>`);
    expect(trips.match(/name="appointmentRequestIds"/g)).toHaveLength(SHOWN);
  });

  it('says that more appointments follow than the 200 listed, and links to the rest from the last day listed', async () => {
    const writes = [
      ...Array.from({ length: 150 }, (_, n) => appointment(n, '2031-04-01')),
      ...Array.from({ length: 60 }, (_, n) => appointment(150 + n, '2031-04-02')),
    ].map((body) => ({ body, audienceVans: ['van-1'], ownerDevice: null }));
    await office.storage.writeOfficeDocuments('appointments', writes);

    const from = await api(office, token, 'GET', '/office/appointments?from=2031-04-01');
    expect((from.json['appointments'] as unknown[]).length).toBe(SHOWN);
    expect(from.json['moreAppointments']).toBe(true);
    const html = await page('/office/appointments?from=2031-04-01');
    expect(html).toContain(`已安排的预约不止 ${SHOWN} 条，这里只列出最早的 ${SHOWN} 条（到 2031-04-02）。`);
    expect(html).toContain('<a href="/office/appointments?from=2031-04-02">查看 2031-04-02 起的预约</a>');
    expect(html).toContain('列出尚未安排的预约，以及 2031-04-01 起已安排上门的预约。');

    // From the last day listed: that day whole, nothing more to say.
    const rest = await api(office, token, 'GET', '/office/appointments?from=2031-04-02');
    expect((rest.json['appointments'] as { id: string }[]).map((a) => a.id)).toEqual(Array.from({ length: 60 }, (_, n) => appointment(150 + n, '2031-04-02').id));
    expect(rest.json['moreAppointments']).toBe(false);
    expect(await page('/office/appointments?from=2031-04-02')).not.toContain('id="more-appointments"');
  });
});
