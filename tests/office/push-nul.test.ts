import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { API_BASE } from '#protocol/version.ts';
import { protocolHeaders } from '../sync/helpers.ts';
import { startOfficeWithPages, type Office } from './harness.ts';
import { Van } from './scenario.ts';

/**
 * PostgreSQL stores no U+0000 in text or jsonb, and SQLite does: a van's document holding one is refused as the one
 * document it is, on either backend, so the van sets it aside and the rest of its outbox goes on (a whole push
 * refused would hold everything behind it on the van for good).
 */
let office: Office;
let van: Van;

beforeAll(async () => {
  office = await startOfficeWithPages();
  van = await Van.enroll(office, 'van-nul');
});
afterAll(async () => office.close());

const when = () => new Date(Date.now() - 30 * 60_000).toISOString();
const caseDoc = (id: string, name: string) => ({
  id, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: van.deviceId, businessKind: 'transfer', unitIds: ['unit-0101'],
  applicants: [{ name, idType: 'resident-id', idNumber: '230803195001011234', side: 'holder' }], createdAt: when(), createdBy: 'staff-zhangwei', _deleted: false,
});

async function outbox(docs: readonly object[]): Promise<{ status: number; results: { id: string; status: string; code?: string; reason?: string }[] }> {
  const res = await fetch(`${office.url}${API_BASE}/sync/outbox`, { method: 'POST', headers: protocolHeaders(van.token), body: JSON.stringify({ rows: docs.map((doc) => ({ collection: 'cases', doc })) }) });
  const body = (await res.json()) as { results?: { id: string; status: string; code?: string; reason?: string }[] };
  return { status: res.status, results: body.results ?? [] };
}
const storedCases = async () => (await office.storage.listDocuments('cases')).map((d) => d.id).filter((id) => id.startsWith('case-nul-'));

describe('a van document holding a NUL character', () => {
  it('is refused in the outbox as that one document, with the reason, after the documents before it are stored', async () => {
    const answer = await outbox([caseDoc('case-nul-1', '王秀英'), caseDoc('case-nul-2', '王\u0000秀英')]);
    expect(answer.status).toBe(200);
    expect(answer.results).toEqual([
      { collection: 'cases', id: 'case-nul-1', status: 'stored' },
      { collection: 'cases', id: 'case-nul-2', status: 'refused', code: 'invalid-document', reason: '记录含有空字符（NUL），办公室不予保存' },
    ]);
    // The rest of the outbox goes on.
    expect((await outbox([caseDoc('case-nul-3', '李桂兰')])).results.map((r) => r.status)).toEqual(['stored']);
    expect((await storedCases()).sort()).toEqual(['case-nul-1', 'case-nul-3']);
    const incident = (await office.storage.listIncidents(50)).find((i) => i.docId === 'case-nul-2');
    expect(incident).toMatchObject({ deviceId: van.deviceId, collection: 'cases', code: 'invalid-document' });
  });

  it('is refused with its id in the incident log kept readable, when the id itself holds the NUL', async () => {
    const answer = await outbox([caseDoc('case-nul-\u00004', '王秀英')]);
    expect(answer.results).toEqual([{ collection: 'cases', id: 'case-nul-\u00004', status: 'refused', code: 'invalid-document', reason: '记录含有空字符（NUL），办公室不予保存' }]);
    expect((await office.storage.listIncidents(50)).some((i) => i.docId === 'case-nul-\uFFFD4')).toBe(true);
    expect(await storedCases()).not.toContain('case-nul-\u00004');
  });

  it('is refused row by row in an older van’s per-collection push, the batch answered with the reason, not a failure', async () => {
    const res = await fetch(`${office.url}${API_BASE}/sync/cases/push`, {
      method: 'POST', headers: protocolHeaders(van.token), body: JSON.stringify([{ newDocumentState: caseDoc('case-nul-5', '王\u0000秀英') }]),
    });
    expect(res.status).toBeLessThan(500);
    expect(await res.json()).toMatchObject({ code: 'rejected', rejected: [{ id: 'case-nul-5', code: 'invalid-document', reason: '记录含有空字符（NUL），办公室不予保存' }] });
    expect(await storedCases()).not.toContain('case-nul-5');
  });

  it('still gets 400 from the office’s other routes, before anything is looked up', async () => {
    const res = await fetch(`${office.url}${API_BASE}/devices/me/receipt-grants`, { method: 'POST', headers: protocolHeaders(van.token), body: JSON.stringify({ tripId: 'trip\u0000' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'malformed' });
  });
});
