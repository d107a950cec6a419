import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { T } from './trip-text.ts';

type Unit = Omit<UnitDoc, '_deleted'>;

/**
 * An appointment's units under seizure, each with its court, notice and standing (查封 or the nth 轮候查封) and when
 * the court's latest act reached the office: a unit under seizure may not be transferred or burdened
 * (《城市房地产管理法》第三十八条第（二）项), so the clerk knows before the visit, not at the unit step.
 */
export function UnitSeizures({ unitIds, units }: { unitIds: readonly string[]; units: ReadonlyMap<string, Unit> }) {
  const seized = unitIds.flatMap((id) => {
    const u = units.get(id);
    return u && (u.flags.seized || (u.register?.seizures.length ?? 0) > 0) ? [u] : [];
  });
  if (seized.length === 0) return null;
  return (
    <div className="alert bad" data-testid="appointment-seizure">
      {seized.map((u) => {
        const acts = u.register?.seizures ?? [];
        const at = u.register?.courtActAt;
        return (
          <div key={u.id} data-unit={u.unitNumber}>
            {T.seizure.unit(u.unitNumber, u.address)}
            {acts.length === 0
              ? T.seizure.flagOnly
              : acts.map((s) => T.seizure.act(s.court, s.noticeNumber, s.standing, s.rank, s.to)).join('；')}
            {at ? T.seizure.deliveredAt(chinaDateTime(at)) : ''}
          </div>
        );
      })}
    </div>
  );
}
