/**
 * The price and area bands of the listings search, kept with each listing (`price_band`, `area_band`, migration
 * 0032_listing-price-area-bands.sql, whose CASE expressions hold the same edges). A band is an equality in the
 * search indexes' key before the publication order, so a search walks each band it covers newest first instead
 * of every listing of its district. The edges follow what buyers ask for in Jiamusi: narrower where most homes
 * sell (40–120 m², 20–200 万元), wider above.
 */

/** Lower edges of price bands 1…, in fen (万元 × 1,000,000); band 0 is below the first. */
export const PRICE_BAND_EDGES_FEN: readonly number[] = [20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 160, 180, 200, 250, 300, 400, 500, 700, 1000].map((wan) => wan * 1_000_000);

/** Lower edges of area bands 1…, in dm² (m² × 100); band 0 is below the first. */
export const AREA_BAND_EDGES_DM2: readonly number[] = [40, 50, 60, 70, 80, 90, 100, 110, 120, 140, 160, 180, 200, 250, 300].map((m2) => m2 * 100);

/** The band holding `value`: how many lower edges it reaches. */
export const bandOf = (edges: readonly number[], value: number): number => edges.filter((e) => value >= e).length;

export const priceBand = (fen: number): number => bandOf(PRICE_BAND_EDGES_FEN, fen);
export const areaBand = (dm2: number): number => bandOf(AREA_BAND_EDGES_DM2, dm2);

/**
 * The bands an inclusive range touches, split into those wholly inside it (each of their listings matches) and
 * the one or two at its ends that it only cuts (their listings are filtered by the value itself).
 */
export function bandsOfRange(edges: readonly number[], min: number | null, max: number | null): { inside: number[]; cut: number[] } {
  const first = min === null ? 0 : bandOf(edges, min);
  const last = max === null ? edges.length : bandOf(edges, max);
  const inside: number[] = [];
  const cut: number[] = [];
  for (let b = first; b <= last; b++) {
    const low = b === 0 ? -Infinity : (edges[b - 1] ?? Infinity);
    const high = b === edges.length ? Infinity : (edges[b] ?? Infinity);
    // Values are whole fen or dm²: the band [low, high) is inside [min, max] when high - 1 <= max.
    const whole = (min === null || low >= min) && (max === null || high - 1 <= max);
    (whole ? inside : cut).push(b);
  }
  return { inside, cut };
}
