import { STATUS_CATEGORIES, type StatusCategory } from './building-status.ts';

/** A building's main use; the unit-value table is kept per zone and use. */
export const BUILDING_USES = ['residential', 'commercial', 'office', 'industrial'] as const;
export type BuildingUse = (typeof BUILDING_USES)[number];

/**
 * Floor area (建筑面积) is kept in whole dm² (0.01 m²), the precision of the register's areas, so sums are
 * exact integers and 0.1 + 0.2 never turns up in a total.
 */
export type AreaDm2 = number;

/** The smallest rounding-free reading of "12.34" m² into dm²; null when it is not a non-negative number with at most two decimals. */
export function parseAreaM2(text: string): AreaDm2 | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A number of m² as read from a data file (at most two decimals) into dm². */
export const areaFromM2 = (m2: number): AreaDm2 => Math.round(m2 * 100);

/** "1234.50": dm² as m² with two decimals. */
export const formatAreaM2 = (dm2: AreaDm2): string => `${Math.floor(dm2 / 100)}.${String(dm2 % 100).padStart(2, '0')}`;

export type QueriedBuilding = { id: string; category: StatusCategory; floorAreaDm2: AreaDm2 };
export type CategoryTotals = { count: number; floorAreaDm2: AreaDm2 };
export type RegionSummary = { total: CategoryTotals; byCategory: Record<StatusCategory, CategoryTotals> };

/** Counts and floor areas of the buildings in a region, per status on the query day. */
export function summarizeRegion(buildings: readonly QueriedBuilding[]): RegionSummary {
  const byCategory = Object.fromEntries(STATUS_CATEGORIES.map((c) => [c, { count: 0, floorAreaDm2: 0 }])) as Record<StatusCategory, CategoryTotals>;
  const total = { count: 0, floorAreaDm2: 0 };
  for (const b of buildings) {
    const t = byCategory[b.category];
    t.count += 1;
    t.floorAreaDm2 += b.floorAreaDm2;
    total.count += 1;
    total.floorAreaDm2 += b.floorAreaDm2;
  }
  return { total, byCategory };
}
