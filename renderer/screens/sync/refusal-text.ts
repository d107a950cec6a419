import { type RejectionCode } from '#protocol/messages.ts';

const ASK_IT = '请联系办公室信息管理人员，不要删除本机数据。';

/**
 * What staff do about a record the office refused, per refusal code: the office's own reason is shown
 * beside it. Shown on 同步 and on the case's card.
 */
export const REFUSAL_ADVICE: Record<RejectionCode, string> = {
  'receipt-number-used': '该票据号码已被另一张票据使用，办公室只接收先到的一张。请保留这张纸质票据的存根，交回时交财务核对（对账时列为“同一票据号码被使用两次”）。本案件的其他记录照常上传。',
  'receipt-outside-block': '票据号码不在办公室为本次出车分配的号段内。请联系办公室管理员核对号段，核对后点“重新提交退回的记录”。',
  'receipt-outside-grant': '票据号码不在办公室分配给本机的号段内。请联系办公室管理员核对本机领用的号段，核对后点“重新提交退回的记录”。',
  'unknown-trip': '办公室没有这次出车任务。请联系办公室管理员核对行程，核对后点“重新提交退回的记录”。',
  'invalid-document': `记录内容不符合办公室的要求（可能是程序版本不一致）。${ASK_IT}`,
  'invalid-payload': `记录内容不符合办公室的要求（可能是程序版本不一致）。${ASK_IT}`,
  'event-hash-mismatch': `记录内容与其校验值不符，可能已损坏或被改动。${ASK_IT}`,
  immutable: `办公室已有同一编号但内容不同的记录。${ASK_IT}`,
  'office-authored': `本机不能上传此类记录。${ASK_IT}`,
  'deleted-not-allowed': `本机不能删除已上传的记录。${ASK_IT}`,
  'wrong-device': `该记录属于另一台设备。${ASK_IT}`,
  'not-own-case': `该案件由另一台设备受理，本机不能写入。${ASK_IT}`,
  'not-own-trip': `该出车任务属于其他服务车。请在“今日行程”点“拉取行程”确认本车的行程，并联系办公室管理员。`,
  'reserved-id': `记录编号与办公室的记录冲突。${ASK_IT}`,
  'receipt-not-own': `该票据号码不属于本车或属于其他案件，不能在本案件中登记。请联系办公室财务核对。`,
  'held-back': '同一案件中更早的记录被办公室退回，本条按顺序等待。处理好那条记录后点“重新提交退回的记录”，本条随之上传，不会重复。',
};

export const adviceFor = (code: string): string => (code in REFUSAL_ADVICE ? REFUSAL_ADVICE[code as RejectionCode] : ASK_IT);
