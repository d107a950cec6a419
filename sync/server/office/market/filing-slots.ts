import { projectFiling } from '#domain/market/filing.ts';
import { type FilingSlot, filingSlotOf } from '#domain/market/filing-slot.ts';
import { type FilingStore } from './market-store.ts';

/** The active filing of each unit asked for, as registration reads it; a unit with none is absent. */
export type FilingSlots = (unitNumbers: readonly string[]) => Promise<Map<string, FilingSlot>>;

/**
 * The filing system's answer to registration (the register page, the transfer review): each unit's active filing
 * projected from its events, read when asked, so it is never a copy that could fall behind.
 */
export function filingSlots(filings: Pick<FilingStore, 'activeFilingOf' | 'events'>): FilingSlots {
  return async (unitNumbers) => {
    const out = new Map<string, FilingSlot>();
    for (const unit of new Set(unitNumbers)) {
      const row = await filings.activeFilingOf(unit);
      if (row) out.set(unit, filingSlotOf(projectFiling(await filings.events(row.id))));
    }
    return out;
  };
}
