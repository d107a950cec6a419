import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { type OfficeContext } from '#server/context.ts';
import { officeRecords } from '#server/office/records.ts';
import { R } from '#server/office/reconciliation-page-text.ts';
import { saveOutcome, saveReturn, signOff } from '#server/office/reconciliation-service.ts';
import { type Staff } from '#server/office/session.ts';
import { startOfficeWithPages, type Office } from '../harness.ts';
import { freeUnit, Van } from '../scenario.ts';

/**
 * Reconciling a trip as services, on the run's backend (SQLite, then PostgreSQL). A second office server
 * is a second context on the same database: the "not signed off yet" check and its write are one step
 * under the trip's reconciliation lock either way.
 */
let office: Office;
const zhaolei: Staff = { id: 'staff-zhaolei', name: '赵磊', roles: ['finance'], csrf: '' };
const sunli: Staff = { id: 'staff-sunli', name: '孙丽', roles: ['finance'], csrf: '' };
const NOTE = '差错已逐项核实，按规定处理完毕';
const records = () => officeRecords(office.storage.db);
const servers = (): [OfficeContext, OfficeContext] => [office.app.office, { ...office.app.office }];
/** What the signed report says was declared, by method (fen). */
const signedDeclared = async () => {
  const s = await records().signOffOf(DEMO_TRIP_ID);
  const report = JSON.parse(s?.report ?? '{}') as { money: { byMethod: { method: string; declaredFen: number | null }[] } };
  return Object.fromEntries(report.money.byMethod.filter((m) => m.declaredFen !== null && m.declaredFen > 0).map((m) => [m.method, m.declaredFen]));
};

beforeAll(async () => {
  office = await startOfficeWithPages();
  const van = await Van.enroll(office);
  await van.acceptCase(1, await freeUnit(office, 0), { appointmentId: 'appt-001' });
});

afterAll(async () => {
  await office.close();
});

describe('reconciling a trip', () => {
  it('refuses an unknown trip and a sign-off before the return, writing nothing', async () => {
    const [a] = servers();
    expect(await saveReturn(a, zhaolei, 'trip-none', { byMethod: { cash: 100 }, unusedNumbers: [] })).toMatchObject({ ok: false, status: 404 });
    expect(await saveOutcome(a, zhaolei, DEMO_TRIP_ID, 'appt-none', { outcome: 'cancelled', note: '' })).toMatchObject({ ok: false, status: 404 });
    expect(await signOff(a, records(), zhaolei, DEMO_TRIP_ID, NOTE)).toEqual({ ok: false, status: 409, message: R.returnFirst });
    expect(await records().tripReturn(DEMO_TRIP_ID)).toBeUndefined();
    expect(await records().signOffOf(DEMO_TRIP_ID)).toBeUndefined();
  });

  it('signs off once, with the return the signed report was computed from, when two servers sign off and a return changes at once', async () => {
    const [a, b] = servers();
    expect(await saveReturn(a, zhaolei, DEMO_TRIP_ID, { byMethod: { cash: 8000 }, unusedNumbers: [] })).toEqual({ ok: true });
    expect(await saveOutcome(b, sunli, DEMO_TRIP_ID, 'appt-004', { outcome: 'not-home', note: '' })).toEqual({ ok: true });
    // The return is sent first: a sign-off that read the return before it landed must not store its report after it.
    const [changed, first, second] = await Promise.all([
      saveReturn(b, sunli, DEMO_TRIP_ID, { byMethod: { cash: 12_000 }, unusedNumbers: [] }),
      signOff(a, records(), zhaolei, DEMO_TRIP_ID, NOTE),
      signOff(b, records(), sunli, DEMO_TRIP_ID, NOTE),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect([first, second].find((o) => !o.ok)).toEqual({ ok: false, status: 409, message: R.alreadySigned });
    const stored = await records().tripReturn(DEMO_TRIP_ID);
    // Either the changed return landed before the sign-off (which then signed it) or it was refused after it.
    expect(stored?.byMethod).toEqual(changed.ok ? { cash: 12_000 } : { cash: 8000 });
    if (!changed.ok) expect(changed).toEqual({ ok: false, status: 409, message: R.alreadySigned });
    expect(await signedDeclared()).toEqual(stored?.byMethod);
  });

  it('refuses a return, an outcome or another sign-off after the sign-off, with its reason, changing nothing', async () => {
    const [a, b] = servers();
    const signed = await records().signOffOf(DEMO_TRIP_ID);
    const returned = await records().tripReturn(DEMO_TRIP_ID);
    const outcomes = await records().appointmentOutcomes(DEMO_TRIP_ID);
    expect(await saveReturn(a, zhaolei, DEMO_TRIP_ID, { byMethod: { cash: 1 }, unusedNumbers: ['JMS2026-001004'] })).toEqual({ ok: false, status: 409, message: R.alreadySigned });
    expect(await saveOutcome(b, sunli, DEMO_TRIP_ID, 'appt-004', { outcome: 'cancelled', note: '已取消' })).toEqual({ ok: false, status: 409, message: R.alreadySigned });
    expect(await signOff(b, records(), sunli, DEMO_TRIP_ID, NOTE)).toEqual({ ok: false, status: 409, message: R.alreadySigned });
    expect(R.alreadySigned).toBe('该出车任务已经签认，签认后不能修改。');
    expect(await records().signOffOf(DEMO_TRIP_ID)).toEqual(signed);
    expect(await records().tripReturn(DEMO_TRIP_ID)).toEqual(returned);
    expect(await records().appointmentOutcomes(DEMO_TRIP_ID)).toEqual(outcomes);
  });
});
