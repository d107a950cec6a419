import iconv from 'iconv-lite';

/**
 * A CSV file's text as the office's users save it: UTF-8 (a BOM dropped), or GB 18030 (a superset of GBK) when the
 * bytes are not valid UTF-8 — Excel on a Chinese Windows saves 「CSV（逗号分隔）」 in it, and Alipay's statements
 * come in it. Used by the old ledger's import and the payment channels' statements alike.
 */
export function csvText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'gb18030');
  }
}
