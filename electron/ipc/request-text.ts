import { type IssueWords } from '#domain/forms/form-issues.ts';
import { type Channel, ReceiptPrintSchema } from './contract.ts';

/**
 * The words of a refused IPC request (`invalid-request`), which the screens show as they are: staff read it. Most
 * fields are filled in by our own code, but some are typed by staff (a new enrollment code, a void reason, a folder)
 * and reach the contract's checks unchecked; each field is named as its screen or printed document names it.
 */
export const REQUEST_TEXT = {
  invalid: (issues: string) => `请求内容不正确：${issues}`,
  issues: { missing: '请填写', tooLong: '太长', tooShort: '太短', date: '日期格式不对', wrong: '格式不对', range: '超出允许的范围', tooFew: '太少', tooMany: '太多', unknownKeys: '有多余的项' } satisfies IssueWords,
} as const;

/**
 * Each field of the channels' requests (contract.ts), keyed by its path without list positions; a field not named
 * here takes the name of the nearest one that holds it (`collections.rows.id` is 待传数据).
 */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  '': '请求的整体',
  amountFen: '金额',
  answers: '询问内容', 'answers.question': '问题', 'answers.answer': '回答',
  applicants: '申请人', 'applicants.idNumber': '申请人证件号码', 'applicants.name': '申请人姓名',
  'applicants.representative': '监护人或委托代理人', 'applicants.representative.kind': '监护人或委托代理人的身份', 'applicants.representative.name': '监护人或委托代理人姓名',
  basis: '依据',
  baudRate: '波特率',
  businessKind: '登记类型', businessName: '登记类型名称',
  caseId: '案件', caseIds: '案件', caseNumber: '申请编号', queryCode: '查询码',
  code: '新的登记码',
  collections: '待传数据', scans: '扫描件', sha256: '文件校验值',
  dir: 'U盘上的文件夹',
  feeTotalFen: '收费合计',
  fileId: '扫描仪文件',
  files: '文件', 'files.mime': '文件类型', 'files.name': '文件名', 'files.stagedId': '文件',
  findings: '查看情况', ground: '查看事由', interviewee: '被询问人', present: '在场人员', matchesApplication: '与申请内容是否一致',
  issuedAt: '出具时间',
  items: '收费项目', 'items.amountFen': '收费金额', 'items.name': '收费项目名称', 'items.ruleVersion': '收费标准版本',
  keyBase64: '扫描件密钥',
  kind: '设备',
  promised: '承诺办结时限', legal: '法定办结时限', supplyBy: '补正期限',
  material: '材料名称',
  materials: '收取的材料', 'materials.count': '材料份数', 'materials.form': '材料为原件或复印件', 'materials.name': '材料名称', 'materials.pages': '材料页数',
  method: '退付方式',
  missing: '需补正的材料', 'missing.basis': '补正依据', 'missing.name': '需补正的材料名称', 'missing.reason': '补正内容',
  notice: '告知书',
  paperWidth: '纸宽',
  path: '路径',
  payee: '收款单位', payer: '缴款人',
  payment: '付款方式', 'payment.method': '付款方式', 'payment.transactionRef': '交易单号', paymentMethod: '付款方式', transactionRef: '交易单号',
  reason: '原因', reasons: '不予受理的理由', referTo: '告知申请的机关',
  receipt: '收据', receiptCode: '票据代码', receiptId: '收据记录', receiptNumber: '收据号码',
  refundNumber: '退费凭证号', refundedAt: '退费时间',
  signaturePng: '签名', signatures: '申请人签名', 'signatures.name': '签名人', 'signatures.png': '申请人签名',
  staffName: '经办人', statusUrl: '进度查询网址',
  timeoutMs: '读卡等待时间',
  totalFen: '合计金额',
  units: '不动产', 'units.address': '坐落', 'units.unitNumber': '不动产单元号',
  voidedAt: '作废时间', voidedBy: '作废人',
};

/** The same, and the fields of the receipt a void names (`receipt.payer` is 收据的缴款人). */
export const REQUEST_FIELD_NAMES: Readonly<Record<string, string>> = {
  ...FIELD_NAMES,
  ...Object.fromEntries(Object.entries(FIELD_NAMES).filter(([path]) => Object.hasOwn(ReceiptPrintSchema.shape, path.split('.')[0] ?? '')).map(([path, name]) => [`receipt.${path}`, `收据的${name}`])),
};

/** Where a channel's field means something else than the same key elsewhere. */
export const CHANNEL_FIELD_NAMES: Partial<Record<Channel, Readonly<Record<string, string>>>> = {
  'devices:configure': { path: '串口' },
  'sync:importBundle': { path: '回传包文件或所在文件夹' },
  'scans:setScannerFolder': { path: '扫描仪输出文件夹' },
  'receipts:void': { reason: '作废原因' },
  'documents:refusalNotice': { basis: '不予受理的依据' },
  'documents:refundReceipt': { payee: '退款领取人', reason: '退费说明', ground: '退费原因', receiptNumber: '原缴费票据号码' },
};
