import { describe, expect, it } from 'vitest';
import { fen } from '#domain/money.ts';
import { parseFeeTable } from '#domain/fees/fee-table.ts';
import { quote, recompute } from '#domain/fees/quote.ts';
import { BUILTIN_FEE_TABLES, feeRulesLabel, feeTableInForce, findFeeTable } from '#domain/fees/tables.ts';
import { feeTableFromSchedule } from '#domain/fees/schedule.ts';
import { quoteErrorText } from '#domain/fees/fees-text.ts';
import table2016 from '#domain/fees/tables/gb-2016-2559.json' with { type: 'json' };

const rules2016 = findFeeTable('2016');
const rules2008 = findFeeTable('2008');
if (!rules2016 || !rules2008) throw new Error('bundled tables missing');

function total(input: Parameters<typeof quote>[0]): number {
  const r = quote(input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.totalFen;
}

describe('fee tables are data with effective dates', () => {
  it('picks 2559号 for a case today and 924号 for a receipt from 2012', () => {
    expect(feeTableInForce('2026-11-28')?.id).toBe('gb-2016-2559');
    expect(feeTableInForce('2012-06-01')?.id).toBe('gb-2008-924');
    expect(feeTableInForce('2001-01-01')).toBeUndefined();
  });

  it('refuses a table with an odd amount that could not be halved exactly, naming the field', () => {
    const broken = { ...table2016, registrationFen: { ...table2016.registrationFen, residential: 8001 } };
    expect(parseFeeTable(broken)).toEqual({ ok: false, error: { code: 'invalid-fee-table', path: 'registrationFen.residential' } });
    expect(parseFeeTable({ ...table2016, kinds: { ...table2016.kinds, seizure: undefined } })).toEqual({ ok: false, error: { code: 'invalid-fee-table', path: 'kinds.seizure' } });
    expect(BUILTIN_FEE_TABLES.map((t) => `${t.id}@${t.version}`)).toEqual(['gb-2008-924@1', 'gb-2016-2559@1', 'gb-2016-2559@2']);
  });
});

describe('2559号 (2016): 住宅 80, 非住宅 550, 车位 80, extra certificates 10 each', () => {
  it('charges 80 元 for a residential transfer with one certificate', () => {
    const r = quote({ kind: 'transfer', use: 'residential', date: '2026-11-28' });
    expect(r.ok && r.value).toMatchObject({
      rules: 'gb-2016-2559@2',
      rulesNumber: '发改价格规〔2016〕2559号',
      items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }],
      totalFen: 8000,
      payer: 'holder',
    });
  });

  it('charges 550 元 for a non-residential first registration and 80 元 for a separately certified parking space', () => {
    expect(total({ kind: 'first', use: 'non-residential', rules: rules2016 })).toBe(55000);
    expect(total({ kind: 'first', use: 'parking', rules: rules2016 })).toBe(8000);
  });

  it('adds 10 元 for each certificate after the first: 3 co-owners with a certificate each pay 100 元', () => {
    const r = quote({ kind: 'transfer', use: 'residential', certificates: 3, rules: rules2016 });
    expect(r.ok && r.value.items).toEqual([
      expect.objectContaining({ name: '不动产登记费（住宅）', amountFen: 8000 }),
      expect.objectContaining({ name: '不动产权属证书工本费', amountFen: 2000, quantity: 2, unitFen: 1000 }),
    ]);
    expect(r.ok && r.value.totalFen).toBe(10000);
  });

  it('charges a mortgage registration by the fee alone: a 登记证明 carries no 工本费', () => {
    expect(total({ kind: 'mortgage-first', use: 'residential', certificates: 2, rules: rules2016 })).toBe(8000);
    expect(total({ kind: 'mortgage-first', use: 'non-residential', rules: rules2016 })).toBe(55000);
  });

  it('charges nothing for 查封, 注销 and 预告', () => {
    for (const kind of ['seizure', 'cancel', 'mortgage-cancel', 'advance-notice'] as const) {
      const r = quote({ kind, use: 'residential', rules: rules2016 });
      expect(r.ok && r.value.totalFen).toBe(0);
      expect(r.ok && r.value.items).toEqual([]);
    }
  });

  it('halves 更正 and 异议 (40 / 275 元, the gtmap constants) and still charges extra certificates', () => {
    expect(total({ kind: 'correction', use: 'residential', rules: rules2016 })).toBe(4000);
    expect(total({ kind: 'objection', use: 'non-residential', rules: rules2016 })).toBe(27500);
    expect(total({ kind: 'correction', use: 'residential', certificates: 2, rules: rules2016 })).toBe(5000);
  });

  it('halves a change of the holder’s name or ID number', () => {
    const r = quote({ kind: 'change', use: 'residential', specialCase: 'name-or-id-change', rules: rules2016 });
    expect(r.ok && r.value.items.map((i) => [i.name, i.amountFen])).toEqual([['不动产登记费（住宅）（减半）', 4000]]);
  });

  it('exempts a small or micro enterprise, first certificate included, but charges its extra certificates', () => {
    expect(total({ kind: 'transfer', use: 'non-residential', specialCase: 'small-micro-enterprise', rules: rules2016 })).toBe(0);
    expect(total({ kind: 'transfer', use: 'non-residential', certificates: 2, specialCase: 'small-micro-enterprise', rules: rules2016 })).toBe(1000);
  });

  it('charges only 10 元 per certificate between spouses and for a homestead', () => {
    expect(total({ kind: 'transfer', use: 'residential', specialCase: 'spouse-holder-change', rules: rules2016 })).toBe(1000);
    expect(total({ kind: 'first', use: 'residential', certificates: 2, specialCase: 'homestead', rules: rules2016 })).toBe(2000);
  });

  it('charges nothing for a correction caused by the office’s own error', () => {
    expect(total({ kind: 'correction', use: 'residential', certificates: 2, specialCase: 'office-error-correction', rules: rules2016 })).toBe(0);
  });

  it('refuses an unknown special case, one that does not fit the kind, and a bad certificate count', () => {
    expect(quote({ kind: 'transfer', use: 'residential', specialCase: 'affordable-housing', rules: rules2016 })).toEqual({ ok: false, error: { code: 'unknown-special-case', key: 'affordable-housing' } });
    expect(quote({ kind: 'transfer', use: 'residential', specialCase: 'office-error-correction', rules: rules2016 })).toMatchObject({ ok: false, error: { code: 'special-case-not-applicable', key: 'office-error-correction' } });
    expect(quote({ kind: 'seizure', use: 'residential', specialCase: 'small-micro-enterprise', rules: rules2016 }).ok).toBe(false);
    const bad = quote({ kind: 'transfer', use: 'residential', certificates: 1.5, rules: rules2016 });
    expect(bad).toEqual({ ok: false, error: { code: 'certificates-invalid' } });
    if (!bad.ok) expect(quoteErrorText(bad.error)).toBe('证书本数须为 0 到 99 之间的整数');
  });

  it('needs either the rules or a date', () => {
    expect(quote({ kind: 'transfer', use: 'residential' })).toEqual({ ok: false, error: { code: 'date-or-rules-required' } });
    expect(quote({ kind: 'transfer', use: 'residential', date: '1999-01-01' })).toEqual({ ok: false, error: { code: 'no-rules-in-force', date: '1999-01-01' } });
  });

  it('says who pays: only the right holder in a joint application', () => {
    const transfer = quote({ kind: 'transfer', use: 'residential', rules: rules2016 });
    const first = quote({ kind: 'first', use: 'residential', rules: rules2016 });
    expect(transfer.ok && transfer.value.payer).toBe('holder');
    expect(transfer.ok && transfer.value.notes).toContain('共同申请的，只向登记为权利人的一方收取');
    expect(first.ok && first.value.payer).toBe('applicant');
  });
});

describe('reductions only within their scope, refused with the reason', () => {
  const refusal = (input: Parameters<typeof quote>[0]): string => {
    const r = quote(input);
    if (r.ok) throw new Error('expected a refusal');
    return quoteErrorText(r.error);
  };

  it('halves a same-holder split or merge only as a 变更登记 (2559号 二（一）3, 实施细则 第二十六条), not a transfer', () => {
    expect(total({ kind: 'change', use: 'residential', specialCase: 'same-holder-split-merge', rules: rules2016 })).toBe(4000);
    expect(refusal({ kind: 'transfer', use: 'residential', specialCase: 'same-holder-split-merge', rules: rules2016 })).toBe(
      '减免情形“同一权利人分割或合并不动产”不适用：只适用于变更登记（同一权利人分割或者合并不动产属变更登记，《不动产登记暂行条例实施细则》第二十六条）',
    );
  });

  it('charges a homestead’s 工本费 only where a 权属证书 is issued: a mortgage gets a 登记证明 and pays the fee (2559号 一（三）)', () => {
    expect(total({ kind: 'first', use: 'residential', certificates: 1, specialCase: 'homestead', rules: rules2016 })).toBe(1000);
    expect(refusal({ kind: 'mortgage-first', use: 'residential', specialCase: 'homestead', rules: rules2016 })).toContain('抵押权等登记核发登记证明，不收工本费');
  });

  it('exempts an ancillary garage only when the unit is a garage, and nothing where the kind is free already', () => {
    expect(total({ kind: 'first', use: 'parking', specialCase: 'ancillary-parking', rules: rules2016 })).toBe(0);
    expect(refusal({ kind: 'first', use: 'residential', specialCase: 'ancillary-parking', rules: rules2016 })).toBe('减免情形“配套车库、车位、储藏室不单独核发证书”不适用：只适用于车库、车位、储藏室单元');
    expect(refusal({ kind: 'seizure', use: 'residential', specialCase: 'small-micro-enterprise', rules: rules2016 })).toBe('减免情形“小微企业（含个体工商户）申请不动产登记”不适用：查封登记不收取登记费，无可减免');
  });

  it('still recomputes a receipt charged under version 1 with the rules it names', () => {
    const v1 = findFeeTable('gb-2016-2559@1');
    expect(v1 && total({ kind: 'transfer', use: 'residential', specialCase: 'same-holder-split-merge', rules: v1 })).toBe(4000);
  });
});

