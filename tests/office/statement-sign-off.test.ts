import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { officeRecords } from '#server/office/records.ts';
import { signOff } from '#server/office/reconciliation-service.ts';
import { importStatement } from '#server/office/statement-service.ts';
import { statementStore, type StatementStore } from '#server/office/statement-store.ts';
import { api, type Office } from './harness.ts';
import { qrTrip, wechatBill } from './statement-bills.ts';

/**
 * A channel's statement and the trip's sign-off: a statement that lands while the sign-off computes its report is in
 * the report signed (the sign-off sees its records changed and computes again), and none lands after the sign-off.
 */
let office: Office;
let finance: string;
const path = `/office/trips/${DEMO_TRIP_ID}`;
const REF = '4200001234202612081234567891';
const ZHAOLEI = { id: 'staff-zhaolei', name: '赵磊', roles: ['finance'], csrf: '' };

const importBill = (yuan: string) =>
  api(office, finance, 'POST', `${path}/statements`, { channel: 'wechat', fileName: 'bill.csv', contentBase64: Buffer.from(wechatBill(REF, yuan)).toString('base64') });

beforeAll(async () => {
  ({ office, finance } = await qrTrip(REF));
});
afterAll(async () => {
  await office.close();
});

describe('a trip\'s QR statements and its sign-off', () => {
  it('signs the report with the statement that was imported while the report was being computed', async () => {
    const stored = statementStore(office.storage.db);
    let first = true;
    // The finance clerk's colleague imports the statement just after the sign-off read the statements (none yet).
    const racing: StatementStore = {
      ...stored,
      ofTrip: async (tripId) => {
        const before = await stored.ofTrip(tripId);
        if (first) {
          first = false;
          expect((await importBill('80.00')).status).toBe(201);
        }
        return before;
      },
    };
    const signed = await signOff(office.app.office, officeRecords(office.storage.db), ZHAOLEI, DEMO_TRIP_ID, '现金已清点，扫码收款以对账单为准。', racing);
    expect(signed.ok).toBe(true);
    const report = JSON.parse((await officeRecords(office.storage.db).signOffOf(DEMO_TRIP_ID))?.report ?? '{}') as { discrepancies: { code: string }[] };
    expect(report.discrepancies.map((d) => d.code)).not.toContain('qr-payment-unconfirmed');
  });

  it('keeps no statement once the trip is signed off, however the import is reached', async () => {
    const before = await statementStore(office.storage.db).hashes(DEMO_TRIP_ID);
    const out = await importStatement(office.app.office, statementStore(office.storage.db), 'staff-zhaolei', DEMO_TRIP_ID, { channel: 'wechat', fileName: 'late.csv', bytes: new TextEncoder().encode(wechatBill(REF, '50.00')) });
    expect(out).toEqual({ ok: false, status: 409, message: '该出车任务已经签认，签认后不能再导入对账单。' });
    expect(await statementStore(office.storage.db).hashes(DEMO_TRIP_ID)).toEqual(before);
  });
});
