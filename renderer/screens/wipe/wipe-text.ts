import { type WipePhase } from '#renderer/db/remote-wipe.ts';

/** The Chinese text of the remote wipe screen, in one place. */
export const T = {
  title: '办公室已下令擦除本设备',
  intro: '办公室已将本设备登记为遗失或停用并下令擦除。本机不再接收办公室数据，也不能再办理新业务。尚未同步的记录和扫描件先上传办公室，全部收到后（或办公室决定放弃后）删除本机全部数据：本地数据库、扫描件、通知书和票据存档、设备配置和密钥。',
  phase: {
    'waiting-login': '本机数据已加密，需要工作人员登录一次才能读取并上传。请登录；登录后不能办理业务，只进行上传和擦除。',
    pushing: '正在上传尚未同步的记录和扫描件…',
    'waiting-office': '正在等待办公室收到全部数据（扫描件上传中，或有被退回的记录需办公室处理）。请保持联网，不要关闭程序。',
    erasing: '办公室已确认，正在删除本机数据…',
    erased: '本机数据已全部删除。',
  } satisfies Record<WipePhase, string>,
  left: (docs: number, refused: number, scans: number) => `尚未同步：记录 ${docs} 条，被办公室退回的记录 ${refused} 条，扫描件 ${scans} 个`,
  abandoned: '办公室已决定放弃本机尚未同步的数据。',
  erasedAt: (at: string) => `擦除时间：${at}`,
  erasedNext: '如需继续使用这台电脑，请向办公室管理员申请重新安装和登记。现在可以关闭程序。',
  lastError: '联系办公室失败（将自动重试）：',
} as const;
