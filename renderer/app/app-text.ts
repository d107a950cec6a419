/** The shell's text: title, navigation, lock, start-up errors. */
export const T = {
  title: '便民服务直通车 · 佳木斯不动产登记',
  nav: { trip: '今日行程', intake: '受理', batch: '企业批量', cases: '案件', sync: '同步', devices: '设备' },
  lock: '锁屏',
  logout: '退出',
  loggedInAs: (name: string) => `当前：${name}`,
  starting: '正在启动…',
  startFailed: '启动失败：',
  /** The app did not start for a cause the page caught (start-failure.ts): what to do, and the code once the log has the cause. */
  startFailedCaught: (code: string | null) =>
    `服务车程序没有启动成功，本机已保存的数据不受影响。请关闭程序后重新打开；仍不成功请重启电脑后再试，再不行请联系办公室技术支持${code ? `，告知错误代码 ${code}` : ''}。`,
  openElsewhere: '本机的服务车程序已在另一个窗口中打开。请在那个窗口中继续办理；关闭那个窗口后，本窗口会自动接着打开。',
  /**
   * An action that threw rather than answered (the local store refused the write, the disk is full): say so, never
   * stay silent; the cause is in the van's log under the code. Every such action records with a fixed id, so a retry
   * doubles nothing (run-action.ts).
   */
  actionFailed: (code: string) => `刚才的操作没有完成：之前保存的记录都在，没有丢失，再试一次也不会重复记录。请重试；仍不成功请联系办公室技术支持，告知错误代码 ${code}。`,
  notEnrolled: '本车尚未在办公室登记，暂时只能离线工作。请联系办公室管理员。',
  offline: '离线',
  /** The sync badge in the top bar, per sync status: 在线 only when everything is at the office. */
  badge: {
    stopped: '已停止',
    connecting: '连接中',
    syncing: '同步中',
    'in-sync': '在线',
    offline: '离线',
    refused: '设备被拒',
    revoked: '设备已停用',
    'wipe-ordered': '办公室下令擦除',
    attention: '有记录被退回',
  },
} as const;
