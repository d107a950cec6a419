import { describe, expect, it } from 'vitest';
import { type Actor, closingRegistration, type Consent, decideFiling, type FilingCommand, type FilingEvent, type FilingEventBody, type FilingState, projectFiling } from '#domain/market/filing.ts';
import { FILING_REFUSAL_TEXT } from '#domain/market/market-text.ts';
import { checkNewFiling } from '#domain/market/new-filing.ts';
import { bank, buyerLi, buyerZhang, developer, draftA, freeFacts, officeStaff, otherBank, otherDeveloper, presale, unitA } from './fixtures.ts';

const filed: FilingEvent = {
  kind: 'filed',
  seq: 1,
  at: '2026-06-01T02:00:00.000Z',
  actor: developer,
  terms: { ...draftA, contractNumber: 'YS20260000001', developerId: 'dev-1', developerName: '佳木斯江景房地产开发有限公司', permitNumber: presale.number },
  buyers: [buyerZhang, buyerLi],
};

/** Decides and applies, as the store would: the events get the next sequence numbers. */
function run(s: FilingState, history: FilingEvent[], c: FilingCommand, actor: Actor): { state: FilingState; history: FilingEvent[]; events: FilingEventBody[] } {
  const r = decideFiling(s, c, actor);
  if (!r.ok) throw new Error(`refused: ${r.error}`);
  const added = r.value.map((e, i) => ({ ...e, seq: s.seq + 1 + i, at: '2026-06-02T02:00:00.000Z', actor }));
  const all = [...history, ...added];
  return { state: projectFiling(all), history: all, events: r.value };
}

const start = (): { state: FilingState; history: FilingEvent[] } => ({ state: projectFiling([filed]), history: [filed] });
const card = (idNumber: string): Consent => ({ idNumber, via: 'card-reader', stationId: 'station-1', readAt: '2026-06-02T02:00:00.000Z' });
const buyerActor: Actor = { kind: 'buyer', id: 'card', name: '买受人', orgId: null, orgName: null };

describe('cancelling a filing needs both parties (or a court)', () => {
  it('is refused to the developer alone: every buyer must consent', () => {
    let { state, history } = start();
    ({ state, history } = run(state, history, { kind: 'request-cancel', reason: '买受人放弃购买' }, developer));
    expect(state.status).toBe('active');
    expect(state.pendingCancellation?.reason).toBe('买受人放弃购买');
    ({ state, history } = run(state, history, { kind: 'consent-cancel', consent: card(buyerZhang.idNumber) }, buyerActor));
    expect(state.status).toBe('active');
    const last = run(state, history, { kind: 'consent-cancel', consent: card(buyerLi.idNumber) }, buyerActor);
    expect(last.events.map((e) => e.kind)).toEqual(['cancellation-consented', 'cancelled']);
    expect(last.state.status).toBe('cancelled');
  });

  it('is refused on the buyers\' side alone: there is nothing to consent to until the developer asks', () => {
    const { state } = start();
    expect(decideFiling(state, { kind: 'consent-cancel', consent: card(buyerZhang.idNumber) }, buyerActor)).toEqual({ ok: false, error: 'no-cancel-pending' });
  });

  it('takes a consent only from a buyer of the contract, once each', () => {
    let { state, history } = start();
    ({ state, history } = run(state, history, { kind: 'request-cancel', reason: '买受人放弃购买' }, developer));
    expect(decideFiling(state, { kind: 'consent-cancel', consent: card('230822196201050832') }, buyerActor)).toEqual({ ok: false, error: 'not-a-buyer' });
    ({ state } = run(state, history, { kind: 'consent-cancel', consent: card(buyerZhang.idNumber.toLowerCase()) }, buyerActor));
    expect(decideFiling(state, { kind: 'consent-cancel', consent: card(buyerZhang.idNumber) }, buyerActor)).toEqual({ ok: false, error: 'already-consented' });
  });

  it('is done by a court document at once, with who and why', () => {
    const { state, history } = start();
    const court = { court: '佳木斯市向阳区人民法院', documentNumber: '（2026）黑0803民初1234号', documentKind: 'judgment' as const };
    expect(decideFiling(state, { kind: 'court-cancel', court: { ...court, documentNumber: '' }, reason: '判决解除合同' }, officeStaff)).toEqual({ ok: false, error: 'court-document-missing' });
    expect(decideFiling(state, { kind: 'court-cancel', court, reason: '判决解除合同' }, developer)).toEqual({ ok: false, error: 'not-allowed' });
    const r = run(state, history, { kind: 'court-cancel', court, reason: '判决解除合同' }, officeStaff);
    expect(r.state.status).toBe('cancelled');
    expect(r.history.at(-1)).toMatchObject({ kind: 'cancelled', ground: 'court', court, reason: '判决解除合同', actor: officeStaff });
  });

  it('waits for the bank to release its 预抵押 first', () => {
    let { state, history } = start();
    ({ state, history } = run(state, history, { kind: 'pre-mortgage', loanFen: 42_630_560, mortgageContractNumber: 'JH-2026-0001' }, bank));
    expect(decideFiling(state, { kind: 'request-cancel', reason: '买受人放弃购买' }, developer)).toEqual({ ok: false, error: 'pre-mortgaged' });
    expect(FILING_REFUSAL_TEXT['pre-mortgaged']).toContain('银行先解除预抵押');
    expect(decideFiling(state, { kind: 'release-pre-mortgage', reason: '贷款已结清' }, otherBank)).toEqual({ ok: false, error: 'not-allowed' });
    ({ state, history } = run(state, history, { kind: 'release-pre-mortgage', reason: '贷款未获批准' }, bank));
    expect(state.preMortgage).toBeNull();
    expect(decideFiling(state, { kind: 'request-cancel', reason: '买受人放弃购买' }, developer).ok).toBe(true);
  });

  it('can be withdrawn by the developer before the buyers consent', () => {
    let { state, history } = start();
    ({ state, history } = run(state, history, { kind: 'request-cancel', reason: '买受人放弃购买' }, developer));
    ({ state } = run(state, history, { kind: 'withdraw-cancel', reason: '双方继续履行' }, developer));
    expect(state.pendingCancellation).toBeNull();
  });
});

