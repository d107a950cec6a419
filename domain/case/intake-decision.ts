import { type BusinessKind } from '#domain/business/business-kinds.ts';
import { type IntakeRefusalGround, type ReceivedMaterial, type ShortfallLine } from '#domain/case/events.ts';
import { checkMaterials } from '#domain/materials/check-materials.ts';
import { type MaterialSpec } from '#domain/materials/required-materials.ts';
import { type RegistrationOffice, type ServiceArea, JIAMUSI_CITY_AREA, checkServiceArea } from '#domain/units/service-area.ts';
import { type UnitBlock, type UnitCheckOptions, type UnitStatus, UNIT_BLOCK_BASIS, UNIT_BLOCK_TEXT, canProceed, unitBlockText } from '#domain/units/unit-status.ts';

/**
 * The answer at the counter (《不动产登记暂行条例》第十七条), always in writing:
 * - `accept`: materials complete and in legal form, within this office's area: 受理 and a 受理通知书 (第一款第（一）项);
 * - `correction`: materials incomplete or not in legal form: 不予受理, with everything to supply told at once
 *   (第一款第（三）项); once all is supplied the application is accepted;
 * - `refuse`: 不予受理 for a reason no material can cure: the unit is outside this office's area, and the
 *   applicant is told where to apply (第一款第（四）项, 第七条), or the law bars the registration on this unit
 *   (查封, 预告, a 抵押权首次登记 on a home under a filed sales contract) or another registration of it is under way;
 * - `update-first`: the van's copy of the unit's status is too old or invalid to decide on; nothing is decided.
 * 第十七条第二款: without a written refusal on the spot the application counts as accepted, so the van never
 * leaves the applicant with a refusal shown on screen only.
 */
export type IntakeDecision =
  | { outcome: 'accept' }
  | { outcome: 'correction'; shortfalls: ShortfallLine[] }
  | { outcome: 'refuse'; ground: IntakeRefusalGround; reasons: string[]; basis: string; referTo: RegistrationOffice | null; unitNumbers: string[] }
  | { outcome: 'update-first'; reasons: string[] };

export type IntakeUnit = { unitNumber: string; status: UnitStatus };

export type IntakeFacts = {
  kind: BusinessKind;
  units: readonly IntakeUnit[];
  required: readonly MaterialSpec[];
  received: readonly ReceivedMaterial[];
  unitCheck: UnitCheckOptions;
  area?: ServiceArea;
};

const ART17 = (item: string) => `《不动产登记暂行条例》第十七条第一款第（${item}）项`;

export const REFUSAL_BASIS = {
  outsideArea: `《不动产登记暂行条例》第七条、${ART17('四')}`,
  materials: ART17('三'),
  general: '《不动产登记暂行条例》第十七条',
} as const;

export const AREA_TEXT = {
  outside: (districtCode: string) => `该不动产位于行政区划 ${districtCode}，不属于本机构的登记范围`,
  referTo: (office: RegistrationOffice) => `请向${office.officeName}申请办理`,
  referUnknown: '请向不动产所在地的县级不动产登记机构申请办理',
} as const;

const REFUSAL_BLOCKS: readonly UnitBlock[] = ['seized', 'advance-notice', 'in-progress', 'filed-contract'];
const GROUND: Partial<Record<UnitBlock, IntakeRefusalGround>> = { seized: 'seized', 'advance-notice': 'advance-notice', 'in-progress': 'in-progress', 'filed-contract': 'filed-contract' };

/** Decides what to tell the applicant on the spot, in the order the law reads: area, bars on the unit, materials. */
export function decideIntake(facts: IntakeFacts): IntakeDecision {
  const area = facts.area ?? JIAMUSI_CITY_AREA;
  for (const u of facts.units) {
    const where = checkServiceArea(u.unitNumber, area);
    if (!where.inArea) {
      const units = facts.units.filter((x) => !checkServiceArea(x.unitNumber, area).inArea).map((x) => x.unitNumber);
      return {
        outcome: 'refuse', ground: 'outside-area', basis: REFUSAL_BASIS.outsideArea, referTo: where.referTo, unitNumbers: units,
        reasons: [AREA_TEXT.outside(where.districtCode), where.referTo ? AREA_TEXT.referTo(where.referTo) : AREA_TEXT.referUnknown],
      };
    }
  }
  const blocked = facts.units.flatMap((u) => {
    const r = canProceed(facts.kind, u.status, facts.unitCheck);
    return r.ok ? [] : r.error.map((block) => ({ unitNumber: u.unitNumber, block, text: unitBlockText(block, facts.kind, u.status) }));
  });
  // An old snapshot, or a mortgage registration on a unit the snapshot shows unmortgaged: nothing to refuse in
  // writing yet, the clerk checks the unit or updates its status first.
  const stale = blocked.filter((b) => !REFUSAL_BLOCKS.includes(b.block));
  if (stale.length > 0) return { outcome: 'update-first', reasons: [...new Set(stale.map((b) => UNIT_BLOCK_TEXT[b.block]))] };
  const [firstBlock] = blocked;
  if (firstBlock) {
    const blocks = [...new Set(blocked.map((b) => b.block))];
    const ground = GROUND[firstBlock.block] ?? 'in-progress';
    const basis = [...new Set(blocks.flatMap((b) => UNIT_BLOCK_BASIS[b] ?? []))].join('；');
    return {
      outcome: 'refuse', ground, referTo: null, unitNumbers: [...new Set(blocked.map((b) => b.unitNumber))],
      basis: basis === '' ? REFUSAL_BASIS.general : basis,
      reasons: [...new Set(blocked.map((b) => b.text))],
    };
  }
  const materials = checkMaterials(facts.required, facts.received);
  return materials.complete ? { outcome: 'accept' } : { outcome: 'correction', shortfalls: materials.shortfalls };
}
