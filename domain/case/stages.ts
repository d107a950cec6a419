/**
 * Where a case stands. The main line is 申请 → 受理 → 初审 → 复审 → 审批 → 登簿 → 缮证 → 发证 → 归档; a stage names
 * the last step completed, so the 初审 queue holds cases in `accepted`.
 */
export type CaseStage =
  | 'applied'
  | 'accepted'
  | 'review-1'
  | 'review-2'
  | 'approved'
  | 'registered'
  | 'certificate-prepared'
  | 'certificate-issued'
  | 'archived'
  | 'correction'
  | 'intake-refused'
  | 'registration-refused'
  | 'withdrawn'
  | 'suspended'
  | 'publication';

export const CASE_STAGE_TEXT: Record<CaseStage, string> = {
  applied: '申请',
  accepted: '已受理，待初审',
  'review-1': '初审通过，待复审',
  'review-2': '复审通过，待审批',
  approved: '审批通过，待登簿',
  registered: '已登簿，待缮证',
  'certificate-prepared': '已缮证，待发证',
  'certificate-issued': '已发证',
  archived: '已归档',
  correction: '待补正材料',
  'intake-refused': '不予受理',
  'registration-refused': '不予登记',
  withdrawn: '申请人已撤回',
  suspended: '暂停办理',
  publication: '公告中，公告期满后登簿',
};

/** An intake whose notice never followed (abandoned at payment): an application, not an accepted case. */
export const NOTICE_PENDING_TEXT = '未完成受理（未出具受理通知书）';

/** Short public names for the status page (no personal data). */
export const CASE_STAGE_SHORT: Record<CaseStage, string> = {
  applied: '申请',
  accepted: '受理',
  'review-1': '初审',
  'review-2': '复审',
  approved: '审批',
  registered: '登簿',
  'certificate-prepared': '缮证',
  'certificate-issued': '发证',
  archived: '归档',
  correction: '补正',
  'intake-refused': '不予受理',
  'registration-refused': '不予登记',
  withdrawn: '撤回',
  suspended: '暂停',
  publication: '公告',
};

export const FINAL_STAGES: ReadonlySet<CaseStage> = new Set<CaseStage>([
  'archived', 'intake-refused', 'registration-refused', 'withdrawn',
]);

/** The review level a case in this stage waits for, if any. */
export function pendingReviewLevel(stage: CaseStage): 1 | 2 | 3 | null {
  if (stage === 'accepted') return 1;
  if (stage === 'review-1') return 2;
  if (stage === 'review-2') return 3;
  return null;
}
