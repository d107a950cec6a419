import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { API_BASE, PROTOCOL_HEADER } from '#protocol/version.ts';
import { protocolHeaders } from '../sync/helpers.ts';
import { startOfficeWithPages, type Office } from './harness.ts';
import { Van } from './scenario.ts';

/**
 * The office keeps a van's per-case order (protocol 21): it answers every outbox row, and while it has refused a
 * case header or event of the device and not stored it since, it refuses that case's later documents as held back.
 * A case header with a NUL in a name stands for any refused document: it is refused as invalid, and the same id
 * sent again without it is stored.
 */
let office: Office;
let van: Van;

beforeAll(async () => {
  office = await startOfficeWithPages();
  van = await Van.enroll(office, 'van-case-order');
});
afterAll(async () => office.close());

type Answer = { collection: string; id: string; status: string; code?: string; reason?: string };
const when = () => new Date(Date.now() - 30 * 60_000).toISOString();
const header = (id: string, name = '王秀英') => ({
  collection: 'cases', doc: {
    id, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: van.deviceId, businessKind: 'transfer', unitIds: ['unit-0101'],
    applicants: [{ name, idType: 'resident-id', idNumber: '230803195001011234', side: 'holder' }], createdAt: when(), createdBy: 'staff-zhangwei', _deleted: false,
  },
});
const event = (caseId: string) => {
  const e = van.event(caseId, when(), { kind: 'materials-received', payload: { materials: [], complete: false } });
  return { collection: 'caseEvents', doc: { ...e, _deleted: false } };
};

async function outbox(rows: readonly { collection: string; doc: { id: string } }[], protocol?: number): Promise<Answer[]> {
  const headers = { ...protocolHeaders(van.token), ...(protocol === undefined ? {} : { [PROTOCOL_HEADER]: String(protocol) }) };
  const res = await fetch(`${office.url}${API_BASE}/sync/outbox`, { method: 'POST', headers, body: JSON.stringify({ rows }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Answer[] }).results;
}
const brief = (answers: readonly Answer[]) => answers.map((a) => `${a.id} ${a.status}${a.code ? ` ${a.code}` : ''}`);
const stored = async (collection: 'cases' | 'caseEvents', ids: readonly string[]) => (await office.storage.listDocuments(collection)).map((d) => d.id).filter((id) => ids.includes(id)).sort();

describe('the office keeps each case’s order (protocol 21)', () => {
  // Sealed in this order into the device's chain, once the van is enrolled.
  let a1: ReturnType<typeof event>, b1: typeof a1, a2: typeof a1, a3: typeof a1;
  beforeAll(() => {
    [a1, b1, a2, a3] = [event('case-co-A'), event('case-co-B'), event('case-co-A'), event('case-co-A')];
  });

  it('answers every row, holding back the later documents of a refused case while the other case is stored', async () => {
    const answers = await outbox([header('case-co-A', '王\u0000秀英'), header('case-co-B'), a1, b1, a2]);
    expect(brief(answers)).toEqual([
      'case-co-A refused invalid-document', 'case-co-B stored', `${a1.doc.id} refused held-back`, `${b1.doc.id} stored`, `${a2.doc.id} refused held-back`,
    ]);
    expect(answers[2]?.reason).toBe('同一案件中更早的记录被退回：等待案件 case-co-A 被办公室接收后再上传');
    expect(await stored('caseEvents', [a1.doc.id, a2.doc.id, b1.doc.id])).toEqual([b1.doc.id]);
    expect(await office.storage.openRefusals(van.deviceId)).toEqual([expect.objectContaining({ collection: 'cases', docId: 'case-co-A', caseId: 'case-co-A', seq: null })]);
  });

  it('holds the case back in a later request too, and takes it all once the refused header is stored, the header first', async () => {
    expect(brief(await outbox([a3]))).toEqual([`${a3.doc.id} refused held-back`]);
    const answers = await outbox([header('case-co-A'), a1, a2, a3]);
    expect(brief(answers)).toEqual(['case-co-A stored', `${a1.doc.id} stored`, `${a2.doc.id} stored`, `${a3.doc.id} stored`]);
    expect(await office.storage.openRefusals(van.deviceId)).toEqual([]);
    // Sent again (a lost answer): duplicates, nothing held.
    expect(brief(await outbox([a2, a3]))).toEqual([`${a2.doc.id} duplicate`, `${a3.doc.id} duplicate`]);
  });

  it('holds nothing back behind a refused event’s earlier events, and a held document is never stored, even as a duplicate', async () => {
    const c1 = event('case-co-C');
    const c2 = event('case-co-C');
    const answers = await outbox([header('case-co-C'), c1, { ...c2, doc: { ...c2.doc, hash: '0'.repeat(64) } }, event('case-co-C')]);
    expect(brief(answers).map((a) => a.replace(/^\S+-e\d+ /, 'event '))).toEqual(['case-co-C stored', 'event stored', 'event refused event-hash-mismatch', 'event refused held-back']);
    expect(answers[3]?.reason).toContain(`第 ${c2.doc.seq} 号事件（${c2.doc.id}）`);
    expect(await office.storage.openRefusals(van.deviceId)).toEqual([expect.objectContaining({ collection: 'caseEvents', docId: c2.doc.id, seq: c2.doc.seq })]);
  });

  it('answers a van of protocol 20 up to its first refusal and holds nothing back for it', async () => {
    const answers = await outbox([header('case-co-D', '李\u0000桂兰'), header('case-co-E')], 20);
    expect(brief(answers)).toEqual(['case-co-D refused invalid-document']);
    expect(brief(await outbox([header('case-co-E')], 20))).toEqual(['case-co-E stored']);
  });
});
