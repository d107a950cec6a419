/** The Chinese text of a case's notice on 案件: view it again, print it again, or why there is none. */
export const NOTICE_T = {
  view: '查看告知书',
  hide: '收起告知书',
  print: '打印告知书',
  title: (name: string) => `${name}（存档）`,
  reprintTitle: (name: string) => `${name}（重印）`,
  reprinted: '这是重新打印的一份：每页顶部标有“重印”和打印时间；受理时出具的原件不变。',
  kinds: { acceptance: '受理通知书', correction: '不予受理告知书（一次性补正告知）', refusal: '不予受理告知书' },
  pending: '未出具受理通知书：此受理未完成，办公室不计为已受理案件。请在“受理”中继续完成，或作废票据后退费。',
  loading: '正在打开…',
} as const;
