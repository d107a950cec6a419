import { type PropertyUse } from '#domain/business/business-kinds.ts';
import { type AreaDm2 } from '#domain/map/region-summary.ts';

/**
 * The building table (楼盘表): a development project, its buildings and their units, each unit under its
 * 不动产单元号 (GB/T 37346) and, once the authority allows its sale, under the permit that does.
 *
 * A unit may be sold only under one of two acts of the housing authority:
 * - a 商品房预售许可证 for a building still under construction (《城市房地产管理法》第四十五条第一款第（四）项;
 *   《城市商品房预售管理办法》第六条: 商品房预售实行许可制度; 《城市房地产开发经营管理条例》第二十二条);
 * - a completion filing (竣工验收备案) for a finished building sold as it stands (现售; 《商品房销售管理办法》第七条).
 * A unit outside every permit cannot be sold, and the office files no contract for it.
 */

export type Project = { id: string; name: string; developerId: string; districtCode: string; address: string };

export type Building = { id: string; projectId: string; name: string; floors: number };

export type BuildingUnit = {
  unitNumber: string;
  projectId: string;
  buildingId: string;
  floor: number;
  room: string;
  use: PropertyUse;
  /** 预测建筑面积 (or 实测 once surveyed), whole dm² (0.01 m²). */
  areaDm2: AreaDm2;
  /** 户型: bedrooms and living rooms (室、厅), as the sales table and the listings show them. */
  rooms: number;
  halls: number;
  /** The developer's declared price per m² of building area (申报价), in fen; null when none is declared. */
  listFenPerM2: number | null;
  /** Kept off the market by the developer (回迁, 配套, 保留): never for sale whatever the permit says. */
  withheld: boolean;
};

export type PermitKind = 'presale' | 'completion';

export type SalePermit = {
  id: string;
  projectId: string;
  kind: PermitKind;
  /** 预售许可证号 or 竣工验收备案号, unique. */
  number: string;
  authority: string;
  issuedOn: string;
  /** Buildings the permit covers (a 预售许可 names its buildings). */
  buildingIds: readonly string[];
  /** When the authority withdrew it (撤销/注销); null while it stands. */
  revokedOn: string | null;
};

export type SaleBasisError = 'no-permit' | 'permit-not-yet' | 'permit-revoked' | 'withheld';

/**
 * The permit under which `unit` may be sold on `day`: a completion filing wins over a presale permit (the
 * building is finished; the contract is then 现售, GF-2014-0172). A withheld unit has no basis whatever permits exist.
 */
export function saleBasisOf(unit: BuildingUnit, permits: readonly SalePermit[], day: string): { ok: true; permit: SalePermit } | { ok: false; error: SaleBasisError } {
  if (unit.withheld) return { ok: false, error: 'withheld' };
  const covering = permits.filter((p) => p.projectId === unit.projectId && p.buildingIds.includes(unit.buildingId));
  if (covering.length === 0) return { ok: false, error: 'no-permit' };
  const standing = covering.filter((p) => p.revokedOn === null || p.revokedOn > day);
  if (standing.length === 0) return { ok: false, error: 'permit-revoked' };
  const inForce = standing.filter((p) => p.issuedOn <= day);
  if (inForce.length === 0) return { ok: false, error: 'permit-not-yet' };
  const completion = inForce.find((p) => p.kind === 'completion');
  return { ok: true, permit: completion ?? (inForce[0] as SalePermit) };
}

export type PermitError = 'number-empty' | 'no-buildings' | 'unknown-building' | 'issued-in-future' | 'number-taken';

/** Checks a permit as the office enters it from the authority's paper. */
export function checkPermit(p: Omit<SalePermit, 'id' | 'revokedOn'>, buildings: readonly Building[], existingNumbers: readonly string[], today: string): PermitError | null {
  if (p.number.trim() === '') return 'number-empty';
  if (p.buildingIds.length === 0) return 'no-buildings';
  if (p.buildingIds.some((id) => !buildings.some((b) => b.id === id && b.projectId === p.projectId))) return 'unknown-building';
  if (p.issuedOn > today) return 'issued-in-future';
  if (existingNumbers.includes(p.number.trim())) return 'number-taken';
  return null;
}

/** Which building a unit belongs to: the 24 characters of parcel and 自然幢号 in its 不动产单元号 (GB/T 37346). */
export const buildingKeyOfUnit = (unitNumber: string): string => unitNumber.slice(0, 24);

/** A unit's floor band as a listing shows it, so the room (and its owner) cannot be told from a public page. */
export type FloorBand = 'low' | 'middle' | 'high';

export function floorBand(floor: number, floors: number): FloorBand {
  if (floors <= 3 || floor <= Math.ceil(floors / 3)) return 'low';
  if (floor > Math.floor((floors * 2) / 3)) return 'high';
  return 'middle';
}
