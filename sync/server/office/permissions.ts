import { type StaffRole } from '#domain/staff/roles.ts';
import { type Staff } from './session.ts';

/**
 * Which office roles may do what. The server checks these on every route (pages and API alike);
 * the pages only hide what the server would refuse anyway. Role names are domain/staff/roles.ts'.
 */
export const ACCESS = {
  /** Office staff may look at queues, cases and the dashboard; what they may record, the domain decides. */
  view: ['reviewer', 'approver', 'finance', 'admin'],
  /** Appointments and trips are planned by the office administration (roles.ts: 预约/出车/设备). */
  appointments: ['admin'],
  trips: ['admin'],
  reconcile: ['finance', 'admin'],
  /** Sign-off is the finance role alone: the administrator who planned the trip does not sign it off. */
  signOff: ['finance'],
  /** The map query is run at the office's terminal for demolition, development and construction units. */
  map: ['reviewer', 'approver', 'finance', 'admin'],
  /** A building's status decision is entered by the registration side (审批/登簿) or the administration. */
  mapDecide: ['approver', 'admin'],
  /** The cost tables are set by the administration; every change is kept with who made it and why. */
  mapTables: ['admin'],
  /** The office's 承诺时限 table, published in the service guide and printed on the trips' notices. */
  timeLimits: ['admin'],
  /** Enrolled devices and their revocation (roles.ts: 设备). */
  devices: ['admin'],
  /** Events held for a broken hash chain are accepted or rejected by the senior registration staff (审批). */
  resolveChain: ['approver'],
  /** Court acts go into the register as the 登簿 staff record them (实施细则 第九十条). */
  courtActs: ['approver'],
  /** Lawful queries are served at the counter (不动产登记资料查询暂行办法). */
  queries: ['reviewer', 'approver'],
  /** Photos of the house as it stands (现状影像) are added by those who see it: the 实地查看 reviewers and 登簿 staff. */
  archivePhotos: ['reviewer', 'approver', 'admin'],
  /** Legacy imports and reader stations are set up by the administration. */
  archiveAdmin: ['admin'],
  /** Contract filings and listings are looked at by the registration side and the administration. */
  market: ['reviewer', 'approver', 'admin'],
  /** Projects, permits, the portals' organisations and sales-office reader stations are entered by the administration. */
  marketAdmin: ['admin'],
  /** A listing is verified item by item at the counter, with the papers in front of the reviewer. */
  marketVerify: ['reviewer'],
  /** A buyer's consent at the counter is checked by a reviewer; a court's document is recorded by 审批/登簿. */
  marketConsent: ['reviewer', 'approver'],
  marketCourt: ['approver'],
  /** The province 接入 queue is watched by the 登簿 side and the administration; a failed message is re-sent by the administration. */
  province: ['approver', 'admin'],
  provinceResend: ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof ACCESS;

export const can = (staff: Pick<Staff, 'roles'>, p: Permission): boolean => staff.roles.some((r) => (ACCESS[p] as readonly string[]).includes(r));

