import { countyOfId } from '#domain/city/counties.ts';

/**
 * The id of a new case, drawn on the van with no shared counter (it may be offline for days). A van of a
 * county office draws `case-<county code>-<random>`: its device id was minted by that office and carries the
 * code (`officeScopedId`), so the van learns its county at enrollment and needs no setting of its own, and
 * two counties' cases never share an id at the city. A van of the city office keeps drawing the bare random
 * id, the form every case had before the platform, so nothing already issued changes.
 */
export function caseIdFor(deviceId: string, random: string): string {
  const county = countyOfId(deviceId);
  return county === null ? random : `case-${county}-${random}`;
}

/** The random part of a case id of either form: what the case number and the query code are cut from. */
export const randomPartOf = (caseId: string): string => /^case-\d{6}-(.+)$/.exec(caseId)?.[1] ?? caseId;
