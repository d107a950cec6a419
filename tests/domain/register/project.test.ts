import { describe, expect, it } from 'vitest';
import { type AcceptedPayload } from '#domain/case/events.ts';
import { verifyUnitChain } from '#domain/register/chain.ts';
import { entriesFromRegistration } from '#domain/register/from-case.ts';
import { addDays } from '#domain/calendar/china-time.ts';
import { periodEnd } from '#domain/register/periods.ts';
import { projectRegister } from '#domain/register/project.ts';
import { describeEntry } from '#domain/register/register-text.ts';
import { unitFlags, unitSummary } from '#domain/register/unit-summary.ts';
import { NATURAL, RegisterBuilder, UNIT, ZHANG, courtDoc } from './register-fixture.ts';

describe('civil-law periods (民法典 第二百零一条、第二百零二条)', () => {
  it.each([
    ['2024-03-01', 36, '2027-03-01'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-05-15', 0, '2026-05-15'],
  ])('%s plus %i months ends on %s', (start, months, end) => {
    expect(periodEnd(start, months)).toBe(end);
  });

  it('adds days across a year end', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

const mortgage = (id: string, mortgagee: string) =>
  ({ kind: 'mortgage-registered', mortgageId: id, mortgagee, debtor: '张建国', amountFen: 30_000_000, maximum: false, termFrom: '2026-01-01', termTo: '2036-01-01', certificateNumber: `黑(2026)佳木斯市不动产证明第000000${id}号` }) as const;

describe('the register of one unit, projected from its entries', () => {
  it('shows natural status, holders, mortgages in rank order and the whole history', () => {
    const b = new RegisterBuilder().established()
      .add(mortgage('1', '中国工商银行佳木斯分行'), '2026-01-05T10:00:00+08:00')
      .add(mortgage('2', '佳木斯农村商业银行'), '2026-02-05T10:00:00+08:00')
      .add({ kind: 'mortgage-cancelled', mortgageId: '1', reason: '主债权消灭' }, '2026-03-05T10:00:00+08:00');
    const v = projectRegister(UNIT, b.entries, '2026-04-01');
    expect(v.natural).toEqual(NATURAL);
    expect(v.ownership?.holders).toEqual([ZHANG]);
    expect(v.mortgages.map((m) => [m.mortgagee, m.rank])).toEqual([['佳木斯农村商业银行', 1]]);
    expect(v.status).toBe('mortgaged');
    expect(v.history).toHaveLength(5);
    expect(describeEntry(v.history[2]!)).toBe('抵押权人 中国工商银行佳木斯分行，被担保主债权数额 ￥300000.00，债务履行期限 2026-01-01 至 2036-01-01；证明号 黑(2026)佳木斯市不动产证明第0000001号');
  });

  it('colours a unit by its weightiest status: seized over mortgaged over filed over registered over vacant', () => {
    const b = new RegisterBuilder().add({ kind: 'unit-established', natural: NATURAL }, '2016-05-01T09:00:00+08:00');
    expect(projectRegister(UNIT, b.entries, '2026-01-01').status).toBe('vacant');
    b.add({ kind: 'contract-filed', filingId: 'f1', contractNumber: 'JMS-YS-2026-0001', buyers: ['李秀英'], filedOn: '2026-01-02' }, '2026-01-02T09:00:00+08:00');
    expect(projectRegister(UNIT, b.entries, '2026-01-03').status).toBe('filed');
    b.add({ kind: 'ownership-registered', cause: 'first', holders: [ZHANG], certificateNumber: null }, '2026-02-01T09:00:00+08:00');
    b.add({ kind: 'contract-filing-cancelled', filingId: 'f1', reason: '已办理转移登记' }, '2026-02-01T09:00:00+08:00');
    expect(projectRegister(UNIT, b.entries, '2026-02-02').status).toBe('registered');
    b.add(mortgage('1', '建设银行'), '2026-02-03T09:00:00+08:00');
    b.add({ kind: 'seizure-recorded', seizureId: 's1', document: courtDoc('佳木斯市前进区人民法院', '2026-03-01T09:00:00+08:00'), respondent: '张建国', from: '2026-03-01', to: '2026-06-01', termMonths: null }, '2026-03-01T09:00:00+08:00');
    expect(projectRegister(UNIT, b.entries, '2026-03-02').status).toBe('seized');
    // Three months on, the seizure has lapsed: the mortgage shows again.
    expect(projectRegister(UNIT, b.entries, '2026-06-02').status).toBe('mortgaged');
  });

  it('keeps a hash chain per unit that shows an altered or missing entry', () => {
    const b = new RegisterBuilder().established().add(mortgage('1', '建设银行'), '2026-02-03T09:00:00+08:00');
    expect(verifyUnitChain(UNIT, b.entries).ok).toBe(true);
    const altered = b.entries.map((e) => (e.kind === 'mortgage-registered' ? { ...e, amountFen: 1 } : e));
    expect(verifyUnitChain(UNIT, altered)).toEqual({ ok: false, error: { kind: 'tampered', atSeq: 3 } });
    expect(verifyUnitChain(UNIT, b.entries.filter((e) => e.seq !== 2))).toEqual({ ok: false, error: { kind: 'gap', atSeq: 2 } });
  });

  it('gives the van a summary without ID numbers, and the flags its unit check reads', () => {
    const b = new RegisterBuilder().established().add(mortgage('1', '建设银行'), '2026-02-03T09:00:00+08:00')
      .add({ kind: 'seizure-recorded', seizureId: 's1', document: courtDoc('佳木斯市前进区人民法院', '2026-03-01T09:00:00+08:00'), respondent: '张建国', from: '2026-03-01', to: '2027-03-01', termMonths: null }, '2026-03-01T09:00:00+08:00');
    const v = projectRegister(UNIT, b.entries, '2026-03-02');
    const s = unitSummary(v);
    expect(s).toMatchObject({ status: 'seized', holders: [{ name: '张建国', holding: '单独所有' }], courtActAt: '2026-03-01T09:00:00+08:00' });
    expect(s.seizures).toEqual([{ court: '佳木斯市前进区人民法院', noticeNumber: '(2026)黑08执协1号', standing: 'effective', rank: 1, to: '2027-03-01' }]);
    expect(JSON.stringify(s)).not.toContain(ZHANG.idNumber);
    expect(unitFlags(v, false)).toEqual({ seized: true, mortgaged: true, advanceNotice: false, inProgress: false });
  });
});

const intake = (kind: AcceptedPayload['businessKind']): AcceptedPayload => ({
  caseNumber: 'JMS-20261130-0001', queryCode: 'AB12CD', businessKind: kind, use: 'residential', certificates: 1, materials: [],
  units: [{ unitNumber: UNIT, address: NATURAL.address, snapshotAt: '2026-11-30T08:00:00+08:00' }],
  applicants: [
    { name: '李秀英', idType: 'resident-id', idNumber: '230804196805120026', side: 'holder' },
    { name: '张建国', idType: 'resident-id', idNumber: ZHANG.idNumber, side: 'obligor' },
  ],
});

describe('register entries from a case’s 登簿 (条例 第二十一条)', () => {
  const current = () => projectRegister(UNIT, new RegisterBuilder().established().add(mortgage('1', '建设银行'), '2026-02-03T09:00:00+08:00').entries, '2026-11-30');

  it('records a transfer to the holder side of the application', () => {
    expect(entriesFromRegistration(intake('transfer'), current(), 'e1')).toEqual([
      { kind: 'ownership-registered', cause: 'transfer', holders: [{ name: '李秀英', idType: 'resident-id', idNumber: '230804196805120026', holding: { kind: 'sole' } }], certificateNumber: null },
    ]);
  });

  it('cancels the applying mortgagee’s mortgage, and notes what it does not model', () => {
    const cancel = { ...intake('mortgage-cancel'), applicants: [{ name: '建设银行', idType: 'business-license' as const, idNumber: '91230800MA1234567X', side: 'holder' as const }] };
    expect(entriesFromRegistration(cancel, current(), 'e2')).toEqual([{ kind: 'mortgage-cancelled', mortgageId: '1', reason: '抵押权注销登记' }]);
    expect(entriesFromRegistration(intake('mortgage-change'), current(), 'e3')).toEqual([{ kind: 'case-registered', businessKind: 'mortgage-change', note: '抵押权变更登记（详见案件材料）' }]);
  });
});

describe('预告登记 and 异议登记 in the register (民法典 第二百二十一条、第二百二十条)', () => {
  it('puts a 登簿 of each on the unit, into its history and the van’s summary and flags', () => {
    const b = new RegisterBuilder().established();
    const at = '2026-11-30T10:00:00+08:00';
    for (const [kind, key] of [['advance-notice', 'e4'], ['objection', 'e5']] as const) {
      for (const body of entriesFromRegistration(intake(kind), projectRegister(UNIT, b.entries, '2026-11-30'), key)) b.add(body, at);
    }
    const v = projectRegister(UNIT, b.entries, '2026-11-30');
    expect(v.advanceNotices).toMatchObject([{ noticeId: 'e4:a', holders: [{ name: '李秀英' }] }]);
    expect(v.objections).toMatchObject([{ objectionId: 'e5:o', applicant: '李秀英' }]);
    expect(v.history.slice(-2).map((e) => describeEntry(e))).toEqual([expect.stringContaining('预告登记'), expect.stringContaining('异议登记')]);
    expect(unitSummary(v)).toMatchObject({ advanceNotice: true, objection: true });
    expect(unitFlags(v, false)).toMatchObject({ advanceNotice: true });
  });
});
