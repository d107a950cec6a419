/**
 * Personal data kept out of the office's log (PIPL 个人信息保护法 art. 51: the handler's security measures;
 * art. 28: a resident ID number is sensitive personal information; GB/T 35273 §6.3 de-identification). The log
 * is a plain file in the data folder, kept for months, copied onto USB sticks with support bundles and read by
 * whoever looks after the server: no ID number, phone number or name should reach it.
 *
 * One central mechanism rather than a fix per route, because a search box anywhere (a case number, a contract
 * number, an address) can be given an ID number by a user, and a route added next year will not remember to:
 * - every request URL is logged with the values of parameters named for personal data replaced, and anything
 *   that looks like an ID or mobile number in its path or query masked (`maskUrl`, the `req` serializer);
 * - a logged error keeps its message and stack but loses the fields a database puts row values in (PostgreSQL's
 *   `detail`: "Key (id_number)=(230…) already exists", "Failing row contains (…)");
 * - every line, last of all, has anything that looks like an ID or mobile number masked (`maskText`, pino's
 *   `streamWrite` hook): error messages, a JSON parser's quote of a body, whatever a future log call adds.
 */

import { MASKED_VALUE, maskText } from '#domain/personal-data.ts';

// The patterns are the domain's, shared with the van's log (domain/personal-data.ts).
export { MASKED_ID, MASKED_PHONE, MASKED_VALUE, maskText } from '#domain/personal-data.ts';

/**
 * Query parameters whose value is personal data whatever it looks like (a name has no pattern), compared
 * case-insensitively with `_` and `-` ignored. Not `id` or `code`: those are record ids and lookup codes.
 */
const SENSITIVE_PARAMS = new Set(
  ['idNumber', 'idNo', 'idCard', 'identity', 'certNo', 'buyerId', 'sellerId', 'ownerId', 'applicantId', 'holderId', 'partyId', 'phone', 'mobile', 'tel', 'telephone', 'name', 'buyerName', 'sellerName', 'ownerName', 'applicant', 'applicantName', 'holder', 'holderName', 'party', 'partyName', 'contact', 'contactName', 'person', 'personName'].map(keyOf),
);

function keyOf(name: string): string {
  return name.replace(/[-_]/g, '').toLowerCase();
}

/** Whether a query parameter's value is personal data by its name alone. */
export const isSensitiveParam = (name: string): boolean => SENSITIVE_PARAMS.has(keyOf(name));

function decoded(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/**
 * A request URL fit for the log: each path segment and query value looked at decoded (so `%32%33…` hides
 * nothing), masked, and encoded again only when something was masked (an unchanged URL is logged as sent).
 */
export function maskUrl(url: string): string {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const query = at < 0 ? null : url.slice(at + 1);
  const maskedPath = path
    .split('/')
    .map((seg) => {
      const plain = decoded(seg);
      const masked = maskText(plain);
      return masked === plain ? maskText(seg) : encodeURIComponent(masked);
    })
    .join('/');
  if (query === null) return maskedPath;
  const maskedQuery = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return maskText(pair);
      const key = pair.slice(0, eq);
      if (isSensitiveParam(decoded(key))) return `${key}=${encodeURIComponent(MASKED_VALUE)}`;
      const value = pair.slice(eq + 1);
      const plain = decoded(value);
      const masked = maskText(plain);
      return `${key}=${masked === plain ? maskText(value) : encodeURIComponent(masked)}`;
    })
    .join('&');
  return `${maskedPath}?${maskedQuery}`;
}

/** Error fields in which a database quotes the values of a row (PostgreSQL's `detail`, a driver's parameters). */
const ROW_VALUE_FIELDS = ['detail', 'parameters', 'params', 'body', 'where'];

/** A serialized error without the fields that quote row values or request bodies; its message and stack kept. */
export function withoutRowValues<T extends Record<string, unknown>>(err: T): T {
  const out: Record<string, unknown> = { ...err };
  for (const f of ROW_VALUE_FIELDS) if (f in out) out[f] = MASKED_VALUE;
  if (out['cause'] && typeof out['cause'] === 'object') out['cause'] = withoutRowValues(out['cause'] as Record<string, unknown>);
  return out as T;
}
