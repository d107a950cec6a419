import { describe, expect, it } from 'vitest';
import { BUSINESS_KIND_KEYS } from '#domain/business/business-kinds.ts';
import { quote } from '#domain/fees/quote.ts';
import { findFeeTable } from '#domain/fees/tables.ts';
import { serviceGuide } from '#domain/guide/service-guide.ts';

const guide = () => {
  const g = serviceGuide('2026-11-30');
  if (!g.ok) throw new Error('no guide');
  return g.value;
};

describe('service guide (办事公开)', () => {
  it('covers every business kind with materials, both time limits and the legal basis', () => {
    const g = guide();
    expect(g.items.map((i) => i.code)).toEqual(BUSINESS_KIND_KEYS);
    for (const item of g.items) {
      expect(item.materials.length).toBeGreaterThan(0);
      expect(item.promisedDays).toBeLessThanOrEqual(item.legalDays);
      expect(item.legalBasis.join('')).toContain('不动产登记暂行条例');
    }
  });

  it('publishes exactly the fees the fee engine charges under the table in force', () => {
    const g = guide();
    expect(g.feeRuleVersion).toContain('2559');
    const transfer = g.items.find((i) => i.code === 'transfer')!;
    const table = findFeeTable('gb-2016-2559')!;
    for (const use of ['residential', 'non-residential'] as const) {
      const q = quote({ kind: 'transfer', use, rules: table });
      expect(q.ok).toBe(true);
      if (q.ok) for (const item of q.value.items) expect(transfer.fees).toContainEqual(expect.objectContaining({ label: item.name, amountFen: item.unitFen }));
    }
    expect(transfer.fees.map((f) => f.amountFen)).toEqual(expect.arrayContaining([8000, 55000]));
  });

  it('lists no fee for a seizure and marks extra materials as conditional', () => {
    const g = guide();
    expect(g.items.find((i) => i.code === 'seizure')!.fees).toEqual([]);
    const transfer = g.items.find((i) => i.code === 'transfer')!;
    expect(transfer.materials.some((m) => m.note.includes('委托代理人办理的'))).toBe(true);
  });

  it('publishes the fee table’s public note, never its internal note (provenance and open questions)', () => {
    const table = findFeeTable('gb-2016-2559')!;
    expect(table.internalNote).toContain('尚待财务核实');
    const published = JSON.stringify(guide());
    expect(published).not.toContain(table.internalNote!);
    expect(published).not.toContain('尚待财务核实');
    expect(guide().generalNotes).toContain(table.note);
  });

  it('refuses to publish a guide for a date no fee table covers', () => {
    expect(serviceGuide('2001-01-01')).toEqual({ ok: false, error: { code: 'no-fee-rules-in-force', date: '2001-01-01' } });
  });
});
