import { systemCodeOf } from '#electron/ipc/failure-text.ts';

/** What the operating system's failure on a USB stick means (its `errno` code), in words staff act on. */
const USB_FAILURE_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: 'U盘已写满',
  EDQUOT: 'U盘已写满',
  EROFS: 'U盘处于写保护（只读）状态',
  EACCES: '没有读写该文件夹的权限',
  EPERM: '没有读写该文件夹的权限',
  ENOENT: '文件夹或文件已不存在',
  EIO: 'U盘读写出错',
  ENODEV: 'U盘已拔出',
  ENXIO: 'U盘已拔出',
};

/**
 * Why a bundle could not be written or read, for the parentheses of `writeFailed`/`readFailed`: the system's code
 * said in Chinese, with the code itself for whoever staff call; never the system's English (the log has it).
 */
export function usbFailureWords(error: unknown): string {
  const code = systemCodeOf(error);
  if (code === undefined) return '原因已记入本机日志';
  return `${USB_FAILURE_TEXT[code] ?? '系统报错'}，${code}`;
}

/** The van's words about USB bundles (main side), in one place. */
export const BUNDLE_TEXT = {
  otherDevice: (id: string) => `这个回传包是发给设备 ${id} 的，不是本机；请导入发给本机的回传包`,
  manifestInvalid: '回传包内容清单不合格或与文件头不符，可能被改动，未导入；请在办公室重新生成',
  answerMissing: (path: string) => `在 ${path} 找不到发给本机的回传包（.jmsb 文件）：请插好U盘，填写回传包文件或它所在的文件夹`,
  readFailed: (path: string, why: string) => `回传包 ${path} 读取失败（${why}）；U盘是否已拔出？请重试`,
  notEnrolled: '本机尚未登记，不能导出或导入数据包',
  folderMissing: (dir: string) => `找不到文件夹 ${dir}：请插好U盘，并填写U盘上的文件夹`,
  scanMissing: (sha256: string) => `本机找不到扫描件 ${sha256.slice(0, 12)}… 的文件，数据包未写入；请到“案件”检查该扫描件`,
  writeFailed: (dir: string, why: string) => `数据包未能写入 ${dir}（${why}）；U盘是否已拔出或写满？已写的临时文件已删除，请重试`,
} as const;
