import { useMemo } from 'react';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { useObservable } from './use-observable.ts';
import { useServices } from './services.ts';

type Unit = Omit<UnitDoc, '_deleted'>;

/**
 * Units as the van holds them now, read live: a unit document the sync writes (a court's 查封 recorded at the office
 * while the van was offline, say) re-renders the screen at once (docs/archive.md, "Court seizures").
 */
export function useUnits(unitIds: readonly string[]): ReadonlyMap<string, Unit> {
  const { db } = useServices();
  const key = [...new Set(unitIds)].sort().join(',');
  const units$ = useMemo(() => (key ? db.units.find({ selector: { id: { $in: key.split(',') } } }).$ : null), [db, key]);
  const docs = useObservable(units$, []);
  return useMemo(() => new Map(docs.map((d) => [d.id, d.toJSON() as Unit])), [docs]);
}