describe('the bank and the filing', () => {
  it('records one 预抵押 of at most the price, and no second one', () => {
    const { state, history } = start();
    expect(decideFiling(state, { kind: 'pre-mortgage', loanFen: 60_900_801, mortgageContractNumber: 'JH-1' }, bank)).toEqual({ ok: false, error: 'loan-too-large' });
    expect(decideFiling(state, { kind: 'pre-mortgage', loanFen: 1, mortgageContractNumber: ' ' }, bank)).toEqual({ ok: false, error: 'mortgage-contract-missing' });
    expect(decideFiling(state, { kind: 'pre-mortgage', loanFen: 1, mortgageContractNumber: 'JH-1' }, developer)).toEqual({ ok: false, error: 'not-allowed' });
    const r = run(state, history, { kind: 'pre-mortgage', loanFen: 42_630_560, mortgageContractNumber: 'JH-2026-0001' }, bank);
    expect(r.state.preMortgage).toMatchObject({ bankId: 'bank-1', bankName: '中国建设银行佳木斯分行', loanFen: 42_630_560 });
    expect(decideFiling(r.state, { kind: 'pre-mortgage', loanFen: 1, mortgageContractNumber: 'JH-2' }, otherBank)).toEqual({ ok: false, error: 'already-pre-mortgaged' });
  });
});

describe('changing a filed contract', () => {
  it('needs a reason and every buyer\'s consent, and cannot move it to another unit', () => {
    const { state, history } = start();
    const after = { deliveryOn: '2028-06-30' };
    expect(decideFiling(state, { kind: 'change', after, reason: '工期顺延', consents: [card(buyerZhang.idNumber)] }, developer)).toEqual({ ok: false, error: 'consent-missing' });
    expect(decideFiling(state, { kind: 'change', after, reason: '短', consents: [] }, developer)).toEqual({ ok: false, error: 'reason-missing' });
    expect(decideFiling(state, { kind: 'change', after: { unitNumber: '230803003012GB00100F00110102' }, reason: '换一套房子', consents: [] }, developer)).toEqual({ ok: false, error: 'unit-fixed' });
    expect(decideFiling(state, { kind: 'change', after: { deliveryOn: state.terms.deliveryOn }, reason: '没有变化的变更', consents: [] }, developer)).toEqual({ ok: false, error: 'nothing-changed' });
    expect(decideFiling(state, { kind: 'change', after, reason: '工期顺延', consents: [] }, otherDeveloper)).toEqual({ ok: false, error: 'not-allowed' });
    const r = run(state, history, { kind: 'change', after, reason: '工期顺延半年', consents: [card(buyerZhang.idNumber), card(buyerLi.idNumber)] }, developer);
    expect(r.state.terms.deliveryOn).toBe('2028-06-30');
    expect(r.events[0]).toMatchObject({ kind: 'changed', before: { deliveryOn: '2027-12-31' }, after });
  });
});

