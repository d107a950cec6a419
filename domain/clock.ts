/** Time comes in as a parameter so rules stay pure and tests can pin it. */
export type Clock = { now(): Date };

/** Ids come in as a parameter for the same reason (UUIDs in the shells, counters in tests). */
export type IdGenerator = { next(): string };

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });
