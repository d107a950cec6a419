import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealEvent } from '#domain/case/hash-chain.ts';
import { api, loginAs, pushAs, type Office } from '../office/harness.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { getPage, pageLogin } from '../security/attacker-kit.ts';
import { startArchiveOffice } from './harness.ts';

/**
 * The archive's 在办 (a case holding its unit) follows the events that count, as the review queues and the
 * reconciliation do: a 撤回 sent after its device's hash chain broke is held as evidence and ends nothing
 * until an approver accepts it on the case page.
 */
let office: Office;
let approver: string;
let cookie: string;
let van: Van;
let kept: VanCase;
let unit: string;

/** The case numbers the unit's register page lists under 在办案件. */
async function openCases(unitNumber: string): Promise<string[]> {
  const page = await getPage(office.url, `/office/archive/units/${encodeURIComponent(unitNumber)}`, cookie);
  expect(page.status).toBe(200);
  const table = /<table id="open-cases">([\s\S]*?)<\/table>/.exec(page.html)?.[1] ?? '';
  return [...table.matchAll(/<a href="\/office\/cases\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1] ?? '');
}

beforeAll(async () => {
  office = await startArchiveOffice();
  approver = await loginAs(office, 'chenjing');
  cookie = (await pageLogin(office.url, 'chenjing')).cookie ?? '';
  van = await Van.enroll(office);
  const free = await freeUnit(office, 0);
  unit = free.unitNumber;
  kept = await van.acceptCase(1, free);
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('在办 on the archive follows the counted events', () => {
  it('a 撤回 held for a broken chain leaves the case 在办; accepted by an approver, it ends it', async () => {
    expect(await openCases(unit)).toEqual([kept.caseNumber]);

    // The van's next event, linked to a head the office never saw: its own hash is right, its link is not.
    const next = van.event(kept.caseId, new Date(Date.now() - 60_000).toISOString(), { kind: 'withdrawn', payload: { reason: '申请人撤回申请' } });
    const { hash: _hash, ...fields } = next;
    const forged = sealEvent({ ...fields, prevHash: 'f'.repeat(64) });
    await pushAs(office, van.token, 'caseEvents', [{ ...forged, _deleted: false }]);
    expect((await office.storage.chainStatus(van.deviceId)).state).toBe('broken');

    expect(await openCases(unit)).toEqual([kept.caseNumber]);

    const decided = await api(office, approver, 'POST', `/office/cases/${kept.caseId}/held`, { eventId: forged.id, decision: 'accepted', note: '已电话与申请人核实，确已撤回' });
    expect(decided.status).toBe(201);
    expect(await openCases(unit)).toEqual([]);
  });
});
