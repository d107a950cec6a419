import { type AreaDm2 } from '#domain/map/region-summary.ts';
import { type BuildingUnit, type SalePermit, saleBasisOf } from './building-table.ts';
import { type FilingStatus } from './filing.ts';
import { type UnitFacts, isSeized } from './unit-facts.ts';

/**
 * The public sales table (销控表) of a project: which homes are for sale, filed (网签备案), sold (the buyer's
 * 转移登记 done), seized, or not for sale, with average prices. A seizure in the register shows at once
 * whatever the filing says: the court's restriction is what a buyer must know first.
 */
export type SaleStatus = 'for-sale' | 'filed' | 'sold' | 'seized' | 'not-for-sale';
export const SALE_STATUSES: readonly SaleStatus[] = ['for-sale', 'filed', 'sold', 'seized', 'not-for-sale'];

/** The unit's latest filing as the sales table needs it: its status and the price agreed. */
export type FilingSummary = { status: FilingStatus; totalFen: number; areaDm2: AreaDm2 };

export function saleStatusOf(unit: BuildingUnit, permits: readonly SalePermit[], day: string, facts: UnitFacts | null, filing: FilingSummary | null): SaleStatus {
  if (facts && isSeized(facts)) return 'seized';
  if (filing?.status === 'closed') return 'sold';
  if (filing?.status === 'active' || facts?.contractNumber) return 'filed';
  return saleBasisOf(unit, permits, day).ok ? 'for-sale' : 'not-for-sale';
}

export type SalesSummary = {
  counts: Record<SaleStatus, number>;
  /** Area-weighted average of the declared prices of the homes for sale (fen per m²); null when none declares one. */
  listAverageFenPerM2: number | null;
  /** Area-weighted average of the prices filed (filed and sold homes), fen per m²; null before the first filing. */
  filedAverageFenPerM2: number | null;
};

export type SalesRow = { unit: BuildingUnit; status: SaleStatus; filing: FilingSummary | null };

/** Σ price ÷ Σ area, in fen per m², rounded half up; null over no area. */
export function averageFenPerM2(parts: readonly { fen: number; areaDm2: AreaDm2 }[]): number | null {
  const area = parts.reduce((s, p) => s + p.areaDm2, 0);
  if (area === 0) return null;
  const fen = parts.reduce((s, p) => s + p.fen, 0);
  return Math.floor((fen * 100 + area / 2) / area);
}

export function summarizeSales(rows: readonly SalesRow[]): SalesSummary {
  const counts = Object.fromEntries(SALE_STATUSES.map((s) => [s, 0])) as Record<SaleStatus, number>;
  for (const r of rows) counts[r.status] += 1;
  const listed = rows.filter((r) => r.status === 'for-sale' && r.unit.listFenPerM2 !== null);
  const filed = rows.flatMap((r) => ((r.status === 'filed' || r.status === 'sold') && r.filing ? [r.filing] : []));
  return {
    counts,
    listAverageFenPerM2: averageFenPerM2(listed.map((r) => ({ fen: Math.round(((r.unit.listFenPerM2 ?? 0) * r.unit.areaDm2) / 100), areaDm2: r.unit.areaDm2 }))),
    filedAverageFenPerM2: averageFenPerM2(filed.map((f) => ({ fen: f.totalFen, areaDm2: f.areaDm2 }))),
  };
}
