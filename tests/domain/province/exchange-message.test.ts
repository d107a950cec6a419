import { describe, expect, it } from 'vitest';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { entriesFromRegistration } from '#domain/register/from-case.ts';
import { projectRegister } from '#domain/register/project.ts';
import { bizMsgId, buildExchangeMessage, type RegistrationFacts } from '#domain/province/exchange-message.ts';
import { afterFailure, retryDelayMs } from '#domain/province/send-schedule.ts';
import { RegisterBuilder, UNIT } from '../register/register-fixture.ts';

const OFFICE = { regOrgId: '230800', regOrgName: '佳木斯市不动产登记中心' };
const LI = { name: '李秀梅', idType: 'resident-id' as const, idNumber: '230803198509211620', side: 'holder' as const };
const intake = (over: Partial<AcceptedPayload> = {}): AcceptedPayload => ({
  caseNumber: 'JMS2026-000123', queryCode: 'Q1', businessKind: 'transfer', use: 'residential', applicants: [LI],
  units: [{ unitNumber: UNIT, address: '佳木斯市向阳区西林路1号1栋101室', snapshotAt: '2026-06-01T00:00:00Z' }], materials: [], certificates: 1, ...over,
});

/** The unit's chain with the 登簿 of `accepted` made at `at` (China time 2026-06-05 10:30), as the office writes it. */
function registered(accepted: AcceptedPayload, at = '2026-06-05T02:30:00.000Z', eventId = 'ev-1'): RegistrationFacts {
  const b = new RegisterBuilder().established();
  const bodies = entriesFromRegistration(accepted, projectRegister(UNIT, b.entries, '2026-06-05'), `${eventId}:${UNIT}`);
  for (const body of bodies) b.add(body, at, { kind: 'case', caseId: 'case-1', caseNumber: accepted.caseNumber, eventId }, 'staff-chenjing');
  return { event: { id: eventId, at }, caseNumber: accepted.caseNumber, intake: accepted, unitNumber: UNIT, entries: b.entries, registrar: '陈静' };
}

describe('the 接入 message of a 登簿', () => {
  it('heads a transfer with the national codes, the serial of the day and the certificate it replaces', () => {
    const m = buildExchangeMessage(registered(intake()), OFFICE, 17);
    expect(m.Head).toEqual({
      BizMsgID: '230803260605000017', ASID: 'AS100', AreaCode: '230803', RecType: '2000402', RightType: '4', RegType: '200',
      CreateDate: '2026-06-05T10:30:00+08:00', RecFlowID: 'JMS2026-000123', RegOrgID: '230800', ParcelID: '230803003012GB00100',
      EstateNum: UNIT, PreEstateNum: UNIT, PreCertID: '黑(2016)佳木斯市不动产权第0000001号', CertCount: 1, ProofCount: 0,
    });
    expect(m.Data.QLR).toEqual([{ BDCDYH: UNIT, QLRMC: '李秀梅', ZJZL: '1', ZJH: '230803198509211620', GYFS: '0', QLBL: '', QLRLX: '1' }]);
    expect(m.Data.KTT_FW_H).toMatchObject({ ZL: '佳木斯市向阳区西林路1号1栋101室', JZMJ: 86.5, GHYT: '10', FWJG: '4', SZC: 1, ZCS: 6, JGSJ: '1998', QXDM: '230803' });
    expect(m.Data.right).toMatchObject({ table: 'QLF_QL_FDCQ', QLLX: '4', DJLX: '200', DBR: '陈静', QSZT: '1', YWH: 'JMS2026-000123', BDCQZH: '' });
  });

  it('numbers the business of a case of several units with -n, and a mortgage with a 证明 instead of a certificate', () => {
    const second = { unitNumber: '230803003012GB00100F00010102', address: '102室', snapshotAt: '2026-06-01T00:00:00Z' };
    const bank = { name: '中国工商银行佳木斯分行', idType: 'business-license' as const, idNumber: '91230800MA1B2C3D4E', side: 'holder' as const };
    const m = buildExchangeMessage(registered(intake({ businessKind: 'mortgage-first', applicants: [bank], units: [intake().units[0]!, second] })), OFFICE, 1);
    expect(m.Head).toMatchObject({ RecType: '9000101', RightType: '23', RegType: '100', RecFlowID: 'JMS2026-000123-1', CertCount: 0, ProofCount: 1 });
    expect(m.Data.right).toMatchObject({ table: 'QLF_QL_DYAQ', DYQR: '中国工商银行佳木斯分行', DYR: '张建国', DYFS: '1', QSZT: '1' });
    expect(m.Data.QLR).toEqual([]);
  });

  it('ends the ownership of a 注销 as history, naming the cancelled certificate', () => {
    const m = buildExchangeMessage(registered(intake({ businessKind: 'cancel' })), OFFICE, 2);
    expect(m.Head).toMatchObject({ RecType: '4000101', RegType: '400', CertCount: 0, PreCertID: '黑(2016)佳木斯市不动产权第0000001号' });
    expect(m.Data.right).toMatchObject({ table: 'QLF_QL_FDCQ', QSZT: '2', BDCQZH: '黑(2016)佳木斯市不动产权第0000001号' });
  });

  it('is the same message whenever it is built: entries after the 登簿 do not change it', () => {
    const facts = registered(intake());
    const later = registered(intake({ caseNumber: 'JMS2026-000200', applicants: [{ ...LI, name: '王明', idNumber: '230803199001011235' }] }), '2026-07-01T02:00:00.000Z', 'ev-2');
    // The second 登簿 appended on top of the first one's chain.
    const chain = [...facts.entries, ...later.entries.slice(2).map((e, i) => ({ ...e, seq: facts.entries.length + 1 + i }))];
    expect(buildExchangeMessage({ ...facts, entries: chain }, OFFICE, 5)).toEqual(buildExchangeMessage(facts, OFFICE, 5));
  });

  it('leaves a 首次登记 without holders without 权利人 or right table (the schema refuses it)', () => {
    const m = buildExchangeMessage(registered(intake({ businessKind: 'first', applicants: [] })), OFFICE, 3);
    expect(m.Head.RecType).toBe('1000402');
    expect(m.Data.QLR).toEqual([]);
    expect(m.Data.right).toBeNull();
  });

  it('writes the 业务报文ID from the area, the China date and the serial, wrapping at a million', () => {
    expect(bizMsgId('230804', '2026-12-31', 1)).toBe('230804261231000001');
    expect(bizMsgId('230804', '2027-01-01', 1_000_001)).toBe('230804270101000001');
  });
});

describe('the back-off of failed deliveries', () => {
  const s = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 5 };
  it('doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4, 8, 20].map((n) => retryDelayMs(n, s))).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });
  it('gives up after the last attempt', () => {
    expect(afterFailure(4, 1_000, s)).toEqual({ next: 'retry', retryAt: 241_000 });
    expect(afterFailure(5, 1_000, s)).toEqual({ next: 'give-up' });
  });
});
