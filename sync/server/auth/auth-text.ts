import { staffRoleLabel } from '#domain/staff/roles.ts';

/** The Chinese text of the office's sign-in, session and request checks, in one place. */
export const AUTH_TEXT = {
  loginFailed: '用户名或密码错误',
  loginRequired: '请先登录',
  roleRequired: (roles: readonly string[]) => `您的岗位无权执行此操作，需要以下岗位之一：${roles.map(staffRoleLabel).join('、')}`,
  throttledAccount: (minutes: number) => `该账号连续登录失败次数过多，已暂停登录，请 ${minutes} 分钟后再试，或联系系统管理员`,
  throttledAddress: (minutes: number) => `本机登录失败次数过多，已暂停登录，请 ${minutes} 分钟后再试`,
  notDone: '操作未执行',
  crossSite: '无法确认请求来自本系统的页面（可能是跨站请求），操作未执行。请回到办公室系统页面，刷新后再试。',
  sessionEnded: '登录已失效（已退出，或账号的岗位、密码或状态已变更），请重新登录',
  deviceRevoked: '本设备已被办公室停用，无法同步。未上传的记录仍保存在本机，请向办公室管理员申请新的登记码重新登记',
  deviceWipeOrdered: '办公室已下令擦除本设备（设备遗失或被盗）。本机先上传尚未同步的记录和扫描件，然后删除本机全部数据，不再接收办公室数据',
  deviceWiped: '本设备已按办公室指令擦除，令牌已作废。如需继续使用，请重新安装并向办公室管理员申请登记码',
  deviceUnknown: '设备未登记或令牌无效，请向办公室管理员申请登记码',
} as const;
