/** Chinese text of the reader stations: their admin page and what a read tells staff or the person at a kiosk. */
export const STATION_TEXT = {
  title: '读卡终端',
  intro: '读卡终端是连接身份证阅读器的电脑（查询窗口、自助查询机）。在该电脑上运行读卡程序（npm run van -- station），填入本页给出的令牌；令牌只显示一次。',
  name: '名称',
  kind: '类型',
  kinds: { counter: '查询窗口', kiosk: '自助查询机' },
  place: '所在',
  office: '登记中心',
  salesOffice: (developer: string) => `${developer} 售楼处`,
  add: '新增读卡终端',
  added: (name: string) => `已新增读卡终端“${name}”。请把下面的令牌填入该电脑的读卡程序，本页关闭后不再显示：`,
  revoke: '停用',
  revoked: '已停用',
  active: '使用中',
  none: '尚未设置读卡终端。',
  nameRequired: '请填写读卡终端的名称（例如：一楼查询窗口 1 号）。',
  failure: {
    offline: '读卡终端未响应：请确认该电脑已开机、读卡程序在运行并已连接登记中心，然后重试。',
    noCard: '未读到身份证：请把身份证平放在读卡器上，放稳后重试。',
    unknownStation: '该读卡终端不存在或已停用：请选择其他终端，或请管理员检查设置。',
  },
} as const;
