import { STATEMENT_CHANNEL_TEXT } from '#domain/reconciliation/statement.ts';

/** The Chinese of the payment statements on the reconciliation page. */
export const S = {
  title: '扫码收款对账（支付渠道对账单）',
  intro: '上传微信支付、支付宝或云闪付商户平台导出的对账单 CSV 原始文件（不要打开另存或删改列），逐笔按交易单号和金额与本次出车的扫码票据核对。同一渠道再次上传会替换上次的文件。',
  channel: '支付渠道',
  channels: STATEMENT_CHANNEL_TEXT,
  file: '对账单文件（CSV）',
  submit: '上传并核对',
  imported: (channel: string) => `已导入${channel}对账单，核对结果见下方。`,
  tripUnknown: '没有这次出车任务。',
  channelRequired: '请选择支付渠道：微信支付、支付宝或云闪付。',
  noFile: '请选择要上传的对账单文件。',
  tooLarge: '对账单文件超过 5 MB：请在渠道平台按出车日期导出当天的对账单。',
  signed: '该出车任务已经签认，签认后不能再导入对账单。',
  none: '尚未导入对账单。',
  fileLine: (file: string, at: string, by: string) => `文件：${file}（${at} 由 ${by} 导入）`,
  summary: (m: { matched: number; differs: number; missing: number; unknown: number }) => `相符 ${m.matched} 笔；金额不符 ${m.differs} 笔；对账单上没有 ${m.missing} 笔；对账单上多出 ${m.unknown} 笔`,
  others: (otherTrips: number, notPayments: number) => `另有其他出车任务的收款 ${otherTrips} 笔、退款等非收款记录 ${notPayments} 笔，未在此核对。`,
  head: ['结果', '票据号码', '交易单号', '票据金额', '对账单金额', '说明'],
  kinds: { matched: '相符', differs: '金额不符', missing: '对账单上没有', unknown: '对账单上多出' },
  problems: '未能读取的行',
  problemLine: (row: number, message: string) => `第 ${row} 行：${message}`,
} as const;
