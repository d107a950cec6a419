import { type Fen, MAX_FEN, fen } from '#domain/money.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type StatusCategory } from './building-status.ts';
import { BUILDING_USES, type AreaDm2, type BuildingUse } from './region-summary.ts';

/** Street classes of CJJ 37《城市道路工程设计规范》; pipe works are priced per metre of each. */
export const STREET_CLASSES = ['arterial', 'secondary', 'branch'] as const;
export type StreetClass = (typeof STREET_CLASSES)[number];

/**
 * The office's cost tables for an estimate. The rates are the office's to set (and audited where stored):
 * - `unitValues`: appraised value per m² of floor area, per zone (评估区片) and use. 《国有土地上房屋征收与补偿条例》
 *   第19条: the value compensated is not below the market price of similar property on the day the
 *   expropriation decision is announced, as appraised by a qualified valuer; the table holds those appraisals.
 * - `relocationFenPerM2`: 搬迁费 per m² (第17条第1款第2项, 第22条).
 * - `interimFenPerM2Month` × `interimMonths`: 临时安置费 until the exchanged home is handed over (同上).
 * - `pipeFenPerMetre`: underground pipe works per metre of street, per street class.
 */
export type CostTables = {
  unitValues: readonly { zone: string; use: BuildingUse; fenPerM2: Fen }[];
  relocationFenPerM2: Fen;
  interimFenPerM2Month: Fen;
  interimMonths: number;
  pipeFenPerMetre: Readonly<Record<StreetClass, Fen>>;
};

export type TablesError =
  | { code: 'duplicate-rate'; zone: string; use: BuildingUse }
  | { code: 'bad-zone'; zone: string }
  | { code: 'bad-months'; months: number };

/** A zone is a short name such as 一级 or A区. */
const ZONE = /^[\p{L}\p{N}·-]{1,20}$/u;

export function checkTables(t: CostTables): TablesError | null {
  const seen = new Set<string>();
  for (const r of t.unitValues) {
    if (!ZONE.test(r.zone)) return { code: 'bad-zone', zone: r.zone };
    const key = `${r.zone}\u0000${r.use}`;
    if (seen.has(key)) return { code: 'duplicate-rate', zone: r.zone, use: r.use };
    seen.add(key);
  }
  if (!Number.isInteger(t.interimMonths) || t.interimMonths < 0 || t.interimMonths > 120) return { code: 'bad-months', months: t.interimMonths };
  return null;
}

export type EstimateBuilding = { id: string; category: StatusCategory; zone: string; use: BuildingUse; floorAreaDm2: AreaDm2 };
export type StreetInRegion = { streetClass: StreetClass; metres: number };

export type ValueLine = { zone: string; use: BuildingUse; count: number; floorAreaDm2: AreaDm2; fenPerM2: Fen; valueFen: Fen };
export type Listed = { count: number; floorAreaDm2: AreaDm2; ids: string[] };

export type Estimate = {
  /** Registered buildings and temporary ones within their period (第24条: 应当给予补偿). */
  compensable: Listed & { values: ValueLine[]; valueFen: Fen; relocationFen: Fen; interimFen: Fen; totalFen: Fen };
  /** Unregistered: to be surveyed and judged before the decision (第24条第2款); what they would cost if all were found lawful. */
  forSurvey: Listed & { ifLawfulFen: Fen };
  /** Judged unlawful, and temporary buildings past their period: listed, no compensation (第24条第2款). */
  illegal: Listed;
  expiredTemporary: Listed;
  pipeWorks: { streetClass: StreetClass; metres: number; fenPerMetre: Fen; fen: Fen }[];
  pipeFen: Fen;
  /** Compensation plus pipe works; the survey list is not in it. */
  totalFen: Fen;
};

export type EstimateError = { code: 'rate-missing'; missing: { zone: string; use: BuildingUse; count: number }[] } | { code: 'too-large' };

/** Rate × area, rounded half up to the fen for each building (each household is paid in whole fen). */
const fenFor = (fenPerM2: number, dm2: AreaDm2): number => Math.round((fenPerM2 * dm2) / 100);

function listed(bs: readonly EstimateBuilding[]): Listed {
  return { count: bs.length, floorAreaDm2: bs.reduce((s, b) => s + b.floorAreaDm2, 0), ids: bs.map((b) => b.id) };
}

/**
 * The cost of renovating or demolishing a region, from its buildings' status on the decision day and the
 * street length it contains. A compensable building whose zone and use have no rate makes the estimate
 * fail with the missing pairs, so the office completes its table instead of reading a silently low total.
 */
