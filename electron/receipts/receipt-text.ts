/** Chinese messages of the receipt issuing service, shown to the staff. */
export const RECEIPT_TEXT = {
  exhausted: (code: string, last: string) => `本车次的票据号段已用完（票据代码 ${code}，末号 ${last}），请先联系中心追加号段，再收款`,
  noCode: '号段没有票据代码，不能开票',
  badBlock: (why: string) => `票据号段有误：${why}`,
  unknownNumber: (n: string) => `没有号码为 ${n} 的已开票据`,
  alreadyVoided: (n: string) => `票据 ${n} 已作废`,
  reasonRequired: '作废须写明原因（至少两个字）',
  whoRequired: '须写明操作人',
} as const;
