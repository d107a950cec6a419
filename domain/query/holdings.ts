import { type PropertyUse } from '#domain/business/business-kinds.ts';
import { upgradeLegacyResidentId } from '#domain/identity/resident-id.ts';
import { type RegisterView } from '#domain/register/project.ts';
import { holdingText } from '#domain/register/register-text.ts';
import { type Identity } from './requests.ts';

/**
 * A holder's own 有房/无房 answer: every unit the register shows them holding today, found by their identity
 * (办法 第十五条第（一）项), on a self-service terminal that checks the identity itself (第十六条). Housing means a
 * unit registered for residential use.
 */
export type HoldingsProof = {
  person: { name: string; idNumber: string };
  asOf: string;
  units: { unitNumber: string; address: string; use: PropertyUse | null; areaM2: number | null; certificateNumber: string | null; holding: string }[];
  hasHousing: boolean;
};

/**
 * One form of an ID number for matching: old registers hold 15-digit resident ID numbers, cards carry 18
 * digits (GB 11643-1999 appendix).
 */
export function normalIdNumber(id: string): string {
  const trimmed = id.trim().toUpperCase();
  if (/^\d{15}$/.test(trimmed)) {
    const up = upgradeLegacyResidentId(trimmed);
    if (up.ok) return up.value;
  }
  return trimmed;
}

/** `candidates` may hold units the person no longer holds (an index is only a hint); each is checked here. */
export function holdingsOf(person: Identity, candidates: readonly RegisterView[], asOf: string): HoldingsProof {
  const id = normalIdNumber(person.idNumber);
  const units = candidates.flatMap((v) => {
    const mine = v.ownership?.holders.find((h) => normalIdNumber(h.idNumber) === id);
    if (!mine || !v.ownership) return [];
    return [{
      unitNumber: v.unitNumber,
      address: v.natural?.address ?? '',
      use: v.natural?.use ?? null,
      areaM2: v.natural?.areaM2 ?? null,
      certificateNumber: v.ownership.certificateNumber,
      holding: holdingText(mine.holding),
    }];
  });
  units.sort((a, b) => a.unitNumber.localeCompare(b.unitNumber));
  return { person: { name: person.name, idNumber: id }, asOf, units, hasHousing: units.some((u) => u.use === 'residential') };
}
