import { randomPartOf } from '#domain/case/case-id.ts';

/**
 * The case number printed on the 受理凭证, which staff and applicants quote: the date and the first eight
 * characters of the case id's random part (`20261128-1A2B3C4D`, a county's `case-230822-` left out). Derived
 * from the case id, which the van draws at random, so the van needs no shared counter to number cases offline. Its companion, the query code, is
 * `queryCodeOf` in status-link.ts.
 */
export const caseNumberFor = (date: string, caseId: string): string => `${date.replaceAll('-', '')}-${randomPartOf(caseId).slice(0, 8).toUpperCase()}`;
