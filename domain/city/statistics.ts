import { type BusinessKind, type PropertyUse, isBusinessKind } from '#domain/business/business-kinds.ts';
import { chinaDate } from '#domain/calendar/china-time.ts';

/**
 * The platform's statistics (市县联机 统计分析): per office × month × registration kind × use, counts, areas
 * and amounts of registrations, new-home and second-hand transactions, and supply (sale permits) against
 * sales (contract filings). Every figure is a sum of facts; a fact is one source record's contribution (a
 * 登簿, a fee, a filing standing or cancelled, a home sold, a permit issued or revoked), so the table is kept
 * by adding facts as they come, never by recounting, and a city's sums are the counties' sums.
 */
export type Measures = {
  /** 登簿: cases registered, and the units they registered. */
  registrations: number;
  registeredUnits: number;
  /** Registration fees charged less fees refunded (fen). */
  feeFen: number;
  /** 新建商品房 transactions: contract filings that stand (active, or closed by registration). */
  newHomeCount: number;
  newHomeAreaDm2: number;
  newHomeFen: number;
  /** 存量房 transactions: verified listings that ended sold. */
  secondHandCount: number;
  secondHandAreaDm2: number;
  secondHandFen: number;
  /** Supply: units of buildings under a sale permit in force. */
  supplyUnits: number;
  supplyAreaDm2: number;
};

export const MEASURE_KEYS = [
  'registrations', 'registeredUnits', 'feeFen', 'newHomeCount', 'newHomeAreaDm2', 'newHomeFen',
  'secondHandCount', 'secondHandAreaDm2', 'secondHandFen', 'supplyUnits', 'supplyAreaDm2',
] as const satisfies readonly (keyof Measures)[];

/** A registration kind, `market` for transactions and supply (not a registration), `unknown` when the intake is missing. */
export type StatKind = BusinessKind | 'market' | 'unknown';
/**
 * A property use; `mixed` (未区分) for a figure that covers a whole building of mixed uses and so is not split by use
 * (a sale permit's supply), `unknown` when the record names no use it should have.
 */
export type StatUse = PropertyUse | 'mixed' | 'unknown';

export type StatKey = { month: string; kind: StatKind; use: StatUse };

/**
 * The city's whole figure, kept as its own rows beside each office's: every fact the city adds (the counties'
 * and its own) is added there too, so the city's monthly statistics read as few rows as one county's.
 */
export const CITY_TOTAL = 'total';

/** One source record's contribution; `source` identifies it within its office, so adding it twice is refused. */
export type StatFact = StatKey & { source: string; measures: Partial<Measures> };

/**
 * A fact as the city takes it from a county: an office of a release before sale permits' supply was kept under `mixed`
 * still sends it under `unknown` (the use of a record that names none), and the city keeps it under `mixed` as its
 * own migration 0039 moved the older rows, so a permit's supply and its later revocation meet on one row.
 */
export function asCurrentFact(f: StatFact): StatFact {
  const supply = (f.measures.supplyUnits ?? 0) !== 0 || (f.measures.supplyAreaDm2 ?? 0) !== 0;
  return f.kind === 'market' && f.use === 'unknown' && supply ? { ...f, use: 'mixed' } : f;
}

export const zeroMeasures = (): Measures => ({
  registrations: 0, registeredUnits: 0, feeFen: 0, newHomeCount: 0, newHomeAreaDm2: 0, newHomeFen: 0,
  secondHandCount: 0, secondHandAreaDm2: 0, secondHandFen: 0, supplyUnits: 0, supplyAreaDm2: 0,
});

export function addMeasures<M extends Measures>(into: M, add: Partial<Measures>): M {
  for (const k of MEASURE_KEYS) into[k] += add[k] ?? 0;
  return into;
}

/** Price per m² in fen (areas are in dm², 1 m² = 100 dm²); null without area. */
export const fenPerM2 = (fen: number, areaDm2: number): number | null => (areaDm2 > 0 ? Math.round((fen * 100) / areaDm2) : null);

/** The calendar month (`YYYY-MM`) of an instant, in China time: a 登簿 at 00:30 on the 1st counts in that month. */
export const monthOfInstant = (iso: string): string => chinaDate(iso).slice(0, 7);
export const monthOfDate = (date: string): string => date.slice(0, 7);

// ---- registrations, from the case events ----

/** What statistics read of a case event (the stored document). */
export type EventForStats = { id: string; kind: string; at: string; payload?: unknown };
/** What statistics read of the case's 受理 (accepted) event: its kind, use and units. */
export type IntakeForStats = { businessKind: string; use: string; units: readonly unknown[] } | null;

const USES: readonly PropertyUse[] = ['residential', 'non-residential', 'parking'];
const useOf = (use: string | undefined): StatUse => (USES.find((u) => u === use) ?? 'unknown');
const kindOf = (intake: IntakeForStats): StatKind => (intake && isBusinessKind(intake.businessKind) ? intake.businessKind : 'unknown');
const numberIn = (payload: unknown, field: string): number => {
  const v = payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[field] : undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : 0;
};

