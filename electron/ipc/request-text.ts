import { CASE_FIELD_LABELS, FIELD_ISSUE_WORDS } from '#domain/forms/case-fields.ts';
import { type Channel, ReceiptPrintSchema } from './contract.ts';

/**
 * The words of a refused IPC request (`invalid-request`), which the screens show as they are: staff read it. Most
 * fields are filled in by our own code, but some are typed by staff (a new enrollment code, a void reason, a folder)
 * and reach the contract's checks unchecked; each field is named as its screen or printed document names it.
 */
export const REQUEST_TEXT = {
  invalid: (issues: string) => `请求内容不正确：${issues}`,
  issues: FIELD_ISSUE_WORDS,
} as const;

/**
 * Each field of the channels' requests (contract.ts), keyed by its path without list positions: a case's fields as
 * the office names them too (case-fields.ts), and the requests' own. A field not named here takes the name of the
 * nearest one that holds it (`collections.rows.id` is 待传数据).
 */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  ...CASE_FIELD_LABELS,
  '': '请求的整体',
  baudRate: '波特率',
  businessName: '登记类型名称',
  caseIds: '案件',
  code: '新的登记码',
  collections: '待传数据', scans: '扫描件',
  dir: 'U盘上的文件夹',
  feeTotalFen: '收费合计',
  fileId: '扫描仪文件',
  files: '文件', 'files.mime': '文件类型', 'files.name': '文件名', 'files.stagedId': '文件',
  present: '在场人员',
  issuedAt: '出具时间',
  'items.ruleVersion': '收费标准版本',
  keyBase64: '扫描件密钥',
  kind: '设备',
  promised: '承诺办结时限', legal: '法定办结时限', supplyBy: '补正期限',
  material: '材料名称',
  'materials.form': '材料为原件或复印件',
  method: '退付方式',
  'missing.reason': '补正内容',
  notice: '告知书',
  paperWidth: '纸宽',
  path: '路径',
  payee: '收款单位',
  payment: '付款方式', 'payment.method': '付款方式', 'payment.transactionRef': '交易单号', paymentMethod: '付款方式',
  reasons: '不予受理的理由',
  receipt: '收据', receiptId: '收据记录',
  refundedAt: '退费时间',
  signaturePng: '签名', signatures: '申请人签名', 'signatures.name': '签名人', 'signatures.png': '申请人签名',
  staffName: '经办人', statusUrl: '进度查询网址',
  timeoutMs: '读卡等待时间',
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
  'log:pageFailure': { code: '错误代码', where: '出错的操作', name: '错误类型', message: '错误详情', stack: '错误详情' },
};
