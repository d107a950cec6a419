import { FIELD_ISSUE_WORDS } from '#domain/forms/case-fields.ts';
import { T } from '#server/office/office-text.ts';

/**
 * What the office's administration answers that a person reads: the `van office` command line prints a refusal's
 * message as it is (electron/cli/commands/office.ts), so each field is named in Chinese as the command's help and
 * the office's pages name it, not by its option or its key.
 */
export const ADMIN_TEXT = {
  staffInvalid: (issues: string) => `工作人员信息不合格：${issues}`,
  staffFields: { '': '工作人员信息', login: T.login.login, name: '姓名', roles: '角色', password: T.login.password } as Readonly<Record<string, string>>,
  enrollInvalid: (issues: string) => `登记码申请不合格：${issues}`,
  enrollFields: { '': '登记码申请', vanId: '服务车编号', ttlHours: '有效小时数' } as Readonly<Record<string, string>>,
  issues: FIELD_ISSUE_WORDS,
} as const;
