import { chinaDate } from '#domain/calendar/china-time.ts';
import { type UnitFacts, unitFactsOf } from '#domain/market/unit-facts.ts';
import { type RegisterEntry, type RegisterEntryBody, type RegisterSource } from '#domain/register/entries.ts';
import { projectRegister } from '#domain/register/project.ts';
import { ok } from '#domain/result.ts';
import { type RegisterStore } from '#server/office/archive/register-store.ts';
import { type RegisterFiling, type RegisterPort } from './register-port.ts';

/** Who the register names as the writer of a filing's entries. */
const FILING_SYSTEM = 'contract-filing';

/** The filing's entries have ids of their own, so writing the same status twice appends nothing (the store skips known ids). */
const entryId = (f: RegisterFiling): string => `filing:${f.filingId}:${f.kind}`;

function filingEntry(f: RegisterFiling, entries: readonly RegisterEntry[], day: string): { body: RegisterEntryBody; source: RegisterSource } | null {
  if (f.kind === 'filed') {
    return { body: { kind: 'contract-filed', filingId: f.filingId, contractNumber: f.contractNumber, buyers: [...f.buyers], filedOn: f.filedOn }, source: { kind: 'filing', filingNumber: f.contractNumber } };
  }
  // An ending is written only over the filing the register shows; one it never showed has nothing to end.
  const shown = projectRegister(f.unitNumber, entries, day).contractFiling;
  if (shown?.filingId !== f.filingId) return null;
  return { body: { kind: 'contract-filing-cancelled', filingId: f.filingId, reason: f.reason }, source: { kind: 'filing', filingNumber: shown.contractNumber } };
}

/**
 * The market's view of the archive's unit register (`RegisterStore`): facts as the register projects them on a
 * day, the filing written into the unit's chain as its own entries, and word of every change made through the
 * store this adapter hands out (`store`: give it to the archive, so its seizures and 登簿 reach the market).
 * A unit the register does not hold yet (a home sold off-plan before its 首次登记) gets no filing entry: the
 * register's first entry of a unit is its establishment, and the filing stays with the market until then.
 */
export class ArchiveRegister implements RegisterPort {
  readonly store: RegisterStore;
  private readonly listeners = new Set<(unitNumber: string) => void>();

  constructor(inner: RegisterStore) {
    const changed = (unitNumbers: readonly string[]) => {
      for (const u of unitNumbers) for (const fn of this.listeners) fn(u);
    };
    this.store = {
      ...inner,
      append: async (unitNumber, decide) => {
        const r = await inner.append(unitNumber, decide);
        if (r.ok && r.value.length > 0) changed([unitNumber]);
        return r;
      },
      appendNewUnits: async (units) => {
        const r = await inner.appendNewUnits(units);
        if (r.ok) changed(units.map((u) => u.unitNumber));
        return r;
      },
      retime: async (unitNumber, day, at, then) => {
        await inner.retime(unitNumber, day, at, then);
        changed([unitNumber]);
      },
    };
  }

  async facts(unitNumber: string, day: string): Promise<UnitFacts | null> {
    const entries = await this.store.entriesOf(unitNumber);
    return entries.length > 0 ? unitFactsOf(projectRegister(unitNumber, entries, day)) : null;
  }

  async factsOf(unitNumbers: readonly string[], day: string): Promise<Map<string, UnitFacts>> {
    const out = new Map<string, UnitFacts>();
    for (const u of unitNumbers) {
      const f = await this.facts(u, day);
      if (f) out.set(u, f);
    }
    return out;
  }

  async writeFiling(f: RegisterFiling, at: string): Promise<void> {
    const day = chinaDate(at);
    await this.store.append(f.unitNumber, (entries) => {
      const entry = entries.some((e) => e.kind === 'unit-established') ? filingEntry(f, entries, day) : null;
      const add = entry ? [{ id: entryId(f), body: entry.body }] : [];
      return ok({ entries: add, source: entry?.source ?? { kind: 'office', reason: FILING_SYSTEM }, recordedBy: FILING_SYSTEM, recordedAt: at, outbox: add.length > 0 ? [{ kind: 'snapshot' }] : [] });
    });
  }

  onChange(fn: (unitNumber: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
