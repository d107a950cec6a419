import { describe, expect, it } from 'vitest';
import { checkDraft, type ContractDraft, contractNumberOf, CONTRACT_NUMBER_PATTERN, fenPerM2Of, totalFor } from '#domain/market/contract.ts';
import { contractDocument } from '#domain/market/contract-text.ts';
import { draftProblemText } from '#domain/market/market-text.ts';
import { buyerLi, buyerZhang, draftA, presale, unitA } from './fixtures.ts';

const TODAY = '2026-06-05';

describe('a drafted contract checked before it is filed (GF-2014-0171 第六条、第七条)', () => {
  it('has no problem when it matches its unit and its sums agree', () => {
    expect(checkDraft(draftA, unitA, 'presale', TODAY)).toEqual([]);
  });

  it('prices by area to the fen, half up', () => {
    expect(totalFor({ basis: 'building-area', fenPerM2: 680_000 }, 8956, null)).toBe(60_900_800);
    expect(totalFor({ basis: 'building-area', fenPerM2: 680_050 }, 8956, null)).toBe(60_905_278); // 609052.78 exactly
    expect(totalFor({ basis: 'building-area', fenPerM2: 333_333 }, 8901, null)).toBe(29_669_970); // 296699.7033 → .70
    expect(totalFor({ basis: 'inner-area', fenPerM2: 800_000 }, 8956, 7512)).toBe(60_096_000);
    expect(totalFor({ basis: 'per-set', fenPerM2: null }, 8956, null)).toBeNull();
  });

  it('names the area of the building table and the total the price gives', () => {
    const wrong = { ...draftA, areaDm2: 9000, pricing: { ...draftA.pricing, totalFen: 61_000_000 } };
    const problems = checkDraft(wrong, unitA, 'presale', TODAY);
    expect(problems).toContainEqual({ code: 'area', expectedDm2: 8956 });
    expect(problems).toContainEqual({ code: 'total', expectedFen: 61_200_000 });
    expect(problems.map(draftProblemText)).toContain('建筑面积应与楼盘表一致（89.56 m²）。');
  });

  it('needs the down payment and the loan to make the total', () => {
    const short = { ...draftA, payment: { ...draftA.payment, loanFen: 40_000_000 } } as typeof draftA;
    expect(checkDraft(short, unitA, 'presale', TODAY)).toEqual([{ code: 'payment-sum', expectedFen: 60_900_800, gotFen: 58_270_240 }]);
    const noLender = { ...draftA, payment: { ...draftA.payment, lender: ' ' } } as typeof draftA;
    expect(checkDraft(noLender, unitA, 'presale', TODAY)).toEqual([{ code: 'lender' }]);
  });

  it('needs at least two instalments that sum to the total, none due before signing', () => {
    const instalments = { ...draftA, payment: { method: 'instalments' as const, instalments: [{ dueOn: '2026-06-01', fen: 30_000_000 }, { dueOn: '2026-12-01', fen: 30_900_800 }] } };
    expect(checkDraft(instalments, unitA, 'presale', TODAY)).toEqual([]);
    const early = { ...instalments, payment: { method: 'instalments' as const, instalments: [{ dueOn: '2026-05-01', fen: 30_000_000 }, { dueOn: '2026-12-01', fen: 30_900_800 }] } };
    expect(checkDraft(early, unitA, 'presale', TODAY)).toEqual([{ code: 'payment-date', field: 'instalments.0' }]);
  });

  it('checks every buyer: name, ID number, phone, no one twice, shares all or none summing to one', () => {
    const bad = { ...draftA, buyers: [{ ...buyerZhang, idNumber: '230804197803120415' }, { ...buyerZhang, phone: '123' }] };
    expect(checkDraft(bad, unitA, 'presale', TODAY)).toEqual([
      { code: 'buyer-id', index: 0, detail: 'check-digit' },
      { code: 'buyer-phone', index: 1 },
    ]);
    const twice = { ...draftA, buyers: [buyerZhang, buyerZhang] };
    expect(checkDraft(twice, unitA, 'presale', TODAY)).toEqual([{ code: 'buyer-twice', index: 1 }]);
    const halves = { ...draftA, buyers: [{ ...buyerZhang, share: '1/2' }, { ...buyerLi, share: '1/2' }] };
    expect(checkDraft(halves, unitA, 'presale', TODAY)).toEqual([]);
    const thirds = { ...draftA, buyers: [{ ...buyerZhang, share: '1/3' }, { ...buyerLi, share: '1/2' }] };
    expect(checkDraft(thirds, unitA, 'presale', TODAY)).toEqual([{ code: 'shares', detail: 'sum' }]);
    const mixed = { ...draftA, buyers: [{ ...buyerZhang, share: '1/2' }, buyerLi] };
    expect(checkDraft(mixed, unitA, 'presale', TODAY)).toEqual([{ code: 'shares', detail: 'mixed' }]);
    expect(checkDraft({ ...draftA, buyers: [] }, unitA, 'presale', TODAY)).toEqual([{ code: 'no-buyers' }]);
  });

  it('uses the presale model text under a presale permit and the 现售 one under a completion filing', () => {
    expect(checkDraft(draftA, unitA, 'completion', TODAY)).toEqual([{ code: 'template', expected: 'GF-2014-0172' }]);
  });

  it.each([
    ['2026-06-01', []],
    ['2026-07-01', []],
    ['2026-07-02', [{ code: 'signed-too-long-ago', days: 31 }]],
    ['2026-05-31', [{ code: 'signed-in-future' }]],
  ])('on %s the signing day 2026-06-01 is checked against the 30 days of 《城市商品房预售管理办法》第十条', (today, expected) => {
    expect(checkDraft(draftA, unitA, 'presale', today)).toEqual(expected);
  });

  it.each([
    ['', '2027-12-31', ['signedOn']],
    ['2026-06-01', '', ['deliveryOn']],
    ['2026-02-30', '2027-12-31', ['signedOn']],
    ['2026-06-01', '2027-13-01', ['deliveryOn']],
    ['20260601', '', ['signedOn', 'deliveryOn']],
  ])('asks for a signing day (%j) and a delivery day (%j) the calendar has', (signedOn, deliveryOn, missing) => {
    const draft = { ...draftA, signedOn, deliveryOn, payment: { method: 'lump-sum' as const, dueOn: '2026-07-01' } };
    const problems = checkDraft(draft, unitA, 'presale', TODAY);
    expect(problems.filter((p) => p.code === 'date-missing')).toEqual(missing.map((field) => ({ code: 'date-missing', field })));
    // A day that is not one compares as nothing: no "too long ago", "in the future" or "before signing" made of it.
    expect(problems.map((p) => p.code).filter((c) => c.startsWith('signed-') || c === 'delivery-before-signing')).toEqual([]);
    expect(problems.map(draftProblemText)).toContain(missing[0] === 'signedOn' ? '请填写签订日期（年-月-日）。' : '请填写交付日期（年-月-日）。');
  });
});

