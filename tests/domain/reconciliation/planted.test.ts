import { describe, expect, it } from 'vitest';
import { type AcceptedPayload, type CaseEvent, type CaseEventBody } from '#domain/case/events.ts';
import { sealEvent } from '#domain/case/hash-chain.ts';
import { deviceChainOf, recomputedFeeOf, unknownFeeRulesOf } from '#domain/reconciliation/from-events.ts';
import { reconcileTrip, type ReconciliationInput } from '#domain/reconciliation/reconcile.ts';
import { accountFor } from '#domain/receipts/number-block.ts';

/** A device's chain of real sealed events: each case accepted and charged, as the van writes them. */
function vanChain(deviceId: string, cases: { id: string; totalFen: number; receiptNumber: string; certificates?: number; rules?: string }[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  let prev: string | null = null;
  const add = (caseId: string, body: CaseEventBody) => {
    const e = sealEvent({ id: `${deviceId}-${events.length + 1}`, caseId, deviceId, seq: events.length + 1, at: `2026-11-30T0${events.length}:00:00+08:00`, actor: 'staff-zhangwei', prevHash: prev, ...body });
    prev = e.hash;
    events.push(e);
  };
  for (const c of cases) {
    const intake: AcceptedPayload = {
      caseNumber: `N-${c.id}`,
      queryCode: 'Q1',
      businessKind: 'transfer',
      use: 'residential',
      applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803195001011234', side: 'holder' }],
      units: [],
      materials: [],
      certificates: c.certificates ?? 1,
    };
    add(c.id, { kind: 'accepted', payload: intake });
    add(c.id, {
      kind: 'fee-charged',
      payload: { receiptCode: 'FS', receiptNumber: c.receiptNumber, payer: '王秀英', items: [{ name: '不动产登记费（住宅）', amountFen: c.totalFen }], totalFen: c.totalFen, method: 'cash', rules: c.rules ?? 'gb-2016-2559@1' },
    });
  }
  return events;
}

function input(events: CaseEvent[]): ReconciliationInput {
  const caseIds = [...new Set(events.map((e) => e.caseId))];
  return {
    trip: { id: 'T1', appointmentIds: caseIds.map((id) => `A-${id}`) },
    cases: caseIds.map((id) => ({ id, tripId: 'T1', appointmentId: `A-${id}` })),
    referencedCaseIds: new Set(caseIds),
    receipts: events.flatMap((e) =>
      e.kind === 'fee-charged' ? [{ id: `R-${e.caseId}`, number: e.payload.receiptNumber, caseId: e.caseId, state: 'issued' as const, amountFen: e.payload.totalFen, paymentMethod: e.payload.method }] : [],
    ),
    receiptNumbers: { total: caseIds.length, issued: events.flatMap((e) => (e.kind === 'fee-charged' ? [e.payload.receiptNumber] : [])), voided: [], unused: [], missing: [], duplicates: [], outsideBlock: [] },
    fees: caseIds.flatMap((id) => recomputedFeeOf(id, events, '2026-11-30') ?? []),
    unknownFeeRules: caseIds.flatMap((id) => {
      const rules = unknownFeeRulesOf(id, events);
      return rules === null ? [] : [{ caseId: id, rules }];
    }),
    declaredByMethod: null,
    scans: { expected: [], uploaded: new Set(), verified: new Set() },
    chains: [deviceChainOf('D1', events)],
  };
}

describe('reconciliation over real events', () => {
  it('recomputes 80 yuan for a residential transfer and finds a receipt that charged 40', () => {
    const events = vanChain('D1', [
      { id: 'C1', totalFen: 8000, receiptNumber: '0001' },
      { id: 'C2', totalFen: 4000, receiptNumber: '0002' },
    ]);
    expect(recomputedFeeOf('C1', events, '2026-11-30')).toMatchObject({ expectedFen: 8000 });
    const r = reconcileTrip(input(events));
    expect(r.discrepancies.map((d) => [d.code, d.caseId])).toEqual([['receipt-amount-mismatch', 'C2']]);
  });

  it('charges 10 yuan for each certificate beyond the first, so 90 for two is right', () => {
    const events = vanChain('D1', [{ id: 'C1', totalFen: 9000, receiptNumber: '0001', certificates: 2 }]);
    expect(reconcileTrip(input(events)).discrepancies).toEqual([]);
  });

  it('reports a receipt charged under rules the office does not know instead of skipping it', () => {
    const events = vanChain('D1', [{ id: 'C1', totalFen: 8000, receiptNumber: '0001', rules: 'county-2030@1' }]);
    const r = reconcileTrip(input(events));
    expect(r.discrepancies.map((d) => [d.code, d.caseId])).toEqual([['fee-rules-unknown', 'C1']]);
    expect(r.isClean).toBe(false);
  });

  it('finds an event altered after it was sealed', () => {
    const events = vanChain('D1', [{ id: 'C1', totalFen: 8000, receiptNumber: '0001' }]);
    const altered = events.map((e) => (e.kind === 'fee-charged' ? { ...e, payload: { ...e.payload, totalFen: 800 } } : e));
    const r = reconcileTrip(input(altered));
    expect(r.discrepancies.map((d) => d.code)).toContain('chain-broken');
    expect(r.isClean).toBe(false);
  });

  it('finds an event removed from the middle of a chain', () => {
    const events = vanChain('D1', [
      { id: 'C1', totalFen: 8000, receiptNumber: '0001' },
      { id: 'C2', totalFen: 8000, receiptNumber: '0002' },
    ]);
    const r = reconcileTrip(input(events.filter((e) => e.seq !== 2)));
    expect(r.discrepancies.find((d) => d.code === 'chain-gap')?.detail).toContain('第 2 号');
  });
});

describe('receipt numbers accounted by the domain', () => {
  const block = { prefix: 'JMS2026-', first: 1, last: 5, width: 6 };
  const receipt = (id: string, n: number) => ({ id, number: `JMS2026-${String(n).padStart(6, '0')}` });

  it('finds a number with no account and a number used twice', () => {
    const account = accountFor(block, [receipt('R1', 1), receipt('R2', 2), receipt('R3', 2), receipt('R4', 4)], new Set(['R4']), ['JMS2026-000005']);
    const r = reconcileTrip({ ...input([]), receiptNumbers: account, chains: [] });
    expect(r.discrepancies.map((d) => [d.code, d.subject])).toEqual([
      ['receipt-number-missing', 'JMS2026-000003'],
      ['receipt-number-duplicate', 'JMS2026-000002'],
    ]);
    expect(r.receiptNumbers).toEqual({ total: 5, issued: 2, voided: 1, unused: 1, notGranted: 0 });
  });

  it('accounts for every number when the rest of the block is handed back', () => {
    const account = accountFor(block, [receipt('R1', 1)], new Set(), ['JMS2026-000002', 'JMS2026-000003', 'JMS2026-000004', 'JMS2026-000005']);
    expect(reconcileTrip({ ...input([]), receiptNumbers: account, chains: [] }).discrepancies).toEqual([]);
  });
});

describe('fees due', () => {
  const sealed = (caseId: string, bodies: CaseEventBody[]): CaseEvent[] => {
    const out: CaseEvent[] = [];
    for (const body of bodies) {
      const prev = out[out.length - 1];
      out.push(sealEvent({ id: `D1-${out.length + 1}`, caseId, deviceId: 'D1', seq: out.length + 1, at: `2026-11-30T0${out.length + 1}:00:00+08:00`, actor: 'staff-zhangwei', prevHash: prev?.hash ?? null, ...body }));
    }
    return out;
  };
  const intake: AcceptedPayload = {
    caseNumber: 'N-C1', queryCode: 'Q1', businessKind: 'transfer', use: 'residential',
    applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803195001011234', side: 'holder' }], units: [], materials: [], certificates: 1,
  };
  const notice: CaseEventBody = { kind: 'correction-notified', payload: { missing: [{ key: 'tax-proof', name: '完税（契税）凭证', problem: 'missing' }], intake } };

  it('expects nothing from a case that got the one-time 补正 notice and was never accepted', () => {
    const events = sealed('C1', [notice]);
    expect(recomputedFeeOf('C1', events, '2026-11-30')).toBeNull();
    const r = reconcileTrip({ ...input(events), receipts: [], receiptNumbers: { total: 0, issued: [], voided: [], unused: [], missing: [], duplicates: [], outsideBlock: [] } });
    expect(r.discrepancies).toEqual([]);
    expect(r.money).toEqual({ expectedFen: 0, chargedFen: 0, refundedFen: 0, byMethod: [], refunds: [] });
  });

  it('expects the fee once the missing materials are supplied and the case is accepted', () => {
    const events = sealed('C1', [notice, { kind: 'materials-received', payload: { materials: [], complete: true } }]);
    expect(recomputedFeeOf('C1', events, '2026-11-30')).toMatchObject({ expectedFen: 8000 });
  });

  it('expects nothing from a business the rules do not charge (抵押权注销)', () => {
    const events = sealed('C1', [{ kind: 'accepted', payload: { ...intake, businessKind: 'mortgage-cancel' } }]);
    expect(recomputedFeeOf('C1', events, '2026-11-30')).toMatchObject({ expectedFen: 0 });
    expect(reconcileTrip({ ...input(events), receipts: [] }).discrepancies.map((d) => d.code)).not.toContain('case-fee-unpaid');
  });
});