export function estimateCost(buildings: readonly EstimateBuilding[], streets: readonly StreetInRegion[], t: CostTables): Result<Estimate, EstimateError> {
  const rate = new Map(t.unitValues.map((r) => [`${r.zone}\u0000${r.use}`, r.fenPerM2]));
  const by = (c: StatusCategory) => buildings.filter((b) => b.category === c);
  const compensable = buildings.filter((b) => b.category === 'registered' || b.category === 'temporary-valid');
  const survey = by('unregistered');

  const lines = new Map<string, ValueLine>();
  const missing = new Map<string, { zone: string; use: BuildingUse; count: number }>();
  let valueFen = 0;
  for (const b of compensable) {
    const key = `${b.zone}\u0000${b.use}`;
    const r = rate.get(key);
    if (r === undefined) {
      const m = missing.get(key) ?? { zone: b.zone, use: b.use, count: 0 };
      m.count += 1;
      missing.set(key, m);
      continue;
    }
    const v = fenFor(r, b.floorAreaDm2);
    valueFen += v;
    const line = lines.get(key) ?? { zone: b.zone, use: b.use, count: 0, floorAreaDm2: 0, fenPerM2: r, valueFen: fen(0) };
    line.count += 1;
    line.floorAreaDm2 += b.floorAreaDm2;
    line.valueFen = (line.valueFen + v) as Fen;
    lines.set(key, line);
  }
  if (missing.size > 0) return err({ code: 'rate-missing', missing: [...missing.values()].sort(byZoneUse) });

  const relocation = compensable.reduce((s, b) => s + fenFor(t.relocationFenPerM2, b.floorAreaDm2), 0);
  const interim = compensable.reduce((s, b) => s + fenFor(t.interimFenPerM2Month * t.interimMonths, b.floorAreaDm2), 0);
  const ifLawful = survey.reduce((s, b) => {
    const r = rate.get(`${b.zone}\u0000${b.use}`);
    return r === undefined ? s : s + fenFor(r, b.floorAreaDm2) + fenFor(t.relocationFenPerM2, b.floorAreaDm2) + fenFor(t.interimFenPerM2Month * t.interimMonths, b.floorAreaDm2);
  }, 0);
  const pipeWorks = aggregateStreets(streets).map(({ streetClass, metres }) => {
    const perMetre = t.pipeFenPerMetre[streetClass];
    return { streetClass, metres, fenPerMetre: perMetre, fen: Math.round(perMetre * metres) };
  });
  const pipe = pipeWorks.reduce((s, p) => s + p.fen, 0);
  const compTotal = valueFen + relocation + interim;
  const all = [valueFen, relocation, interim, ifLawful, pipe, compTotal, compTotal + pipe];
  if (all.some((x) => !Number.isSafeInteger(x) || x > MAX_FEN)) return err({ code: 'too-large' });

  return ok({
    compensable: {
      ...listed(compensable),
      // In the order of the office's table, as the office reads it.
      values: t.unitValues.flatMap((r) => lines.get(`${r.zone}\u0000${r.use}`) ?? []),
      valueFen: fen(valueFen),
      relocationFen: fen(relocation),
      interimFen: fen(interim),
      totalFen: fen(compTotal),
    },
    forSurvey: { ...listed(survey), ifLawfulFen: fen(ifLawful) },
    illegal: listed(by('illegal')),
    expiredTemporary: listed(by('temporary-expired')),
    pipeWorks: pipeWorks.map((p) => ({ ...p, fen: fen(p.fen) })),
    pipeFen: fen(pipe),
    totalFen: fen(compTotal + pipe),
  });
}

/** Street metres per class, rounded to the centimetre (lengths come from plane geometry). */
function aggregateStreets(streets: readonly StreetInRegion[]): StreetInRegion[] {
  const sums = new Map<StreetClass, number>();
  for (const s of streets) sums.set(s.streetClass, (sums.get(s.streetClass) ?? 0) + s.metres);
  return STREET_CLASSES.filter((c) => (sums.get(c) ?? 0) > 0).map((streetClass) => ({ streetClass, metres: Math.round((sums.get(streetClass) ?? 0) * 100) / 100 }));
}

const USE_ORDER = new Map(BUILDING_USES.map((u, i) => [u, i]));
function byZoneUse(a: { zone: string; use: BuildingUse }, b: { zone: string; use: BuildingUse }): number {
  return (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0) || (USE_ORDER.get(a.use) ?? 0) - (USE_ORDER.get(b.use) ?? 0);
}
