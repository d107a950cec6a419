/**
 * The public status link of a case: the QR code on every receipt slip and notice, and the link
 * beside it, open the office's public status page with the case number and query code filled in,
 * so an applicant sees the stage without typing (《不动产登记暂行条例实施细则》第十三条: the office
 * tells applicants how to follow their application). The office serves the page at this path
 * under its public address; the van prints the link from the address it is configured with.
 */

/** The public status page, relative to the office's public address. */
export const PUBLIC_STATUS_PATH = 'public/status';

/**
 * The query code printed on the 受理凭证: the last eight hex digits of the case id, uppercase.
 * The case number carries the id's first eight, so knowing the number does not give the code.
 * Computed here only; everything else reads it from the case's intake (the accepted event).
 */
export const queryCodeOf = (caseId: string): string => caseId.replaceAll('-', '').slice(-8).toUpperCase();

/** What a status link names: the case number and query code as printed on the 受理凭证. */
export type StatusLinkCase = { caseNumber: string; queryCode: string };

const withSlash = (base: string): string => (base.endsWith('/') ? base : `${base}/`);

/** The status page with no case filled in (the blank query form). */
export const statusPageOf = (publicBase: string): string => `${withSlash(publicBase)}${PUBLIC_STATUS_PATH}`;

/** The status page of one case, built from the office's public address (never its internal one). */
export const statusLinkOf = (publicBase: string, c: StatusLinkCase): string =>
  `${statusPageOf(publicBase)}?caseNo=${encodeURIComponent(c.caseNumber)}&code=${encodeURIComponent(c.queryCode)}`;
