import { describe, expect, it } from 'vitest';
import { fen } from '#domain/money.ts';
import { checkTables, estimateCost, type CostTables, type EstimateBuilding } from '#domain/map/compensation.ts';
import { formatAreaM2, parseAreaM2, summarizeRegion } from '#domain/map/region-summary.ts';

const tables: CostTables = {
  unitValues: [
    { zone: '一级', use: 'residential', fenPerM2: fen(600_000) },
    { zone: '一级', use: 'commercial', fenPerM2: fen(900_000) },
    { zone: '二级', use: 'residential', fenPerM2: fen(450_000) },
  ],
  relocationFenPerM2: fen(1_500),
  interimFenPerM2Month: fen(1_200),
  interimMonths: 18,
  pipeFenPerMetre: { arterial: fen(320_000), secondary: fen(200_000), branch: fen(120_000) },
};

const buildings: EstimateBuilding[] = [
  { id: 'A', category: 'registered', zone: '一级', use: 'residential', floorAreaDm2: 123_456 },
  { id: 'B', category: 'temporary-valid', zone: '二级', use: 'residential', floorAreaDm2: 8_025 },
  { id: 'C', category: 'unregistered', zone: '二级', use: 'residential', floorAreaDm2: 10_000 },
  { id: 'D', category: 'illegal', zone: '一级', use: 'commercial', floorAreaDm2: 5_050 },
  { id: 'E', category: 'temporary-expired', zone: '一级', use: 'commercial', floorAreaDm2: 3_000 },
  { id: 'F', category: 'registered', zone: '一级', use: 'commercial', floorAreaDm2: 20_001 },
];
const streets = [
  { streetClass: 'arterial', metres: 120.5 },
  { streetClass: 'branch', metres: 33.333 },
  { streetClass: 'arterial', metres: 79.5 },
] as const;

describe('the cost estimate of a region, worked by hand', () => {
  const r = estimateCost(buildings, streets, tables);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const e = r.value;

  it('values registered buildings and temporary ones within their period at the appraised rate of their zone and use (第19条, 第24条)', () => {
    // A 1234.56 m² × 6000 元 = 7,407,360.00 元; B 80.25 m² × 4500 元 = 361,125.00 元; F 200.01 m² × 9000 元 = 1,800,090.00 元.
    expect(e.compensable.ids).toEqual(['A', 'B', 'F']);
    expect(e.compensable.floorAreaDm2).toBe(151_482);
    expect(e.compensable.values).toEqual([
      { zone: '一级', use: 'residential', count: 1, floorAreaDm2: 123_456, fenPerM2: 600_000, valueFen: 740_736_000 },
      { zone: '一级', use: 'commercial', count: 1, floorAreaDm2: 20_001, fenPerM2: 900_000, valueFen: 180_009_000 },
      { zone: '二级', use: 'residential', count: 1, floorAreaDm2: 8_025, fenPerM2: 450_000, valueFen: 36_112_500 },
    ]);
    expect(e.compensable.valueFen).toBe(956_857_500);
  });

  it('adds relocation (15 元/m²) and interim housing (12 元/m² × 18 months) on the same area (第17条)', () => {
    // Relocation: 18,518.40 + 1,203.75 + 3,000.15 元. Interim: 216 元/m² → 266,664.96 + 17,334.00 + 43,202.16 元.
    expect(e.compensable.relocationFen).toBe(2_272_230);
    expect(e.compensable.interimFen).toBe(32_720_112);
    expect(e.compensable.totalFen).toBe(991_849_842);
  });

  it('lists unregistered buildings for survey, with what they would cost if found lawful (第24条第2款)', () => {
    // C 100 m² × (4500 + 15 + 216) 元 = 473,100.00 元.
    expect(e.forSurvey).toEqual({ count: 1, floorAreaDm2: 10_000, ids: ['C'], ifLawfulFen: 47_310_000 });
  });

  it('lists illegal buildings and expired temporary ones without compensation (第24条第2款)', () => {
    expect(e.illegal).toEqual({ count: 1, floorAreaDm2: 5_050, ids: ['D'] });
    expect(e.expiredTemporary).toEqual({ count: 1, floorAreaDm2: 3_000, ids: ['E'] });
  });

  it('prices pipe works per metre of street in the region, per street class', () => {
    // Arterial 200 m × 3200 元 = 640,000 元; branch 33.33 m × 1200 元 = 39,996 元.
    expect(e.pipeWorks).toEqual([
      { streetClass: 'arterial', metres: 200, fenPerMetre: 320_000, fen: 64_000_000 },
      { streetClass: 'branch', metres: 33.33, fenPerMetre: 120_000, fen: 3_999_600 },
    ]);
    expect(e.pipeFen).toBe(67_999_600);
    expect(e.totalFen).toBe(1_059_849_442);
  });
});

