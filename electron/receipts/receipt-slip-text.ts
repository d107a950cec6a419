/** Every Chinese text on the thermal receipt slip. The slip is a 缴费凭条, not itself a 财政票据 (《财政票据管理办法》; docs/devices.md). */
export const SLIP_TEXT = {
  title: '不动产登记缴费凭条',
  reprint: '【重打印】',
  receipt: (code: string, number: string) => `票据代码：${code}`.concat(`\n票据号码：${number}`),
  caseNumber: (n: string) => `受理编号：${n}`,
  payer: (p: string) => `交款人：${p}`,
  itemHeader: { name: '收费项目', amount: '金额(元)' },
  // The fee notice's own number (发改价格规〔2016〕2559号), never an internal table key.
  rules: (v: string) => `收费依据：${v}`,
  total: (yuan: string) => `合计：￥${yuan}`,
  upper: (text: string) => `大写：${text}`,
  method: (text: string) => `缴费方式：${text}`,
  transactionRef: (ref: string) => `交易单号：${ref}`,
  payee: (p: string) => `收款单位：${p}`,
  staff: (s: string) => `收款人：${s}`,
  time: (t: string) => `时间：${t}`,
  scan: '扫码查询办理进度',
  notFiscal: '本凭条为缴费凭证，财政票据另行开具',
  noExtraFee: '直通车上门服务不收取任何额外费用',
} as const;
