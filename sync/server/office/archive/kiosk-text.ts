/** Chinese text of the self-service 有房/无房 kiosk (自助查询机). */
export const KIOSK_TEXT = {
  title: '不动产登记信息自助查询（有房/无房）',
  intro: '本机为本人查询在本市登记的房屋。请将本人身份证平放在读卡器上，然后点击下方按钮；查询结果证明（PDF）将在屏幕上打开，可打印，两分钟后屏幕自动回到本页，不留您的信息。每次查询均记入查询记录。',
  read: '读取身份证并查询',
  notEnrolled: '本机尚未设为自助查询机。请管理员在“读卡终端”中新增一台“自助查询机”，并把令牌填入下面：',
  token: '读卡终端令牌',
  enrol: '设为自助查询机',
  badToken: '令牌不对或该终端已停用：请管理员核对“读卡终端”页上的令牌。',
  /** The machine was set up, but its station has since been stopped (停用) or its token replaced: said first to the person at it. */
  stopped: '本机暂停自助查询服务，请到查询窗口办理。（管理员：该自助查询机已在“读卡终端”中停用，或令牌已更换；重新启用请填入新令牌。）',
  tooMany: '操作过于频繁，请一分钟后再试。',
  crossSite: '该请求不是从本机的查询页面发出的，未执行。请回到查询页面重新操作。',
  failed: '未能完成查询',
  /** A card the kiosk cannot take for its validity, said to the person at the kiosk (the counter's words address staff). */
  cardInvalid: {
    expired: (cardType: string, validTo: string) => `您的${cardType}已过期（有效期至 ${validTo}），不能用于自助查询：请换用有效的身份证件，或持有效证件到查询窗口办理。`,
    'not-yet-valid': (cardType: string, validFrom: string) => `您的${cardType}自 ${validFrom} 起才生效，现在还不能用于自助查询：请换用当前有效的身份证件，或到查询窗口办理。`,
  },
} as const;
