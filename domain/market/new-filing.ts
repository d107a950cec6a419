import { type BuildingUnit, type SaleBasisError, type SalePermit, saleBasisOf } from './building-table.ts';
import { type ContractDraft, type DraftProblem, checkDraft } from './contract.ts';
import { type UnitFacts, isSeized } from './unit-facts.ts';

/**
 * Whether a drafted contract may be filed now. The checks in order of what the developer can do about them:
 * the unit is the developer's and for sale under a permit; the register does not stop the sale; no other
 * filing stands; the draft itself is complete and consistent.
 */
export type NewFilingRefusal =
  | { code: 'not-own-unit' }
  | { code: 'not-for-sale'; basis: SaleBasisError }
  | { code: 'seized'; court: string; noticeNumber: string }
  | { code: 'advance-notice' }
  | { code: 'already-filed'; contractNumber: string }
  | { code: 'draft'; problems: DraftProblem[] };

export type FilingContext = {
  unit: BuildingUnit;
  developerOfUnit: string;
  permits: readonly SalePermit[];
  facts: UnitFacts;
  /** The filing that stands on the unit, as the filing store holds it (the register may lag it). */
  activeContractNumber: string | null;
};

export function checkNewFiling(draft: ContractDraft, developerId: string, ctx: FilingContext, today: string): { ok: true; permit: SalePermit } | { ok: false; error: NewFilingRefusal } {
  if (ctx.developerOfUnit !== developerId) return { ok: false, error: { code: 'not-own-unit' } };
  const basis = saleBasisOf(ctx.unit, ctx.permits, today);
  if (!basis.ok) return { ok: false, error: { code: 'not-for-sale', basis: basis.error } };
  // 《城市房地产管理法》第三十八条第（二）项: seized real estate is not transferred.
  if (isSeized(ctx.facts)) return { ok: false, error: { code: 'seized', court: ctx.facts.seizure?.court ?? '', noticeNumber: ctx.facts.seizure?.noticeNumber ?? '' } };
  // 《民法典》第二百二十一条: a 预告 holder's claim stands against a later sale of the home.
  if (ctx.facts.advanceNotice) return { ok: false, error: { code: 'advance-notice' } };
  const standing = ctx.activeContractNumber ?? ctx.facts.contractNumber;
  if (standing !== null) return { ok: false, error: { code: 'already-filed', contractNumber: standing } };
  const problems = checkDraft(draft, ctx.unit, basis.permit.kind, today);
  if (problems.length > 0) return { ok: false, error: { code: 'draft', problems } };
  return { ok: true, permit: basis.permit };
}
