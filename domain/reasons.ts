/**
 * How much a person must write when a rule asks them why: enough to say it, not one keystroke. Counted
 * in characters (a Chinese character is one).
 */
export const MIN_REASON_CHARS = {
  /** 作废: why a receipt is voided. */
  voidReceipt: 2,
  /** 减免: why a fee reduction or exemption applies. */
  feeReduction: 2,
  /** 提前办理: why a case is taken ahead of older ones in its review queue (no 人情件). */
  outOfOrder: 4,
  /** 对账签认 with open errors: why finance signs the trip off anyway. */
  signOffWithErrors: 10,
  /**
   * 不予登记 or 退回补正 in review: a decision against the applicant, who is told why in writing (条例 第二十二条); a
   * stroke or a full stop is no reason.
   */
  adverseDecision: 4,
  /** 改约 or 放弃 of an appointment: why the visit did not take place. */
  visitOutcome: 2,
  /**
   * 撤回: the applicant's reason, in short; their written request is the record and is scanned with the case. As
   * much as the van's withdraw form has always asked for, so no withdrawal a van recorded offline says less.
   */
  withdrawal: 2,
  /** 初审's opinion: the record of the examination (条例 第十八条); 同意 says it. */
  reviewOpinion: 2,
  /** 暂停: why the case's time limit stops (the applicant is told), the office's own decision. */
  suspension: 4,
  /** 解除异常标记: why the flag no longer stands (已解封). */
  flagClearing: 2,
  /** 退费: why the money goes back. */
  refund: 2,
  /** 公告: what the 公告 is for (首次登记, 更正登记 …, 实施细则 第十七条), the office's own decision, kept in the history. */
  publication: 4,
} as const;

export type ReasonKind = keyof typeof MIN_REASON_CHARS;

export const isReasonGiven = (kind: ReasonKind, text: string): boolean => [...text.trim()].length >= MIN_REASON_CHARS[kind];
