import { type UnitFacts } from '#domain/market/unit-facts.ts';

/** A filing's standing as the register shows it: filed (with whom), or no longer filed (and why). */
export type RegisterFiling =
  | { kind: 'filed'; unitNumber: string; filingId: string; contractNumber: string; buyers: readonly string[]; filedOn: string }
  | { kind: 'ended'; unitNumber: string; filingId: string; reason: string };

/**
 * What the market needs of the unit register (登记簿), which the archive keeps: the facts of a unit as of a
 * day, the filing status written into its slot of the register, and word when a unit's register changes (a
 * seizure, a 登簿). The market reads these facts when it decides and keeps no copy of them.
 */
export type RegisterPort = {
  /** The register of a unit on `day`; null when the register does not hold the unit. */
  facts(unitNumber: string, day: string): Promise<UnitFacts | null>;
  /** The same for many units at once (a project's sales table), by unit number; units not held are absent. */
  factsOf(unitNumbers: readonly string[], day: string): Promise<Map<string, UnitFacts>>;
  /** Writes a filing's status into the register; writing the same status twice changes nothing. */
  writeFiling(f: RegisterFiling, at: string): Promise<void>;
  /** Calls `fn` with a unit number after its register has changed; answers the way to stop listening. */
  onChange(fn: (unitNumber: string) => void): () => void;
};
