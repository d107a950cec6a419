/**
 * Personal data kept out of logs (PIPL 个人信息保护法 art. 51: the handler's security measures; art. 28: a resident
 * ID number is sensitive personal information; GB/T 35273 §6.3 de-identification). Pure, so the office's log
 * (sync/server/log/personal-data.ts) and the van's (electron/services/host.ts, the page's failures) mask alike.
 */

/**
 * An 18-character resident ID number (GB 11643): a 6-digit area, a birth date (19xx or 20xx), a 3-digit sequence
 * and a check character, not inside a longer number. The check character is not verified (a mistyped number is
 * still someone's); the birth date is, so that the province's 18-digit message ids (area, YYMMDD, serial: their
 * "year" is 26MM) stay readable in the log.
 */
const ID_NUMBER = /(?<![\d.])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g;
/** A mainland mobile number (11 digits from 13… to 19…), with or without +86, not inside a longer number
 * nor after a decimal point (a response time's fraction). */
const MOBILE = /(?<![\dA-Za-z.])(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;

/** What stands in for a masked value: plain ASCII that a URL carries unencoded, so the logged URL stays readable. */
export const MASKED_ID = '(id-number)';
export const MASKED_PHONE = '(phone)';
export const MASKED_VALUE = '(hidden)';

/** `text` with anything that looks like a resident ID number or a mobile number masked. */
export function maskText(text: string): string {
  return text.replace(ID_NUMBER, MASKED_ID).replace(MOBILE, MASKED_PHONE);
}

/**
 * The fields of the van's records that hold a person's data with no pattern to find it by (a name, an address, a
 * note): renderer/db/encrypted-storage.ts's personal fields and the fields inside them.
 */
const PERSONAL_FIELDS = ['name', 'applicantName', 'holderName', 'ownerName', 'payer', 'idNumber', 'phone', 'address', 'notes', 'note'];

const FIELDS = PERSONAL_FIELDS.join('|');
/** `"name":"…"` as JSON writes a field, or as it reads inside another JSON string (`\"name\":\"…\"`). */
const FIELD_IN_JSON = new RegExp(String.raw`"(${FIELDS})"(\s*:\s*)"(?:[^"\\]|\\.)*"`, 'g');
// Inside a string each quote of the inner JSON reads `\"`, and a quote or a backslash in its value `\\\"` or `\\\\`.
const FIELD_IN_QUOTED_JSON = new RegExp(String.raw`\\"(${FIELDS})\\"(\s*:\s*)\\"(?:[^\\]|\\\\(?:\\.|[^\\]))*\\"`, 'g');

/**
 * An error's words fit for a log: a store's error can quote the record it refused (RxDB adds its parameters as
 * JSON), so the string values of personal fields are hidden, and then whatever looks like an ID or mobile number.
 * The record's ids, keys and the error's own words stay: they are what support looks for.
 */
export function maskRecordText(text: string): string {
  return maskText(text.replace(FIELD_IN_JSON, `"$1"$2"${MASKED_VALUE}"`).replace(FIELD_IN_QUOTED_JSON, `\\"$1\\"$2\\"${MASKED_VALUE}\\"`));
}
