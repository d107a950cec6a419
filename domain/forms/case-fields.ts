import { type IssueWords } from './form-issues.ts';

// In domain/ because the van and the office both say them: the van when it refuses a request of its own screens
// (electron/ipc/request-text.ts), the office when it refuses a record the van pushed (sync/server/sync/push-text.ts),
// and the van's screens show either as it is.

/**
 * The fields of a case, its intake and its fees, keyed by their path without list positions, each as the van's
 * screens and printed documents name it. Only keys that mean the same in a screen's request and in a case event's
 * payload are here; a key that means something else on one side (`method`, `material`) is named by that side.
 */
export const CASE_FIELD_LABELS: Readonly<Record<string, string>> = {
  amountFen: '金额',
  answers: '询问内容', 'answers.question': '问题', 'answers.answer': '回答',
  applicants: '申请人', 'applicants.idNumber': '申请人证件号码', 'applicants.name': '申请人姓名',
  'applicants.representative': '监护人或委托代理人', 'applicants.representative.kind': '监护人或委托代理人的身份', 'applicants.representative.name': '监护人或委托代理人姓名',
  basis: '依据',
  businessKind: '登记类型',
  caseId: '案件', caseNumber: '申请编号', queryCode: '查询码',
  findings: '查看情况', ground: '查看事由', interviewee: '被询问人', matchesApplication: '与申请内容是否一致',
  items: '收费项目', 'items.amountFen': '收费金额', 'items.name': '收费项目名称',
  materials: '收取的材料', 'materials.count': '材料份数', 'materials.name': '材料名称', 'materials.pages': '材料页数',
  missing: '需补正的材料', 'missing.basis': '补正依据', 'missing.name': '需补正的材料名称',
  payer: '缴款人',
  reason: '原因', referTo: '告知申请的机关',
  receiptCode: '票据代码', receiptNumber: '收据号码', refundNumber: '退费凭证号',
  sha256: '文件校验值',
  totalFen: '合计金额', transactionRef: '交易单号',
  units: '不动产', 'units.address': '坐落', 'units.unitNumber': '不动产单元号',
};

/** What is wrong with one field, said after its name, as the van's screens say it. */
export const FIELD_ISSUE_WORDS = {
  missing: '请填写', tooLong: '太长', tooShort: '太短', date: '日期格式不对', wrong: '格式不对', range: '超出允许的范围', tooFew: '太少', tooMany: '太多', unknownKeys: '有多余的项',
} as const satisfies IssueWords;
