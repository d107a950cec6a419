/**
 * Who may do what. Van clerks take applications on site; the three review levels (初审/复审/审批) are office
 * staff, and one case's three levels are done by three different people (enforced in domain/case/lifecycle.ts).
 */
export type StaffRole = 'van-clerk' | 'reviewer' | 'approver' | 'admin' | 'finance';

export const STAFF_ROLES: readonly StaffRole[] = ['van-clerk', 'reviewer', 'approver', 'admin', 'finance'];

export const STAFF_ROLE_TEXT: Record<StaffRole, string> = {
  'van-clerk': '直通车受理员',
  reviewer: '审核员（初审/复审）',
  approver: '审批人（审批/登簿/发证）',
  admin: '系统管理员（预约/出车/设备）',
  finance: '财务对账',
};

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/**
 * The roles' names alone, without what each covers in brackets: for a line that brackets them itself or has no room
 * (the office pages' header, where 王芳（审核员（初审/复审）） read badly and broke the header onto two lines).
 */
export const STAFF_ROLE_SHORT_TEXT: Record<StaffRole, string> = {
  'van-clerk': '直通车受理员',
  reviewer: '审核员',
  approver: '审批人',
  admin: '系统管理员',
  finance: '财务对账',
};

/** A role's Chinese name for staff to read; an unknown one as it is stored. */
export const staffRoleLabel = (role: string): string => (isStaffRole(role) ? STAFF_ROLE_TEXT[role] : role);

/** A role's short Chinese name (STAFF_ROLE_SHORT_TEXT); an unknown one as it is stored. */
export const staffRoleShortLabel = (role: string): string => (isStaffRole(role) ? STAFF_ROLE_SHORT_TEXT[role] : role);
