import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { PUB } from '#server/office/public-text.ts';
import { officeRecords } from '#server/office/records.ts';
import { lookUpStatus } from '#server/office/status-service.ts';
import { api, loginAs, pushAs, startOfficeWithPages, type Office } from '../harness.ts';
import { freeUnit, Van, type VanCase } from '../scenario.ts';

/**
 * The public status lookup as a service, called directly on the run's backend (SQLite, then PostgreSQL):
 * what it answers for a known case, a wrong code, an unknown number, a reviewed case and an intake whose
 * notice never followed.
 */
let office: Office;
let van: Van;
let waiting: VanCase;
let reviewed: VanCase;
const unnoticed = { caseNumber: 'JMS-2026-00009-NOTE', queryCode: 'Q100009' };

const lookUp = (caseNo: string, code: string) => lookUpStatus(office.app.office, officeRecords(office.storage.db), { caseNo, code });

beforeAll(async () => {
  office = await startOfficeWithPages();
  van = await Van.enroll(office);
  waiting = await van.acceptCase(1, await freeUnit(office, 0));
  reviewed = await van.acceptCase(2, await freeUnit(office, 1));
  const pass = await api(office, await loginAs(office, 'wangfang'), 'POST', `/office/cases/${reviewed.caseId}/actions`, { action: 'pass', reason: '材料齐全，符合登记条件', outOfOrderReason: '申请人急需办理，已核对材料齐全' });
  expect(pass.status, JSON.stringify(pass.json)).toBe(201);

  // An intake written before its notice (awaitsNotice) whose 受理通知书 was never handed over.
  const unit = await freeUnit(office, 2);
  const caseId = `${van.deviceId}-case-9`;
  const at = new Date(Date.now() - 60_000).toISOString();
  const applicant = { name: '申请人9', idType: 'resident-id' as const, idNumber: '230803195001011234', side: 'holder' as const };
  const intake: AcceptedPayload = {
    ...unnoticed, businessKind: 'transfer', use: 'residential', applicants: [applicant], awaitsNotice: true,
    units: [{ unitNumber: unit.unitNumber, address: unit.address, snapshotAt: unit.snapshotAt }], materials: [], certificates: 1,
  };
  await pushAs(office, van.token, 'cases', [{ id: caseId, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: van.deviceId, businessKind: 'transfer', unitIds: [unit.id], applicants: [applicant], createdAt: at, createdBy: 'staff-zhangwei', _deleted: false }]);
  await pushAs(office, van.token, 'caseEvents', [{ ...van.event(caseId, at, { kind: 'accepted', payload: intake }), _deleted: false }]);
});

afterAll(async () => {
  await office.close();
});

describe('lookUpStatus', () => {
  it('answers the stage and the promised date of a waiting case, for its code in either case', async () => {
    const r = await lookUp(waiting.caseNumber, waiting.queryCode);
    expect(r).toMatchObject({ ok: true, status: { caseNo: waiting.caseNumber, stage: 'accepted', stageLabel: '已受理，待初审', isClosed: false } });
    expect(r.ok && r.status.expectedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await lookUp(waiting.caseNumber, waiting.queryCode.toLowerCase())).toEqual(r);
  });

  it('follows the review: a case passed at 初审 waits for 复审', async () => {
    expect(await lookUp(reviewed.caseNumber, reviewed.queryCode)).toMatchObject({ ok: true, status: { stage: 'review-1', stageLabel: '初审通过，待复审', isClosed: false } });
  });

  it('gives one and the same refusal for a wrong code, an unknown number and another case’s code', async () => {
    const refusal = { ok: false, code: 'not-found', message: PUB.status.notFound };
    expect(await lookUp(waiting.caseNumber, 'Q999999')).toEqual(refusal);
    expect(await lookUp('JMS-2026-99999', waiting.queryCode)).toEqual(refusal);
    expect(await lookUp(waiting.caseNumber, reviewed.queryCode)).toEqual(refusal);
  });

  it('knows no case whose 受理通知书 was never handed over', async () => {
    expect(await lookUp(unnoticed.caseNumber, unnoticed.queryCode)).toMatchObject({ ok: false, code: 'not-found' });
  });
});
