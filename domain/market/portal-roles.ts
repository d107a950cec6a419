/**
 * Who uses the office's portals and what each may do. The portals' people are the staff of developers,
 * banks, agencies and the demolition, development and construction units that use the map query, never
 * office staff: they have their own logins and sessions and never reach a van.
 */
export type PortalKind = 'developer' | 'bank' | 'agency' | 'builder';
export const PORTAL_KINDS: readonly PortalKind[] = ['developer', 'bank', 'agency', 'builder'];

export type PortalRole = 'sales' | 'manager' | 'officer' | 'agent' | 'surveyor' | 'admin';

/** The roles an organisation of each kind hands out. */
export const ROLES_OF: Record<PortalKind, readonly PortalRole[]> = {
  developer: ['sales', 'manager', 'admin'],
  bank: ['officer', 'admin'],
  agency: ['agent', 'admin'],
  builder: ['surveyor', 'admin'],
};

export const PORTAL_ACCESS = {
  /** Draft a contract, read the buyer's ID at the sales office, file it. */
  file: ['sales', 'manager'],
  /** Change a filed contract or ask for its cancellation: the developer's manager answers for it. */
  amend: ['manager'],
  /** Look a filing up by contract number and buyer ID, record or release a 预抵押. */
  lend: ['officer'],
  /** Submit and withdraw second-hand listings. */
  list: ['agent'],
  /** Run the region query on the map and export its answer (拆迁、开发、建设单位), and nothing else of the office. */
  regionQuery: ['surveyor'],
  /** The organisation's own logins. */
  accounts: ['admin'],
} as const satisfies Record<string, readonly PortalRole[]>;

export type PortalPermission = keyof typeof PORTAL_ACCESS;

export const mayDo = (roles: readonly PortalRole[], p: PortalPermission): boolean => roles.some((r) => (PORTAL_ACCESS[p] as readonly PortalRole[]).includes(r));

export const PORTAL_KIND_TEXT: Record<PortalKind, string> = { developer: '房地产开发企业', bank: '银行', agency: '房地产经纪机构', builder: '拆迁、开发、建设单位' };

export const PORTAL_ROLE_TEXT: Record<PortalRole, string> = { sales: '销售员', manager: '销售经理', officer: '信贷员', agent: '经纪人', surveyor: '区域查询员', admin: '本单位管理员' };
