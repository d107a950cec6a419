import { type AreaDm2, areaFromM2 } from '#domain/map/region-summary.ts';
import { type RegisterView } from '#domain/register/project.ts';
import { normalizeIdNumber } from './contract.ts';

/**
 * What the market reads from a unit's register (不动产登记簿, kept by the archive): who holds it, its area,
 * and what restricts its sale. The register is the one owner of these facts; the market never keeps a copy
 * that could drift, it asks when it decides.
 */
export type UnitFacts = {
  unitNumber: string;
  /** Current holders' ID numbers (normalised), empty when no ownership is registered (a presale home). */
  holderIds: readonly string[];
  holderCount: number;
  /** 建筑面积 as the register records it; null when the register has no natural status yet. */
  areaDm2: AreaDm2 | null;
  address: string | null;
  /** The seizure in effect (查封), as the public may be told of it: court and notice number. */
  seizure: { court: string; noticeNumber: string } | null;
  /** Seizures waiting in line (轮候查封): no sale either, the unit is seized as soon as the first is lifted. */
  waitingSeizures: number;
  mortgaged: boolean;
  advanceNotice: boolean;
  objection: boolean;
  /** The contract filing the register shows (written there by the filing system). */
  contractNumber: string | null;
  /** The case whose 登簿 registered the current ownership, and when; null when no case did (imported, or none). */
  ownershipCase: { caseId: string; caseNumber: string; registeredAt: string } | null;
};

export function unitFactsOf(v: RegisterView): UnitFacts {
  const holders = v.ownership?.holders ?? [];
  const effective = v.seizures.effective;
  return {
    unitNumber: v.unitNumber,
    holderIds: holders.map((h) => normalizeIdNumber(h.idNumber)),
    holderCount: holders.length,
    areaDm2: v.natural ? areaFromM2(v.natural.areaM2) : null,
    address: v.natural?.address ?? null,
    seizure: effective ? { court: effective.document.court, noticeNumber: effective.document.noticeNumber } : null,
    waitingSeizures: v.seizures.waiting.length,
    mortgaged: v.mortgages.length > 0,
    advanceNotice: v.advanceNotices.length > 0,
    objection: v.objections.length > 0,
    contractNumber: v.contractFiling?.contractNumber ?? null,
    ownershipCase: v.ownership?.source.kind === 'case' ? { caseId: v.ownership.source.caseId, caseNumber: v.ownership.source.caseNumber, registeredAt: v.ownership.registeredAt } : null,
  };
}

/** A unit the register does not know: a home sold off-plan before its 首次登记 has nothing registered yet. */
export const unregisteredUnit = (unitNumber: string): UnitFacts => ({
  unitNumber,
  holderIds: [],
  holderCount: 0,
  areaDm2: null,
  address: null,
  seizure: null,
  waitingSeizures: 0,
  mortgaged: false,
  advanceNotice: false,
  objection: false,
  contractNumber: null,
  ownershipCase: null,
});

/** Seized now, or in line to be: either way it may not be sold (《城市房地产管理法》第三十八条第（二）项). */
export const isSeized = (f: UnitFacts): boolean => f.seizure !== null || f.waitingSeizures > 0;
