import { FIELD_ISSUE_WORDS } from '#domain/forms/case-fields.ts';

/**
 * What the office says of a van's sync request it cannot read (code `malformed`). The van's own code writes these
 * requests, so one refused is a version mismatch; but the van shows the office's message as it is on 同步
 * (renderer/db/sync-controller.ts `officeMessage`), and staff read it out to the office: Chinese, each field by a
 * name, never zod's English or the field's key. Keyed by path without list positions; '' names the whole request.
 */
export const SYNC_REQUEST_TEXT = {
  pullInvalid: (issues: string) => `拉取参数不合格：${issues}`,
  pushInvalid: (issues: string) => `推送内容不合格：${issues}`,
  reportInvalid: (issues: string) => `状态报告不合格：${issues}`,
  wipeReportInvalid: (issues: string) => `擦除前报告不合格：${issues}`,
  wipeDoneInvalid: (issues: string) => `擦除确认不合格：${issues}`,
  grantInvalid: (issues: string) => `领取票据号码的请求不合格：${issues}`,
  snapshotsInvalid: (issues: string) => `刷新单元状态的请求不合格：${issues}`,
  pullFields: { '': '拉取参数', checkpoint: '同步位置', limit: '每次拉取的条数' } as Readonly<Record<string, string>>,
  /** A per-collection push (a JSON array of rows) and an outbox push (`rows`, each a collection and a document). */
  pushFields: {
    '': '推送内容', rows: '待传记录', newDocumentState: '记录', assumedMasterState: '记录的原状态',
    'rows.collection': '记录类型', 'rows.doc': '记录', 'rows.doc.id': '记录编号', 'rows.doc._deleted': '删除标记',
    'newDocumentState.id': '记录编号', 'newDocumentState._deleted': '删除标记',
  } as Readonly<Record<string, string>>,
  reportFields: {
    '': '状态报告', chainHeadSeq: '记录链末条序号', chainHeadHash: '记录链末条校验值', pendingDocuments: '待传记录数', pendingScans: '待传扫描件数', quarantined: '被退回的记录数',
  } as Readonly<Record<string, string>>,
  wipeReportFields: {
    '': '擦除前报告', pendingDocuments: '待传记录数', quarantined: '被退回的记录数', unverifiedScans: '未核实的扫描件数', locked: '本机数据是否锁定',
  } as Readonly<Record<string, string>>,
  wipeDoneFields: { '': '擦除确认', erasedAt: '擦除时间' } as Readonly<Record<string, string>>,
  grantFields: { '': '领取请求', tripId: '出车任务编号' } as Readonly<Record<string, string>>,
  snapshotsFields: { '': '刷新请求', tripIds: '出车任务编号' } as Readonly<Record<string, string>>,
  issues: FIELD_ISSUE_WORDS,
} as const;