describe('the contract number and the price per m²', () => {
  it('numbers a presale contract YS and a 现售 one XS, by year and sequence', () => {
    expect(contractNumberOf('GF-2014-0171', 2026, 123)).toBe('YS20260000123');
    expect(contractNumberOf('GF-2014-0172', 2027, 1)).toBe('XS20270000001');
    expect(CONTRACT_NUMBER_PATTERN.test('YS20260000123')).toBe(true);
    expect(CONTRACT_NUMBER_PATTERN.test('YS2026000012')).toBe(false);
  });
  it('divides a per-set price by the building area', () => {
    expect(fenPerM2Of({ areaDm2: 10_000, pricing: { basis: 'per-set', fenPerM2: null, totalFen: 50_000_000 } })).toBe(500_000);
  });
});

/** The contract text of `draft` for unit A of 江景华府 under its presale permit, bought by 张. */
const contractOf = (draft: ContractDraft, contractNumber: string) =>
  contractDocument(draft, {
    contractNumber,
    developer: { name: '佳木斯江景房地产开发有限公司', creditCode: '91230800MA1BXXXX0X' },
    project: { id: 'p1', name: '江景华府', developerId: 'dev-1', districtCode: '230803', address: '佳木斯市向阳区滨江路9号' },
    building: { id: 'b1', projectId: 'p1', name: '1号楼', floors: 18 },
    unit: unitA,
    permit: presale,
    buyers: [buyerZhang],
  });

describe('the contract text', () => {
  it('follows the model text chapters and fills in the permit, area, price and payment', () => {
    const doc = contractOf(draftA, 'YS20260000001');
    expect(doc.title).toBe('商品房买卖合同（预售）');
    expect(doc.chapters.map((c) => c.title)).toEqual(['第一章 合同当事人', '第二章 商品房基本状况', '第三章 商品房价款', '第四章 商品房交付条件与交付手续', '第八章 合同备案与房屋登记', '签署']);
    const text = doc.chapters.flatMap((c) => c.articles.flatMap((a) => a.lines)).join('\n');
    expect(text).toContain('预售许可证号为 佳房预售证第2026018号');
    expect(text).toContain('预测建筑面积 89.56 m²');
    expect(text).toContain('总价款为 609,008.00 元（大写：人民币陆拾万零玖仟零捌元整）');
    expect(text).toContain('余款 426,305.60 元（大写：人民币肆拾贰万陆仟叁佰零伍元陆角）向 中国建设银行佳木斯分行 申请贷款支付');
  });

  it('leaves a day not filled in yet blank, as the paper form does, while the draft is written', () => {
    const doc = contractOf({ ...draftA, signedOn: '', deliveryOn: '2026-02-30' }, 'YS20260000002');
    const text = doc.chapters.flatMap((c) => c.articles.flatMap((a) => a.lines)).join('\n');
    expect(text).toContain('本合同于 ____年__月__日 签订。');
    expect(text).toContain('出卖人应当在 ____年__月__日 前向买受人交付该商品房。');
  });
});
