import { holdingText } from './register-text.ts';
import { type RegisterStatus, type RegisterView } from './project.ts';

/**
 * What a van carries of a unit's register: enough to tell on site whether the unit may be disposed of and
 * why not, nothing it does not need (no ID numbers, no history). Built from the register, never typed in.
 */
export type UnitRegisterSummary = {
  asOf: string;
  status: RegisterStatus;
  holders: { name: string; holding: string }[];
  mortgages: { mortgagee: string; amountFen: number | null; termTo: string | null }[];
  seizures: { court: string; noticeNumber: string; standing: 'effective' | 'waiting'; rank: number; to: string | null }[];
  advanceNotice: boolean;
  objection: boolean;
  /** The contract filed online for the unit (网签备案): what the van's intake shows beside the holders. */
  contractFiling: { contractNumber: string; filedOn: string; buyers: string[] } | null;
  /** When the latest court act on the unit reached the office; a van compares it with what it held before. */
  courtActAt: string | null;
};

export type UnitFlags = { seized: boolean; mortgaged: boolean; advanceNotice: boolean; inProgress: boolean };

export function unitSummary(v: RegisterView): UnitRegisterSummary {
  const live = [...(v.seizures.effective ? [v.seizures.effective] : []), ...v.seizures.waiting];
  const courtActs = v.history.flatMap((e) => (e.kind === 'seizure-recorded' || e.kind === 'seizure-renewed' || e.kind === 'seizure-lifted' ? [e.document.deliveredAt] : []));
  return {
    asOf: v.asOf,
    status: v.status,
    holders: (v.ownership?.holders ?? []).map((h) => ({ name: h.name, holding: holdingText(h.holding) })),
    mortgages: v.mortgages.map((m) => ({ mortgagee: m.mortgagee, amountFen: m.amountFen, termTo: m.termTo })),
    seizures: live.map((s) => ({ court: s.document.court, noticeNumber: s.document.noticeNumber, standing: s.standing === 'effective' ? 'effective' : 'waiting', rank: s.rank ?? 0, to: s.to })),
    advanceNotice: v.advanceNotices.length > 0,
    objection: v.objections.length > 0,
    contractFiling: v.contractFiling && { contractNumber: v.contractFiling.contractNumber, filedOn: v.contractFiling.filedOn, buyers: [...v.contractFiling.buyers] },
    courtActAt: courtActs.sort().at(-1) ?? null,
  };
}

/** The status flags the van's unit check reads (domain/units/unit-status.ts); 在办 comes from open cases, not the register. */
export function unitFlags(v: RegisterView, inProgress: boolean): UnitFlags {
  return { seized: v.seizures.effective !== null, mortgaged: v.mortgages.length > 0, advanceNotice: v.advanceNotices.length > 0, inProgress };
}