describe('closing at 登簿 and what a closed or cancelled filing allows', () => {
  it('closes by the registration only, and then takes no command', () => {
    const { state, history } = start();
    const registration: Actor = { kind: 'registration', id: 'case-1', name: '登簿', orgId: null, orgName: null };
    expect(decideFiling(state, { kind: 'close', caseId: 'c1', caseNumber: 'JMS-2027-000001' }, officeStaff)).toEqual({ ok: false, error: 'not-allowed' });
    const r = run(state, history, { kind: 'close', caseId: 'c1', caseNumber: 'JMS-2027-000001' }, registration);
    expect(r.state.status).toBe('closed');
    expect(decideFiling(r.state, { kind: 'pre-mortgage', loanFen: 1, mortgageContractNumber: 'x' }, bank)).toEqual({ ok: false, error: 'not-active' });
  });
});

describe('filing a new contract (one house, one filing)', () => {
  const ctx = { unit: unitA, developerOfUnit: 'dev-1', permits: [presale], facts: freeFacts(), activeContractNumber: null };
  it('files a consistent draft on a unit for sale', () => {
    expect(checkNewFiling(draftA, 'dev-1', ctx, '2026-06-05')).toEqual({ ok: true, permit: presale });
  });
  it('refuses a second contract on a unit and names the first', () => {
    expect(checkNewFiling(draftA, 'dev-1', { ...ctx, activeContractNumber: 'YS20260000001' }, '2026-06-05')).toEqual({ ok: false, error: { code: 'already-filed', contractNumber: 'YS20260000001' } });
    expect(checkNewFiling(draftA, 'dev-1', { ...ctx, facts: { ...freeFacts(), contractNumber: 'YS20260000007' } }, '2026-06-05')).toEqual({ ok: false, error: { code: 'already-filed', contractNumber: 'YS20260000007' } });
  });
  it('refuses a seized unit (in effect or in line), one under 预告, another developer\'s, or one outside the permit', () => {
    const seized = { ...freeFacts(), seizure: { court: '佳木斯市中级人民法院', noticeNumber: '（2026）黑08执100号' } };
    expect(checkNewFiling(draftA, 'dev-1', { ...ctx, facts: seized }, '2026-06-05')).toEqual({ ok: false, error: { code: 'seized', court: '佳木斯市中级人民法院', noticeNumber: '（2026）黑08执100号' } });
    expect(checkNewFiling(draftA, 'dev-1', { ...ctx, facts: { ...freeFacts(), waitingSeizures: 1 } }, '2026-06-05').ok).toBe(false);
    expect(checkNewFiling(draftA, 'dev-1', { ...ctx, facts: { ...freeFacts(), advanceNotice: true } }, '2026-06-05')).toEqual({ ok: false, error: { code: 'advance-notice' } });
    expect(checkNewFiling(draftA, 'dev-9', ctx, '2026-06-05')).toEqual({ ok: false, error: { code: 'not-own-unit' } });
    expect(checkNewFiling(draftA, 'dev-1', { ...ctx, permits: [] }, '2026-06-05')).toEqual({ ok: false, error: { code: 'not-for-sale', basis: 'no-permit' } });
  });
});

describe('the 登簿 that closes a filing', () => {
  const transfer = { caseId: 'case-9', caseNumber: 'JMS2026-000901', registeredAt: '2026-07-01T03:00:00.000Z' };
  const buyers = [buyerZhang.idNumber, buyerLi.idNumber];

  it('is the ownership of exactly its buyers registered by a case after the filing, whatever the order or ID form', () => {
    expect(closingRegistration(start().state, { holderIds: [...buyers].reverse(), ownershipCase: transfer })).toEqual({ caseId: 'case-9', caseNumber: 'JMS2026-000901' });
    // The 15-digit form of 张国强's number (GB 11643-1999) is the same person.
    expect(closingRegistration(start().state, { holderIds: ['230804780312041', buyerLi.idNumber], ownershipCase: transfer })).toEqual({ caseId: 'case-9', caseNumber: 'JMS2026-000901' });
  });

  it('is not a registration to someone else, to one buyer of two, before the filing, or without a case', () => {
    expect(closingRegistration(start().state, { holderIds: ['230822196201050832'], ownershipCase: transfer })).toBeNull();
    expect(closingRegistration(start().state, { holderIds: [buyerZhang.idNumber], ownershipCase: transfer })).toBeNull();
    expect(closingRegistration(start().state, { holderIds: buyers, ownershipCase: { ...transfer, registeredAt: '2026-05-31T03:00:00.000Z' } })).toBeNull();
    expect(closingRegistration(start().state, { holderIds: buyers, ownershipCase: null })).toBeNull();
  });

  it('closes nothing once the filing has ended', () => {
    const { state, history } = start();
    const ended = run(state, history, { kind: 'court-cancel', reason: '法院判决解除合同', court: { court: '佳木斯市向阳区人民法院', documentNumber: '（2026）黑0803民初12号', documentKind: 'judgment' } }, officeStaff);
    expect(closingRegistration(ended.state, { holderIds: buyers, ownershipCase: transfer })).toBeNull();
  });
});
