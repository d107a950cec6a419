import { z } from 'zod';
import { FIELD_ISSUE_WORDS } from '#domain/forms/case-fields.ts';
import { parseForm } from '#domain/forms/form-issues.ts';
import { REC_TYPES } from '#domain/province/exchange-codes.ts';
import { type ExchangeMessage } from '#domain/province/exchange-message.ts';
import { P } from './province-text.ts';

/**
 * The 接入 message as the province platform accepts it (不动产登记数据接入规范 报文头, and the 不动产登记数据库标准
 * tables it carries). Every message is checked against this before it is queued for sending: one that fails is
 * stored with the reasons and never sent, so the province never sees a message it would reject as malformed.
 */

const S = P.schema;
const REC = Object.values(REC_TYPES) as [string, ...string[]];
/** GB/T 37346 不动产单元代码: 6 县级行政区划, 6 地籍区/子区, 2 宗地特征码, 5 宗地顺序号, 定着物特征码 (F/L/Q/W), 8 定着物单元编号. */
const UNIT_NUMBER = /^\d{12}[A-Z]{2}\d{5}[FLQW]\d{8}$/;
const CERTIFYING = new Set(['1000402', '2000402', '3000402', '5000402']);

const Head = z.object({
  BizMsgID: z.string().regex(/^\d{18}$/, S.bizMsgId),
  ASID: z.literal('AS100', S.asid),
  AreaCode: z.string().regex(/^\d{6}$/, S.areaCode),
  RecType: z.enum(REC, S.recType),
  RightType: z.string().regex(/^\d{1,2}$/, S.rightType),
  RegType: z.enum(['100', '200', '300', '400', '500', '600', '700', '800', '900'], S.regType),
  CreateDate: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/, S.createDate),
  RecFlowID: z.string().min(1, S.recFlowId).max(50, S.recFlowId),
  RegOrgID: z.string().min(1, S.regOrgId),
  ParcelID: z.string().length(19, S.parcelId),
  EstateNum: z.string().regex(UNIT_NUMBER, S.estateNum),
  PreEstateNum: z.string(),
  PreCertID: z.string(),
  CertCount: z.int(S.count).min(0, S.count),
  ProofCount: z.int(S.count).min(0, S.count),
});

const House = z.object({
  BDCDYH: z.string(), ZL: z.string().min(1, S.house), SZC: z.int(), ZCS: z.int(), JZMJ: z.number().positive(S.area),
  GHYT: z.string(), FWJG: z.string(), JGSJ: z.string(), QXDM: z.string().regex(/^\d{6}$/, S.areaCode),
});

const Holder = z
  .object({ BDCDYH: z.string(), QLRMC: z.string().min(1, S.holderName), ZJZL: z.string(), ZJH: z.string().min(1, S.holderId), GYFS: z.enum(['0', '1', '2', '3']), QLBL: z.string(), QLRLX: z.string() })
  .refine((h) => h.ZJZL !== '1' || /^\d{17}[\dX]$/.test(h.ZJH), { message: S.residentId, path: ['ZJH'] });

export const ExchangeMessageSchema = z
  .object({
    Head,
    Data: z.object({ KTT_FW_H: House.nullable().refine((h) => h !== null, S.house), QLR: z.array(Holder), right: z.looseObject({ table: z.string() }).nullable() }),
  })
  .superRefine((m, ctx) => {
    const h = m.Head;
    if (h.AreaCode !== h.EstateNum.slice(0, 6)) ctx.addIssue({ code: 'custom', message: S.areaCode, path: ['Head', 'AreaCode'] });
    if (h.ParcelID !== h.EstateNum.slice(0, 19)) ctx.addIssue({ code: 'custom', message: S.parcelId, path: ['Head', 'ParcelID'] });
    if (!CERTIFYING.has(h.RecType)) return;
    if (m.Data.QLR.length === 0) ctx.addIssue({ code: 'custom', message: S.holders, path: ['Data', 'QLR'] });
    if (m.Data.right === null) ctx.addIssue({ code: 'custom', message: S.right, path: ['Data', 'right'] });
    if (h.CertCount < 1) ctx.addIssue({ code: 'custom', message: S.certCount, path: ['Head', 'CertCount'] });
  });

/**
 * Every reason the message fails the schema, each with the field it concerns by its Chinese name; empty when it
 * passes. The province page shows them: a field with no reason of its own here (共有方式, 所在层) is said in
 * form-issues.ts's words, not zod's English.
 */
export function exchangeProblems(m: ExchangeMessage): string[] {
  const r = parseForm(ExchangeMessageSchema, m, P.fields, FIELD_ISSUE_WORDS);
  return r.ok ? [] : [...r.issues];
}
