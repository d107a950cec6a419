import { describe, expect, it } from 'vitest';
import { holdingsOf, normalIdNumber } from '#domain/query/holdings.ts';
import { type Identity, type QueryRequest, type Requester, decideQuery } from '#domain/query/requests.ts';
import { maskIdNumber, queryResult } from '#domain/query/result.ts';
import { projectRegister } from '#domain/register/project.ts';
import { NATURAL, RegisterBuilder, UNIT, ZHANG, courtDoc } from '../register/register-fixture.ts';

const LI: Identity = { name: '李秀英', idType: 'resident-id', idNumber: '230804196805120026', fromCard: true };
const OWNER: Identity = { name: ZHANG.name, idType: 'resident-id', idNumber: ZHANG.idNumber, fromCard: true };
const byUnit = { by: 'unit-number' as const, value: UNIT };

const ask = (requester: Requester, over: Partial<QueryRequest> = {}): QueryRequest => ({ requester, purpose: '购房前了解房屋状况', index: byUnit, wantsOriginals: true, promised: true, ...over });

const register = () => projectRegister(UNIT, new RegisterBuilder().established()
  .add({ kind: 'mortgage-registered', mortgageId: 'm1', mortgagee: '中国建设银行佳木斯分行', debtor: '张建国', amountFen: 20_000_000, maximum: false, termFrom: '2025-01-01', termTo: '2035-01-01', certificateNumber: null }, '2025-01-01T09:00:00+08:00')
  .add({ kind: 'seizure-recorded', seizureId: 's1', document: courtDoc('佳木斯市向阳区人民法院', '2026-03-02T10:00:00+08:00'), respondent: '张建国', from: '2026-03-02', to: '2029-03-01', termMonths: null }, '2026-03-02T10:00:00+08:00')
  .entries, '2026-06-01');