/**
 * A case event's contribution: a 登簿 (registered) counts the case and its units in the month it was entered
 * in the register; a fee charged adds its total and a refund takes its amount off, in their own months. The
 * kind and use are the case's, from its intake. Other events add nothing.
 */
export function caseEventFact(event: EventForStats, intake: IntakeForStats): StatFact | null {
  const key = { month: monthOfInstant(event.at), kind: kindOf(intake), use: useOf(intake?.use) };
  switch (event.kind) {
    case 'registered':
      return { ...key, source: `event:${event.id}`, measures: { registrations: 1, registeredUnits: intake?.units.length ?? 0 } };
    case 'fee-charged':
      return { ...key, source: `event:${event.id}`, measures: { feeFen: numberIn(event.payload, 'totalFen') } };
    case 'fee-refunded':
      return { ...key, source: `event:${event.id}`, measures: { feeFen: -numberIn(event.payload, 'amountFen') } };
    default:
      return null;
  }
}

// ---- the market, from its change journal ----

/** A change of a filing, listing or permit as the market's journal recorded it (the row after the change). */
export type MarketChange =
  | { seq: number; kind: 'filing'; before: string | null; row: { status: string; filedOn: string; areaDm2: number; totalFen: number; use: string | null } }
  | { seq: number; kind: 'listing'; before: string | null; row: { status: string; listingKind: string; endReason: string | null; endedOn: string | null; areaDm2: number; priceFen: number; use: string } }
  | { seq: number; kind: 'permit'; before: string | null; row: { issuedOn: string; revokedOn: string | null; units: number; areaDm2: number } };

const standing = (status: string | null): number => (status === 'active' || status === 'closed' ? 1 : 0);
const scaled = (m: Partial<Measures>, by: number): Partial<Measures> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v * by]));

/**
 * A market change's contribution. A filing counts as a sale in the month it was filed while it stands; its
 * cancellation takes it off that month again, so a month's figure is always the filings of that month that
 * stand. A second-hand home counts once, in the month its listing ended sold. A permit adds its buildings'
 * units to supply in the month it was issued; its revocation takes them off again. (`before` is the status
 * before the change: a filing's or listing's status, or for a permit `in-force`.)
 */
export function marketChangeFact(change: MarketChange): StatFact | null {
  const source = `market:${change.seq}`;
  switch (change.kind) {
    case 'filing': {
      const by = standing(change.row.status) - standing(change.before);
      if (by === 0) return null;
      const m = { newHomeCount: 1, newHomeAreaDm2: change.row.areaDm2, newHomeFen: change.row.totalFen };
      return { month: monthOfDate(change.row.filedOn), kind: 'market', use: useOf(change.row.use ?? undefined), source, measures: scaled(m, by) };
    }
    case 'listing': {
      const r = change.row;
      const sold = r.status === 'ended' && r.endReason === 'sold' && r.listingKind === 'second-hand' && r.endedOn !== null;
      if (!sold || change.before === 'ended' || r.endedOn === null) return null;
      return { month: monthOfDate(r.endedOn), kind: 'market', use: useOf(r.use), source, measures: { secondHandCount: 1, secondHandAreaDm2: r.areaDm2, secondHandFen: r.priceFen } };
    }
    case 'permit': {
      const inForce = change.row.revokedOn === null ? 1 : 0;
      const by = inForce - (change.before === 'in-force' ? 1 : 0);
      if (by === 0) return null;
      // A permit is issued for whole buildings, whatever the uses of their units: its supply is not split by use.
      return { month: monthOfDate(change.row.issuedOn), kind: 'market', use: 'mixed', source, measures: scaled({ supplyUnits: change.row.units, supplyAreaDm2: change.row.areaDm2 }, by) };
    }
  }
}

// ---- reading the table ----

export type StatRow = StatKey & { office: string } & Measures;

/** Rows summed over the offices (the city's figure of a month, kind and use), in key order. */
export function sumOverOffices(rows: readonly StatRow[], office: string): StatRow[] {
  const byKey = new Map<string, StatRow>();
  for (const r of rows) {
    const k = `${r.month}|${r.kind}|${r.use}`;
    const into = byKey.get(k) ?? { office, month: r.month, kind: r.kind, use: r.use, ...zeroMeasures() };
    byKey.set(k, addMeasures(into, r));
  }
  return [...byKey.values()].sort((a, b) => (a.month + a.kind + a.use < b.month + b.kind + b.use ? -1 : 1));
}

/** The totals of some rows. */
export const totalOf = (rows: readonly Partial<Measures>[]): Measures => rows.reduce<Measures>((t, r) => addMeasures(t, r), zeroMeasures());
