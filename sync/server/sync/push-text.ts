import { CASE_EVENT_TEXT, type CaseEventKind } from '#domain/case/events.ts';
import { CASE_FIELD_LABELS, FIELD_ISSUE_WORDS } from '#domain/forms/case-fields.ts';
import { RECORD_TEXT } from '#domain/records/record-text.ts';

/**
 * The reasons the office gives for each pushed record it refuses. The van shows them as they are, on 同步 beside
 * the record's kind and on the case's card alone, so they are Chinese and name each field as the van's screens do
 * (the refusal's `code` is what the van's logic reads; it stays as the protocol has it).
 */
export const PUSH_TEXT = {
  officeAuthored: (collection: string) => `${collection} 由办公室维护，服务车只能读取`,
  deletedNotAllowed: '服务车写入的记录不可删除；撤回或作废请追加事件',
  holdsNul: '记录含有空字符（NUL），办公室不予保存',
  invalidDocument: (collection: string, issues: string) => `${RECORD_TEXT[collection] ?? '记录'}内容不合格：${issues}`,
  officeEvent: (kind: CaseEventKind) => `案件记录“${CASE_EVENT_TEXT[kind]}”只能由办公室写入`,
  hashMismatch: '事件内容与其哈希不符（已被改动或损坏）',
  officeLedger: '票据号段由办公室分配，服务车不能上传',
  invalidPayload: (kind: CaseEventKind, issues: string) => `案件记录“${CASE_EVENT_TEXT[kind]}”的内容不合格：${issues}`,
  numberUsed: (number: string, owner: string) => `票据号 ${number} 已被票据 ${owner} 使用，号码不得重复使用`,
  issues: FIELD_ISSUE_WORDS,
} as const;

/**
 * The fields of the van's records (sync/protocol/documents/van.ts, ledger.ts), keyed by path without list
 * positions; '' names the record itself (a key it does not take). Most are filled in by the van's own code, so a
 * refusal here is a version mismatch, and staff read it to tell the office which record and field.
 */
export const DOCUMENT_FIELD_NAMES: Readonly<Record<string, string>> = {
  ...CASE_FIELD_LABELS,
  '': '记录',
  id: '记录编号', deviceId: '设备', _deleted: '删除标记',
  tripId: '出车任务', appointmentId: '预约', unitIds: '不动产',
  'applicants.idType': '申请人证件类型', 'applicants.side': '申请人类别', 'applicants.phone': '申请人电话', 'applicants.fromCard': '申请人信息是否读自身份证',
  createdAt: '创建时间', createdBy: '经办人',
  seq: '记录序号', kind: '记录类型', at: '记录时间', actor: '经办人', payload: '记录内容', prevHash: '前一条记录的校验值', hash: '记录校验值',
  number: '收据号码', 'items.code': '收费项目代码', 'items.label': '收费项目名称',
  issuedAt: '开票时间', issuedBy: '开票人', method: '付款方式', rules: '收费标准版本',
  bytes: '文件大小', mime: '文件类型', pages: '页数',
  material: '收取的材料', 'material.name': '材料名称', 'material.original': '材料为原件或复印件', 'material.copies': '材料份数',
  outcome: '上门结果', note: '备注', rescheduledTo: '改约日期', rescheduledTime: '改约时间',
  first: '起始号码', last: '终止号码', grantedAt: '分配时间',
};

/** The fields of an intake (`accepted`), also held by a 补正告知 and a 不予受理 as `intake`. */
const INTAKE_FIELDS: Readonly<Record<string, string>> = {
  use: '房屋用途',
  'applicants.idType': '申请人证件类型', 'applicants.side': '申请人类别', 'applicants.phone': '申请人电话', 'applicants.fromCard': '申请人信息是否读自身份证',
  'applicants.representative.idType': '监护人或委托代理人证件类型', 'applicants.representative.idNumber': '监护人或委托代理人证件号码',
  'applicants.representative.relation': '与申请人的关系', 'applicants.representative.fromCard': '监护人或委托代理人信息是否读自身份证',
  'units.use': '不动产用途', 'units.certificateNumber': '不动产权证书号', 'units.snapshotAt': '不动产状态查询时间',
  'materials.key': '材料', 'materials.original': '材料为原件或复印件', 'materials.scanIds': '材料扫描件',
  feeCase: '收费情形', 'feeCase.reason': '收费情形说明',
  certificates: '证书份数', cause: '登记原因', promisedDays: '承诺办结时限', awaitsNotice: '是否待出具受理通知书',
};

/**
 * The fields of each van event's payload (sync/protocol/documents/event-payloads.ts); '' names the payload itself.
 * Where one key means something else in one kind (the `reason` of a 退费), that kind names it.
 */
const PAYLOAD_FIELDS: Readonly<Record<string, string>> = {
  ...CASE_FIELD_LABELS,
  ...INTAKE_FIELDS,
  ...Object.fromEntries(Object.entries({ ...CASE_FIELD_LABELS, ...INTAKE_FIELDS }).map(([path, name]) => [`intake.${path}`, `受理内容的${name}`])),
  '': '记录内容',
  intake: '受理内容',
  complete: '材料是否收齐',
  'missing.key': '需补正的材料', 'missing.problem': '补正类型', 'missing.note': '补正说明',
  'items.basis': '收费依据', method: '付款方式', rules: '收费标准版本', tripId: '出车任务',
  signatureScanId: '被询问人签名', photoScanIds: '现场照片',
  notice: '书面凭证', pages: '页数',
};

const PAYLOAD_FIELDS_OF: Partial<Record<CaseEventKind, Readonly<Record<string, string>>>> = {
  'intake-refused': { reason: '不予受理的理由', basis: '不予受理的依据', ground: '不予受理的情形' },
  'receipt-voided': { reason: '作废原因' },
  'receipt-reprinted': { reason: '重打印原因' },
  withdrawn: { reason: '撤回原因' },
  'fee-refunded': { method: '退付方式', reason: '退费说明', ground: '退费原因' },
  'inspection-recorded': { signatureScanId: '在场人员签名' },
};

/** The names of the fields of a payload of this kind. */
export const payloadFieldNames = (kind: CaseEventKind): Readonly<Record<string, string>> => ({ ...PAYLOAD_FIELDS, ...PAYLOAD_FIELDS_OF[kind] });
