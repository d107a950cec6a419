/**
 * The link a printed 查询结果证明 carries in its QR code: the office's public verify page with the certificate's id
 * and a code only the office can make (an HMAC over the id and the hash of what the certificate says), so a
 * reader can check a paper against what the office issued (《不动产登记暂行条例实施细则》第一百零二条: the office
 * issues the certificate and answers for it).
 */
export const PUBLIC_VERIFY_PATH = 'public/archive/verify';

const withSlash = (base: string): string => (base.endsWith('/') ? base : `${base}/`);

export const verifyPageOf = (publicBase: string): string => `${withSlash(publicBase)}${PUBLIC_VERIFY_PATH}`;

export const verifyLinkOf = (publicBase: string, id: string, code: string): string =>
  `${verifyPageOf(publicBase)}?id=${encodeURIComponent(id)}&c=${encodeURIComponent(code)}`;
