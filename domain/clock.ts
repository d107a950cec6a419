/** Time comes in as a parameter so rules stay pure and tests can pin it. */
export type Clock = { now(): Date };

/** Ids come in as a parameter for the same reason (UUIDs in the shells, counters in tests). */
export type IdGenerator = { next(): string };

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

/**
 * `base` moved by `offsetMs`: the same flow of time, starting elsewhere. The office, the van's host and
 * the tests run "in a week" or "in a year" with it, on the system clock shifted.
 */
export const shiftedClock = (base: Clock, offsetMs: number): Clock => ({ now: () => new Date(base.now().getTime() + offsetMs) });
