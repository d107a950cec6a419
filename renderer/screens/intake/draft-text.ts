/** The Chinese text about an intake in progress: kept on the van, resumed or discarded on purpose. */
export const DRAFT_T = {
  kept: (time: string) => `草稿已自动保存（${time}），刷新、断电或锁屏后可继续`,
  /** The store refused the draft: what is on screen is still there, and the next change tries again. */
  keepFailed: (code: string) => `草稿未能保存到本机：屏幕上已录入的内容仍在，可继续办理，下一次修改时会再次保存。如果一直保存不了，请不要刷新或关闭本窗口，并联系办公室技术支持，告知错误代码 ${code}`,
  pending: (who: string, business: string, step: string, by: string) => `有一份未完成的受理：${who} · ${business} · 停在“${step}”（${by} 开始）`,
  walkIn: '未预约申请人',
  noKind: '尚未选择业务',
  resume: '继续受理',
  discard: '放弃此受理',
  discardConfirm: '确认放弃',
  discardCancel: '不放弃',
  discardWarnUnsaved: '放弃后，已录入的内容和已导入的扫描件将从本机删除，不能恢复。',
  discardWarnSaved: '案件已保存在本机，放弃只结束这次受理流程，案件仍在“案件”中。',
  discarded: '已放弃该受理',
  discardFailed: '放弃失败，草稿仍保留：',
  /** The store refused to drop the draft: it stays, and pressing again tries again. */
  discardNotDone: (code: string) => `放弃没有完成，这份受理的草稿仍在本机。请再点一次放弃；仍不成功请联系办公室技术支持，告知错误代码 ${code}。`,
  choiceTitle: '当前还有未完成的受理',
  choiceNew: (name: string) => `要开始受理的是：${name}`,
  keepCurrent: '继续当前受理',
  startNew: '放弃并开始新的',
} as const;