describe('924号 (2008): 住房 80 per 套, 非住房 550, 查封 and 注销 free, three halved cases', () => {
  it('charges 80 元 for a flat, 550 for a shop, with the old item names', () => {
    const r = quote({ kind: 'transfer', use: 'residential', rules: rules2008 });
    expect(r.ok && r.value.items.map((i) => [i.name, i.amountFen])).toEqual([['房屋登记费（住房）', 8000]]);
    expect(total({ kind: 'first', use: 'non-residential', rules: rules2008 })).toBe(55000);
  });

  it('charges a 他项权证 beyond the first under 2008, unlike 2016', () => {
    expect(total({ kind: 'mortgage-first', use: 'residential', certificates: 2, rules: rules2008 })).toBe(9000);
  });

  it('halves 经济适用住房 and a street renaming; gives free 查封 and 注销', () => {
    expect(total({ kind: 'transfer', use: 'residential', specialCase: 'affordable-housing', rules: rules2008 })).toBe(4000);
    expect(total({ kind: 'change', use: 'non-residential', specialCase: 'address-renaming', rules: rules2008 })).toBe(27500);
    expect(total({ kind: 'seizure', use: 'residential', rules: rules2008 })).toBe(0);
    expect(total({ kind: 'cancel', use: 'non-residential', rules: rules2008 })).toBe(0);
  });
});

describe('recompute', () => {
  it('reproduces a stored quote from its rules id and input', () => {
    const r = quote({ kind: 'transfer', use: 'residential', certificates: 2, date: '2026-11-28' });
    if (!r.ok) throw new Error('quote failed');
    const stored = JSON.parse(JSON.stringify(r.value)) as typeof r.value;
    expect(recompute(stored)).toEqual({ ok: true, value: r.value });
  });

  it('reports a receipt whose total was altered, and rules it does not know', () => {
    const r = quote({ kind: 'transfer', use: 'non-residential', rules: rules2008 });
    if (!r.ok) throw new Error('quote failed');
    expect(recompute({ ...r.value, totalFen: fen(8000) })).toEqual({ ok: false, error: { code: 'mismatch', expectedFen: 55000, quotedFen: 8000 } });
    expect(recompute({ ...r.value, rules: 'gb-2030-1@1' })).toEqual({ ok: false, error: { code: 'unknown-rules', rules: 'gb-2030-1@1' } });
  });
});

describe('every standard has each kind of relief', () => {
  it.each([['2008'], ['2016']])('the %s table has halved, free, exempt and certificate-only cases', (ref) => {
    const table = findFeeTable(ref);
    const treatments = new Set(table?.specialCases.map((c) => c.treatment));
    expect(treatments).toEqual(new Set(['halved', 'free', 'exempt', 'certificate-only']));
  });
});

describe('the rules a fee was worked out by, as staff read them', () => {
  it('names the notice and the version of its table, never the id a receipt carries', () => {
    expect(feeRulesLabel(findFeeTable('gb-2016-2559@1')!)).toBe('发改价格规〔2016〕2559号收费表第1版');
    expect(feeRulesLabel(findFeeTable('gb-2016-2559@2')!)).toBe('发改价格规〔2016〕2559号收费表第2版');
    expect(feeRulesLabel(findFeeTable('2008')!)).not.toContain('gb-');
  });

  it('names an office schedule that changes amounts as the local table it is', () => {
    const local = feeTableFromSchedule({ id: 'JMS-2027', effectiveFrom: '2027-01-01', rules: [{ code: 'registration-residential', amountFen: 6000 }] });
    expect(local.ok && feeRulesLabel(local.value)).toBe('本地收费表 jms-2027（以2559号为基础）');
  });
});
