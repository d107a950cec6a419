/** The Chinese text of the office's devices page, in one place. */
export const D = {
  title: '登记设备',
  intro: '服务车的每台电脑凭登记码登记后才能同步。停用后该设备的令牌立即失效；设备上未上传的记录不会丢失，凭新的登记码重新登记后继续上传。',
  head: ['设备', '名称', '车辆', '登记时间', '最后联系', '哈希链', '状态', ''],
  active: '正常',
  revoked: (at: string) => `已停用（${at}）`,
  revoke: '停用',
  done: '设备已停用，令牌立即失效。',
  already: '该设备此前已停用。',
  notFound: '没有这台设备。',
  chain: { ok: '完好', gap: '待补', broken: '断裂' } as Record<'ok' | 'gap' | 'broken', string>,
} as const;
