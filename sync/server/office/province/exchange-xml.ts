import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { type ExchangeMessage } from '#domain/province/exchange-message.ts';

/**
 * The 接入 message on the wire: XML as the 接入规范 lays it out, `<Message><Head>` with one element per head field and
 * `<Data>` with one element per table row, its fields as attributes (the form of the 规范's XSDs). The province's
 * answer is `<Response>` with `BizMsgID`, `SuccessFlag` (1 received, 0 refused), `ResponseCode` and `ResponseInfo`.
 */

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false });

const attrs = (row: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(row).filter(([k, v]) => k !== 'table' && v !== null).map(([k, v]) => [`@_${k}`, String(v)]));

export function exchangeXml(m: ExchangeMessage): string {
  const data: Record<string, unknown> = {};
  if (m.Data.KTT_FW_H) data['KTT_FW_H'] = attrs(m.Data.KTT_FW_H);
  if (m.Data.right) data[m.Data.right.table] = attrs(m.Data.right);
  if (m.Data.QLR.length > 0) data['ZTT_GY_QLR'] = m.Data.QLR.map(attrs);
  const head = Object.fromEntries(Object.entries(m.Head).map(([k, v]) => [k, String(v)]));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ Message: { Head: head, Data: data } })}`;
}

export type ProvinceAnswer = { bizMsgId: string; success: boolean; code: string; info: string };

/** The province's answer, or null when the body is not one (a proxy's error page, a truncated reply). */
export function parseAnswer(xml: string): ProvinceAnswer | null {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return null;
  }
  const r = (doc as { Response?: Record<string, unknown> }).Response;
  if (!r || typeof r !== 'object' || (r['SuccessFlag'] !== '1' && r['SuccessFlag'] !== '0')) return null;
  const text = (k: string): string => (typeof r[k] === 'string' ? r[k] : '');
  return { bizMsgId: text('BizMsgID'), success: r['SuccessFlag'] === '1', code: text('ResponseCode'), info: text('ResponseInfo') };
}

/** The head of a message on the wire (the stand-in receiver in the tests reads it as the province would). */
export function readHead(xml: string): Record<string, string> | null {
  try {
    const doc = parser.parse(xml) as { Message?: { Head?: Record<string, string> } };
    return doc.Message?.Head ?? null;
  } catch {
    return null;
  }
}

export const answerXml = (a: ProvinceAnswer): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ Response: { BizMsgID: a.bizMsgId, SuccessFlag: a.success ? '1' : '0', ResponseCode: a.code, ResponseInfo: a.info } })}`;
