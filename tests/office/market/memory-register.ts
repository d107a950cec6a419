import { type UnitFacts, unregisteredUnit } from '#domain/market/unit-facts.ts';
import { type RegisterFiling, type RegisterPort } from '#server/office/market/register-port.ts';

/**
 * A register held in memory, for the market's service tests: facts set by the test, filings written as the
 * archive's register would show them. The office's own register is the archive's (archive-register.ts).
 */
export class MemoryRegister implements RegisterPort {
  readonly units = new Map<string, UnitFacts>();
  readonly written: RegisterFiling[] = [];
  private readonly listeners = new Set<(unitNumber: string) => void>();

  set(unitNumber: string, change: Partial<UnitFacts>): void {
    this.units.set(unitNumber, { ...(this.units.get(unitNumber) ?? unregisteredUnit(unitNumber)), ...change });
    for (const fn of this.listeners) fn(unitNumber);
  }

  facts(unitNumber: string): Promise<UnitFacts | null> {
    return Promise.resolve(this.units.get(unitNumber) ?? null);
  }

  factsOf(unitNumbers: readonly string[]): Promise<Map<string, UnitFacts>> {
    return Promise.resolve(new Map(unitNumbers.flatMap((u) => (this.units.has(u) ? [[u, this.units.get(u) as UnitFacts]] : []))));
  }

  writeFiling(f: RegisterFiling): Promise<void> {
    this.written.push(f);
    const current = this.units.get(f.unitNumber) ?? unregisteredUnit(f.unitNumber);
    this.units.set(f.unitNumber, { ...current, contractNumber: f.kind === 'filed' ? f.contractNumber : null });
    return Promise.resolve();
  }

  onChange(fn: (unitNumber: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