describe('what the estimate refuses', () => {
  it('names every zone and use a compensable building has no rate for', () => {
    const r = estimateCost([...buildings, { id: 'G', category: 'registered', zone: '三级', use: 'office', floorAreaDm2: 100 }], [], tables);
    expect(r).toEqual({ ok: false, error: { code: 'rate-missing', missing: [{ zone: '三级', use: 'office', count: 1 }] } });
  });

  it('does not need a rate for buildings that are not compensated', () => {
    const r = estimateCost([{ id: 'H', category: 'illegal', zone: '九级', use: 'office', floorAreaDm2: 100 }], [], tables);
    expect(r.ok && r.value.totalFen).toBe(0);
  });

  it('refuses a total above one hundred billion yuan rather than lose precision', () => {
    const huge = Array.from({ length: 200 }, (_, i): EstimateBuilding => ({ id: `h${i}`, category: 'registered', zone: '一级', use: 'commercial', floorAreaDm2: 1_000_000_000 }));
    expect(estimateCost(huge, [], tables)).toEqual({ ok: false, error: { code: 'too-large' } });
  });

  it('rounds each building half up to the fen', () => {
    const r = estimateCost([{ id: 'x', category: 'registered', zone: '一级', use: 'residential', floorAreaDm2: 50 }], [], { ...tables, unitValues: [{ zone: '一级', use: 'residential', fenPerM2: fen(1) }], relocationFenPerM2: fen(0), interimMonths: 0 });
    expect(r.ok && r.value.compensable.valueFen).toBe(1);
  });

  it('checks the tables the office sets', () => {
    expect(checkTables(tables)).toBeNull();
    expect(checkTables({ ...tables, unitValues: [...tables.unitValues, { zone: '一级', use: 'residential', fenPerM2: fen(1) }] })).toEqual({ code: 'duplicate-rate', zone: '一级', use: 'residential' });
    expect(checkTables({ ...tables, interimMonths: 1.5 })).toEqual({ code: 'bad-months', months: 1.5 });
    expect(checkTables({ ...tables, unitValues: [{ zone: '<b>', use: 'office', fenPerM2: fen(1) }] })).toEqual({ code: 'bad-zone', zone: '<b>' });
  });
});

describe('region counts and areas', () => {
  it('sums counts and floor areas per status in whole dm²', () => {
    const s = summarizeRegion(buildings.map((b) => ({ id: b.id, category: b.category, floorAreaDm2: b.floorAreaDm2 })));
    expect(s.total).toEqual({ count: 6, floorAreaDm2: 169_532 });
    expect(s.byCategory.registered).toEqual({ count: 2, floorAreaDm2: 143_457 });
    expect(s.byCategory['temporary-valid']).toEqual({ count: 1, floorAreaDm2: 8_025 });
    expect(formatAreaM2(169_532)).toBe('1695.32');
    expect(parseAreaM2('80.5')).toBe(8_050);
    expect(parseAreaM2('80.555')).toBeNull();
  });
});
