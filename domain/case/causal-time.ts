/** What the stamp of a new event needs of each event its case already holds. */
export type StampedEvent = { readonly at: string; readonly deviceId: string };

/**
 * The time a new event of a case is stamped with, by `deviceId` whose clock reads `clockAt`, given the events
 * the case already holds (all of them, or only those from `clockAt` on: earlier ones never move the stamp).
 *
 * Both ends fold a case's events in (at, deviceId, seq) order (`orderEvents` in lifecycle.ts), so an event
 * stamped before one it answers would be folded first: a van clock five minutes slow would file the 补正 收件
 * taken right after a live 退回补正 before that return (docs/sync-protocol.md, "Clocks that disagree between
 * van and office"). So the stamp is the clock's time, unless the case holds an event stamped later, or at the
 * same instant by another device; then it is 1 ms after the latest such event. This is Lamport's receive rule
 * (Lamport 1978, "Time, Clocks, and the Ordering of Events in a Distributed System") per case, on the wall clock.
 *
 * The equal instant: the device's own event at the clock's time does not move the stamp, as the device's
 * sequence number (which grows with every append to its chain) already folds the new event after it. Another
 * device's event at the same instant does: between devices the tie is broken by comparing their ids, which
 * says nothing about which came first.
 */
export function causalAt(clockAt: string, deviceId: string, caseEvents: Iterable<StampedEvent>): string {
  const clock = Date.parse(clockAt);
  let latest = Number.NEGATIVE_INFINITY;
  for (const e of caseEvents) {
    const at = Date.parse(e.at);
    if (at > clock || (at === clock && e.deviceId !== deviceId)) latest = Math.max(latest, at);
  }
  return latest === Number.NEGATIVE_INFINITY ? clockAt : new Date(latest + 1).toISOString();
}
