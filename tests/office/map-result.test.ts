import { describe, expect, it } from 'vitest';
import { type Estimate } from '#domain/map/compensation.ts';
import { summarizeRegion } from '#domain/map/region-summary.ts';
import { fen } from '#domain/money.ts';
import { estimateLines } from '#server/office/map/map-export.ts';
import { M } from '#server/office/map/map-page-text.ts';
import { resultFragment } from '#server/office/map/map-result.ts';
import { type BuildingRow, type RegionResult } from '#server/office/map/map-service.ts';

/** A district with one registered building of 12,573.60 ㎡ and 1,234.50 m of arterial road. */
const AREA = 1_257_360;
const building = {
  id: '230803-001', address: '佳木斯市向阳区长安路88号', use: 'residential', zone: '一级', floors: 18, floorAreaDm2: AREA, unitIds: [], category: 'registered',
  decision: { seq: 1, buildingId: '230803-001', status: 'registered', decidedBy: '不动产登记中心', decidedOn: '2020-05-01', basis: '不动产权证书', approvedUntil: null, recordedBy: 'seed', recordedAt: '2020-05-01T00:00:00Z' },
} as unknown as BuildingRow;
const listed = (dm2: number) => ({ count: dm2 > 0 ? 1 : 0, floorAreaDm2: dm2, ids: dm2 > 0 ? [building.id] : [] });
const estimate: Estimate = {
  compensable: { ...listed(AREA), values: [{ zone: '一级', use: 'residential', count: 1, floorAreaDm2: AREA, fenPerM2: fen(680_000), valueFen: fen(8_550_048_000) }], valueFen: fen(8_550_048_000), relocationFen: fen(25_147_200), interimFen: fen(150_883_200), totalFen: fen(8_726_078_400) },
  forSurvey: { ...listed(0), ifLawfulFen: fen(0) },
  illegal: listed(0),
  expiredTemporary: listed(0),
  pipeWorks: [{ streetClass: 'arterial', metres: 1234.5, fenPerMetre: fen(120_000), fen: fen(148_140_000) }],
  pipeFen: fen(148_140_000),
  totalFen: fen(8_874_218_400),
};
const result: RegionResult = {
  label: '甲区', polygon: { type: 'Polygon', coordinates: [] } as unknown as RegionResult['polygon'], day: '2026-12-01',
  summary: summarizeRegion([{ id: building.id, category: 'registered', floorAreaDm2: AREA }]), rows: [building],
  streets: [{ streetClass: 'arterial', metres: 1234.5 }], estimate: { ok: true, value: estimate, tablesVersion: 1 },
};

describe('the map query panel’s figures', () => {
  it('groups areas and distances by thousands, as the office’s other pages do: 12,573.60 ㎡, 1,234.50 m', () => {
    const text = resultFragment(result).text;
    expect(text).toContain('<td class="a">12,573.60</td>');
    expect(text).toContain('<th class="a">12,573.60</th>');
    expect(text).toContain('<td>主干路</td><td>1,234.50</td>');
    expect(text).not.toMatch(/12573|1234\.5/);
    expect(estimateLines(result).find(([k]) => k === M.estimateLines.compensation)?.[1] ?? '').toContain('（1 栋，12,573.60 ㎡）');
  });
});
