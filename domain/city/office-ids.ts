import { type NumberBlock } from '#domain/receipts/number-block.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { CITY_CODE, isCountyCode, officeScopedId } from './counties.ts';

/**
 * The ids and document numbers an office mints, each carrying the office's area code (GB/T 2260) so that
 * what the six counties and the city make never collides where the city puts them side by side
 * (docs/city-county.md, "Ids"). One function per kind; the services call nothing else to make them.
 * `area` is the office's own code, or null for an office started without one: its ids keep the form
 * every id had before the platform. Ids already stored keep their form, and every reader takes both.
 */

/** Whether `code` is one of the platform's offices: the city (230800) or one of its six counties. */
export const isPlatformCode = (code: string): boolean => code === CITY_CODE || isCountyCode(code);

/** The platform office an id was minted by (`dev-230800-…`, `office-230822-17`), or null for an id without a code. */
export function areaOfId(id: string): string | null {
  const code = /^[a-z]+-(\d{6})-/.exec(id)?.[1];
  return code !== undefined && isPlatformCode(code) ? code : null;
}

/** The prefixes of the random ids an office mints (`<prefix>-<area>-<random>`). */
export type OfficeIdKind =
  | 'dev' | 'staff' | 'appt' | 'station' | 'read' | 'seizure' | 'ledger' | 'developer' | 'bank' | 'agency' | 'builder' | 'project'
  | 'building' | 'permit' | 'draft' | 'filing' | 'listing' | 'account';

/** A random id of one kind: `<kind>-<area>-<unique>`, or `<kind>-<unique>` without an area. */
export const officeId = (area: string | null, kind: OfficeIdKind, unique: string): string => officeScopedId(area, kind, unique);

/** A trip: `trip-<area>-<date>-<random>`, the date first so a list of trip ids reads in order. */
export const tripId = (area: string | null, date: string, random: string): string => officeScopedId(area, 'trip', `${date}-${random}`);

/** The prefix every office event id has; vans may not use it (their ids are refused as `reserved-id`). */
export const OFFICE_EVENT_PREFIX = 'office-';

/**
 * An event on the office's own hash chain (审核, 登簿 …): `office-<area>-<seq>`. The seq is the chain's, so
 * the id is known from the seq alone, as the chain check needs; an office without an area writes `office-<seq>`.
 */
export const officeEventId = (area: string | null, seq: number): string => (area === null ? `${OFFICE_EVENT_PREFIX}${seq}` : `${OFFICE_EVENT_PREFIX}${area}-${seq}`);

/**
 * The ids the office event of `seq` may have: its own form, and the bare `office-<seq>` of events written
 * before the office had an area code (those stay as they were, and the chain runs on through them).
 */
export const officeEventIdsFor = (area: string | null, seq: number): string[] => [...new Set([officeEventId(area, seq), officeEventId(null, seq)])];

/**
 * A certificate of a register query (查询结果证明 `CX`, 不动产权属状况证明 `YW`): `CX230822-20261205-9F3A01BC`.
 * The area sits right after the letters, so the printed number stays one word and still begins with its kind.
 */
export const certificateId = (area: string | null, kind: 'CX' | 'YW', day: string, random: string): string =>
  `${kind}${area === null ? '' : `${area}-`}${day.replaceAll('-', '')}-${random}`;

/** How receipt numbers carry the area: `230822-` before the block's own prefix. */
export const receiptAreaPrefix = (area: string): string => `${area}-`;

/** The longest prefix a receipt block may have (the trip document's schema). */
export const MAX_BLOCK_PREFIX = 20;

export type AreaBlockError = 'prefix-too-long';

export const AREA_BLOCK_ERROR_TEXT: Record<AreaBlockError, string> = {
  'prefix-too-long': `号段前缀加上本办公室的行政区划代码和“-”后超过${MAX_BLOCK_PREFIX}个字符，请缩短前缀`,
};

/**
 * The block a trip is given, with the office's area code in front of its prefix: `230822-` + `A` prints
 * `230822-A0000000123`. Only the prefix changes; the counters, the width and the 票据代码 stay as the office
 * entered them, so grants, the next number, reconciliation and "used twice" still work on counters within the
 * block, and two counties' blocks of the same range never overlap (`blocksOverlap` compares prefixes). A prefix
 * that already begins with the code is left as it is, so a block entered twice is not prefixed twice.
 */
export function areaReceiptBlock<B extends NumberBlock>(area: string | null, block: B): Result<B, AreaBlockError> {
  if (area === null || block.prefix.startsWith(receiptAreaPrefix(area))) return ok(block);
  const prefix = `${receiptAreaPrefix(area)}${block.prefix}`;
  return prefix.length > MAX_BLOCK_PREFIX ? err('prefix-too-long') : ok({ ...block, prefix });
}

/** The platform office a printed receipt number was issued by, or null for a number without a code (older blocks). */
export function areaOfReceiptNumber(number: string): string | null {
  const code = /^(\d{6})-/.exec(number)?.[1];
  return code !== undefined && isPlatformCode(code) ? code : null;
}
