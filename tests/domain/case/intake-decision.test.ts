import { describe, expect, it } from 'vitest';
import { type ReceivedMaterial } from '#domain/case/events.ts';
import { decideIntake, type IntakeFacts } from '#domain/case/intake-decision.ts';
import { requiredMaterials } from '#domain/materials/required-materials.ts';

const NOW = '2026-11-28T10:00:00+08:00';
const clean = { seized: false, mortgaged: false, advanceNotice: false, inProgress: false, snapshotAt: '2026-11-28T07:00:00+08:00' };
const FLAT = '230803003012GB00001F00010101';
const required = requiredMaterials('transfer', { applicants: 2 });
const all: ReceivedMaterial[] = required.map((s) => ({ key: s.key, name: s.name, original: s.original, count: s.count, pages: 2, scanIds: [] }));
const facts = (over: Partial<IntakeFacts> = {}): IntakeFacts => ({ kind: 'transfer', units: [{ unitNumber: FLAT, status: clean }], required, received: all, unitCheck: { now: NOW }, ...over });

describe('the written answer at the counter (条例 第十七条)', () => {
  it('accepts a complete application within the office’s area', () => {
    expect(decideIntake(facts())).toEqual({ outcome: 'accept' });
  });

  it('refuses in writing, with all the shortfalls at once, when materials are missing or defective (第一款第（三）项)', () => {
    const d = decideIntake(facts({ received: all.filter((m) => m.key !== 'tax-proof').map((m) => (m.key === 'ownership-certificate' ? { ...m, original: false } : m)) }));
    expect(d.outcome).toBe('correction');
    expect(d.outcome === 'correction' && d.shortfalls.map((s) => [s.key, s.problem])).toEqual([['ownership-certificate', 'defective'], ['tax-proof', 'missing']]);
  });

  it('refuses a seized unit in writing, citing 城市房地产管理法 第38条 and 民法典 第399条, before looking at materials', () => {
    const d = decideIntake(facts({ units: [{ unitNumber: FLAT, status: { ...clean, seized: true } }], received: [] }));
    expect(d).toEqual({
      outcome: 'refuse', ground: 'seized', referTo: null, unitNumbers: [FLAT],
      reasons: ['该不动产已被依法查封，查封期间不能办理转移、抵押、预告、地役权等登记'],
      basis: '《中华人民共和国城市房地产管理法》第三十八条第（二）项、《中华人民共和国民法典》第三百九十九条第（五）项',
    });
  });

  it('refuses a unit outside the area and names the county office to apply to (第一款第（四）项, 第七条)', () => {
    const d = decideIntake(facts({ units: [{ unitNumber: '230882003012GB00001F00010101', status: { ...clean, seized: true } }] }));
    expect(d).toMatchObject({ outcome: 'refuse', ground: 'outside-area', basis: '《不动产登记暂行条例》第七条、《不动产登记暂行条例》第十七条第一款第（四）项', referTo: { officeName: '富锦市不动产登记机构' } });
    expect(d.outcome === 'refuse' && d.reasons).toEqual(['该不动产位于行政区划 230882，不属于本机构的登记范围', '请向富锦市不动产登记机构申请办理']);
  });

  it('decides nothing on a status snapshot too old to trust: the van updates first', () => {
    const d = decideIntake(facts({ units: [{ unitNumber: FLAT, status: { ...clean, seized: true, snapshotAt: '2026-11-10T07:00:00+08:00' } }] }));
    expect(d).toEqual({ outcome: 'update-first', reasons: ['车上的不动产状态信息已过期，请联网更新后再受理'] });
  });

  it('refuses a second 预告 citing 实施细则 第八十五条, and a disposal while another registration is under way without an article', () => {
    expect(decideIntake(facts({ kind: 'advance-notice', units: [{ unitNumber: FLAT, status: { ...clean, advanceNotice: true } }] }))).toMatchObject({ outcome: 'refuse', ground: 'advance-notice', basis: expect.stringContaining('第八十五条') as string });
    expect(decideIntake(facts({ units: [{ unitNumber: FLAT, status: { ...clean, inProgress: true } }] }))).toMatchObject({ outcome: 'refuse', ground: 'in-progress', basis: '《不动产登记暂行条例》第十七条' });
  });

  it('refuses a 抵押权首次登记 on a home under a filed sales contract in writing, naming the contract, before looking at materials', () => {
    const filed = { ...clean, contractFiling: { contractNumber: 'XS20260000007' } };
    const d = decideIntake(facts({ kind: 'mortgage-first', units: [{ unitNumber: FLAT, status: filed }], received: [] }));
    expect(d).toEqual({
      outcome: 'refuse', ground: 'filed-contract', referTo: null, unitNumbers: [FLAT],
      reasons: ['该房屋已网签备案（合同 XS20260000007），尚未办理转移登记，不能办理抵押权首次登记。买受人的购房贷款由贷款银行在合同备案系统办理预抵押（预购商品房抵押预告登记）；转移登记后方可办理抵押权首次登记。'],
      basis: '《不动产登记暂行条例实施细则》第八十五条第一款第（三）项',
    });
    // Seized as well: both reasons and both bases, the seizure first.
    const both = decideIntake(facts({ kind: 'mortgage-first', units: [{ unitNumber: FLAT, status: { ...filed, seized: true } }] }));
    expect(both).toMatchObject({ outcome: 'refuse', ground: 'seized', basis: '《中华人民共和国城市房地产管理法》第三十八条第（二）项、《中华人民共和国民法典》第三百九十九条第（五）项；《不动产登记暂行条例实施细则》第八十五条第一款第（三）项' });
    expect(both.outcome === 'refuse' && both.reasons.length).toBe(2);
    // The transfer that ends the filing is accepted.
    expect(decideIntake(facts({ units: [{ unitNumber: FLAT, status: filed }] }))).toEqual({ outcome: 'accept' });
  });
});
