import { createHash } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import { z } from 'zod';
import { MEASURE_KEYS } from '#domain/city/statistics.ts';
import { R } from './report-text.ts';
import { type ReportFigures } from './report-store.ts';

/**
 * A city statistics report as a message to the province: the office's own format, sent through the same queue and
 * sender as the 接入 messages (docs/province-exchange.md). The 接入规范 covers 登簿 data only, so only its head's
 * identifiers are shared (业务报文ID, the office's code): a receiver keyed by BizMsgID takes a resent report once.
 */

export const REPORT_MSG_TYPE = 'CITY-STAT-REPORT';
export const REPORT_FORMAT_VERSION = '1';

export type ReportAttachment = { name: string; mediaType: string; sha256: string; bytes: number; content: Uint8Array };

export type ReportMessage = {
  Head: {
    BizMsgID: string; MsgType: string; FormatVersion: string; AreaCode: string; RegOrgID: string;
    ReportID: string; Period: string; Revision: number;
    /** The BizMsgID of the revision this one corrects (a redrawn report), empty for a first revision. */
    Corrects: string;
    CreateDate: string;
  };
  Figures: ReportFigures;
  Attachments: ReportAttachment[];
};

const M = R.province;
const measures = z.object(Object.fromEntries(MEASURE_KEYS.map((k) => [k, z.number().int(M.measure(k))])));
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const Schema = z.object({
  Head: z.object({
    BizMsgID: z.string().regex(/^\d{18}$/, M.bizMsgId),
    MsgType: z.literal(REPORT_MSG_TYPE),
    FormatVersion: z.literal(REPORT_FORMAT_VERSION),
    AreaCode: z.string().regex(/^\d{6}$/, M.areaCode),
    RegOrgID: z.string().min(1, M.regOrgId),
    ReportID: z.string().regex(/^(month-\d{4}-\d{2}|year-\d{4})$/, M.reportId),
    Period: z.string().regex(/^\d{4}(-\d{2})?$/, M.period),
    Revision: z.number().int().positive(M.revision),
    Corrects: z.string(),
    CreateDate: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/, M.createDate),
  }).refine((h) => (h.Revision === 1 ? h.Corrects === '' : /^\d{18}$/.test(h.Corrects)), M.corrects),
  Figures: z.object({ total: measures, offices: z.array(z.object({ office: z.string().regex(/^\d{6}$/, M.office), measures })).min(1, M.offices) }),
  Attachments: z.array(z.object({ name: z.string().min(1), mediaType: z.string().min(1), sha256: z.string(), bytes: z.number(), content: z.instanceof(Uint8Array) })
    .superRefine((a, ctx) => {
      if (a.content.length !== a.bytes || sha256(a.content) !== a.sha256) ctx.addIssue({ code: 'custom', message: M.attachment(a.name) });
    }))
    .length(2, M.attachments),
});

/**
 * Why the message may not be sent (empty: it may). Checked before it is queued, like the 接入 messages. Each field
 * the city's data can make wrong carries its own Chinese reason, which the page shows as it is; the rest (MsgType,
 * FormatVersion, an attachment's own fields) report-outbox.ts writes itself, and they fail only by a bug.
 */
export function reportMessageProblems(m: ReportMessage): string[] {
  const r = Schema.safeParse(m);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });
const attrs = (o: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(o).map(([k, v]) => [`@_${k}`, String(v)]));

/** The message on the wire: `<Message><Head>`, `<Figures>` with the city's and each office's figures as attributes, and each file base64-encoded. */
export function reportMessageXml(m: ReportMessage): string {
  const head = Object.fromEntries(Object.entries(m.Head).map(([k, v]) => [k, String(v)]));
  const figures = { Total: attrs(m.Figures.total), Office: m.Figures.offices.map((o) => attrs({ Code: o.office, ...o.measures })) };
  const attachments = m.Attachments.map((a) => ({ ...attrs({ Name: a.name, MediaType: a.mediaType, SHA256: a.sha256, Bytes: a.bytes }), '#text': Buffer.from(a.content).toString('base64') }));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ Message: { Head: head, Figures: figures, Attachment: attachments } })}`;
}
