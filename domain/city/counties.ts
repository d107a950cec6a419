/**
 * The offices of the Jiamusi city–county platform (市县联机). Each county or county-level city registers the
 * units in its own area on its own office and database (《不动产登记暂行条例》第七条); the city office
 * registers its four districts and sums what the counties send it. Codes are GB/T 2260.
 */
export type County = { code: string; name: string };

/** 佳木斯市 itself: the city office's own code. */
export const CITY_CODE = '230800';
export const CITY_NAME = '佳木斯市';

export const COUNTIES: readonly County[] = [
  { code: '230822', name: '桦南县' },
  { code: '230826', name: '桦川县' },
  { code: '230828', name: '汤原县' },
  { code: '230881', name: '同江市' },
  { code: '230882', name: '富锦市' },
  { code: '230883', name: '抚远市' },
];

export const isCountyCode = (code: string): boolean => COUNTIES.some((c) => c.code === code);

/** The name of the city or of one of its counties; the code itself when it is neither. */
export const officeName = (code: string): string => (code === CITY_CODE ? CITY_NAME : (COUNTIES.find((c) => c.code === code)?.name ?? code));

/**
 * An id minted by an office. An office's ids carry its area code (`dev-230822-…`, the city's `dev-230800-…`),
 * so what a county sends the city never collides with another county's or the city's own; an office without a
 * code mints the form ids had before the platform (`dev-…`). `unique` is the caller's random part. The kinds
 * are in `office-ids.ts`.
 */
export const officeScopedId = (areaCode: string | null, prefix: string, unique: string): string =>
  areaCode === null ? `${prefix}-${unique}` : `${prefix}-${areaCode}-${unique}`;

/** The county an id was minted by, or null for the city's own. */
export function countyOfId(id: string): string | null {
  const code = /^[a-z]+-(\d{6})-/.exec(id)?.[1];
  return code !== undefined && isCountyCode(code) ? code : null;
}