describe('who may query what (不动产登记资料查询暂行办法)', () => {
  it('shows a holder their own register in full, with history and the original pages (第十四条)', () => {
    const p = decideQuery(ask({ kind: 'holder', person: OWNER, standIn: null }), { requesterHoldsUnit: true });
    expect(p).toEqual({ ok: true, value: { results: 'register', identities: 'full', history: true, originals: true, lawyerChecks: false, basis: '办法第十四条' } });
  });

  it('refuses someone who claims to hold a unit the register gives to another', () => {
    expect(decideQuery(ask({ kind: 'holder', person: LI, standIn: null }), { requesterHoldsUnit: false })).toEqual({ ok: false, error: 'not-holder' });
  });

  it('lets a holder search by their own ID number only (第十五条)', () => {
    expect(decideQuery(ask({ kind: 'holder', person: OWNER, standIn: null }, { index: { by: 'person', value: OWNER.idNumber } }), { requesterHoldsUnit: false }).ok).toBe(true);
    expect(decideQuery(ask({ kind: 'holder', person: OWNER, standIn: null }, { index: { by: 'person', value: LI.idNumber } }), { requesterHoldsUnit: false })).toEqual({ ok: false, error: 'index-not-allowed' });
  });

  it('gives a 利害关系人 with a contract the 登记结果 only: ID numbers masked, no history, no original pages (第十九条、第二十条)', () => {
    const p = decideQuery(ask({ kind: 'interested', person: LI, proof: { kind: 'contract', number: '房屋买卖合同 2026-0315' } }), { requesterHoldsUnit: false });
    expect(p.ok && p.value).toMatchObject({ results: 'register', identities: 'masked', history: false, originals: false });
    if (!p.ok) return;
    const r = queryResult(register(), p.value);
    expect(r.scope).toBe('register');
    if (r.scope !== 'register') return;
    expect(r.holders).toEqual([{ name: '张建国', idNumber: '230803********1233', holding: '单独所有' }]);
    expect(r.history).toBeNull();
    expect(r.originals).toBe(false);
    expect(r.mortgages).toEqual([{ rank: 1, mortgagee: '中国建设银行佳木斯分行', amountFen: 20_000_000, termFrom: '2025-01-01', termTo: '2035-01-01' }]);
    expect(JSON.stringify(r)).not.toContain(ZHANG.idNumber);
  });

  it('refuses a 利害关系人 without proof, without the promise, or searching by a person (第二十条、第二十四条、第二十五条)', () => {
    const interested: Requester = { kind: 'interested', person: LI, proof: { kind: 'contract', number: ' ' } };
    expect(decideQuery(ask(interested), { requesterHoldsUnit: false })).toEqual({ ok: false, error: 'proof-required' });
    const withProof: Requester = { kind: 'interested', person: LI, proof: { kind: 'litigation', number: '(2026)黑0803民初100号受理案件通知书' } };
    expect(decideQuery(ask(withProof, { promised: false }), { requesterHoldsUnit: false })).toEqual({ ok: false, error: 'promise-required' });
    expect(decideQuery(ask(withProof, { index: { by: 'person', value: ZHANG.idNumber } }), { requesterHoldsUnit: false })).toEqual({ ok: false, error: 'index-not-allowed' });
  });

  it('tells someone without proof only the facts of 第二十一条: no names, no amounts', () => {
    const p = decideQuery(ask({ kind: 'prospective', person: LI }), { requesterHoldsUnit: false });
    if (!p.ok) throw new Error(p.error);
    const r = queryResult(register(), p.value);
    expect(r).toEqual({
      scope: 'facts', unitNumber: UNIT, asOf: '2026-06-01', natural: NATURAL, isCoOwned: false, hasMortgage: true, hasAdvanceNotice: false,
      hasObjection: false, isSeizedOrRestricted: true, lawyer: null,
    });
    expect(JSON.stringify(r)).not.toContain('张建国');
  });

  it('lets a lawyer for such a person check a holder’s name and learn who seized (第二十二条)', () => {
    const lawyer: Requester = { kind: 'lawyer', person: LI, mode: 'for-prospective', licenceNumber: '12308201010123456', firm: '黑龙江佳木律师事务所', client: '王桂兰', document: '', orderCoversOriginals: false, claimedHolder: '张建国' };
    const p = decideQuery(ask(lawyer), { requesterHoldsUnit: false });
    if (!p.ok) throw new Error(p.error);
    const r = queryResult(register(), p.value, '张建国');
    expect(r.scope === 'facts' && r.lawyer).toEqual({ claimedHolder: '张建国', matches: true, holding: '单独所有', seizedBy: ['佳木斯市向阳区人民法院'] });
    expect(queryResult(register(), p.value, '张三').scope === 'facts' && (queryResult(register(), p.value, '张三') as { lawyer: { matches: boolean } }).lawyer.matches).toBe(false);
  });

  it('gives a lawyer with a court’s 调查令 the original pages only when the order covers them (第二十三条第二款)', () => {
    const base: Requester = { kind: 'lawyer', person: LI, mode: 'court-order', licenceNumber: '12308201010123456', firm: '黑龙江佳木律师事务所', client: '王桂兰', document: '(2026)黑0803调查令5号', orderCoversOriginals: false, claimedHolder: '' };
    expect(decideQuery(ask(base), { requesterHoldsUnit: false }).ok && decideQuery(ask(base), { requesterHoldsUnit: false })).toMatchObject({ value: { originals: false, identities: 'full' } });
    expect(decideQuery(ask({ ...base, orderCoversOriginals: true }), { requesterHoldsUnit: false })).toMatchObject({ ok: true, value: { originals: true } });
    expect(decideQuery(ask({ ...base, document: '' }), { requesterHoldsUnit: false })).toEqual({ ok: false, error: 'lawyer-documents-required' });
  });

  it('serves an authority on its 协助查询 document and work permit (条例 第二十七条第二款)', () => {
    const police: Requester = { kind: 'authority', person: LI, organ: '佳木斯市公安局向阳分局', noticeNumber: '佳公向协查字〔2026〕12号', permitNumber: '230803001' };
    expect(decideQuery(ask(police), { requesterHoldsUnit: false })).toMatchObject({ ok: true, value: { identities: 'full', originals: true } });
    expect(decideQuery(ask({ ...police, permitNumber: '' }), { requesterHoldsUnit: false })).toEqual({ ok: false, error: 'authority-documents-required' });
  });

  it('needs a purpose and a valid identity from everyone (条例 第二十八条)', () => {
    expect(decideQuery(ask({ kind: 'prospective', person: LI }, { purpose: '' }), { requesterHoldsUnit: false })).toEqual({ ok: false, error: 'purpose-required' });
    expect(decideQuery(ask({ kind: 'prospective', person: { ...LI, idNumber: '230804196805120021' } }), { requesterHoldsUnit: false })).toEqual({ ok: false, error: 'identity-invalid' });
  });
});

describe('有房/无房 from a holder’s own identity (办法 第十五条、第十六条)', () => {
  it('lists the units the register shows them holding, matching an old 15-digit number to the card’s 18 digits', () => {
    const legacyHolder = { ...ZHANG, idNumber: '230803500315123' };
    const v = projectRegister(UNIT, new RegisterBuilder().add({ kind: 'unit-established', natural: NATURAL }, '2000-01-01T00:00:00+08:00')
      .add({ kind: 'ownership-registered', cause: 'legacy', holders: [legacyHolder], certificateNumber: '佳房权证向字第 00012 号' }, '2000-01-01T00:00:00+08:00').entries, '2026-06-01');
    expect(normalIdNumber('230803500315123')).toBe(ZHANG.idNumber);
    const proof = holdingsOf(OWNER, [v], '2026-06-01');
    expect(proof.hasHousing).toBe(true);
    expect(proof.units).toEqual([{ unitNumber: UNIT, address: NATURAL.address, use: 'residential', areaM2: 86.5, certificateNumber: '佳房权证向字第 00012 号', holding: '单独所有' }]);
    expect(holdingsOf(LI, [v], '2026-06-01')).toEqual({ person: { name: LI.name, idNumber: LI.idNumber }, asOf: '2026-06-01', units: [], hasHousing: false });
  });

  it('masks all but the region and the last four characters', () => {
    expect(maskIdNumber('230803195003151233')).toBe('230803********1233');
  });
});
