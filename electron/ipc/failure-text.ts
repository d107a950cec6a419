/**
 * What staff read when a main-side service fails in a way it did not foresee (the IPC code `internal`), or when the
 * laptop's own disk or file system refuses: never the error's own message, which is English and written for
 * developers (it goes to the log with its stack), but what happened in words staff can act on.
 */

/** The file-system failures of Node (its `errno` codes) that staff can do something about, each with what to do. */
const SYSTEM_FAILURE_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: '本机磁盘空间已满：请删除不需要的文件后重试',
  EDQUOT: '本机磁盘空间已满：请删除不需要的文件后重试',
  EACCES: '没有读写本机数据的权限：请联系信息技术人员',
  EPERM: '没有读写本机数据的权限：请联系信息技术人员',
  EROFS: '本机数据所在的磁盘只能读不能写：请联系信息技术人员',
  EIO: '本机磁盘读写出错：请联系信息技术人员检查磁盘',
  EMFILE: '本机同时打开的文件过多：请关闭其他程序后重试',
  ENFILE: '本机同时打开的文件过多：请关闭其他程序后重试',
  EBUSY: '文件正被其他程序占用：请关闭占用它的程序后重试',
  ENOENT: '本机的数据文件缺失：请联系信息技术人员',
};

export const FAILURE_TEXT = {
  internal: (what: string) => `内部错误：${what}`,
  /** A failure with no code staff can act on; the log has the details. */
  unforeseen: '操作未完成，详细原因已记入本机日志。请重试；仍不成功请联系信息技术人员',
  outsideContract: '服务返回的数据不符合约定',
} as const;

/** The errno code of a failure of the operating system (`ENOSPC`), if `error` is one. */
export function systemCodeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && /^E[A-Z]{2,}$/.test(code) ? code : undefined;
}

/** What the operating system's failure means for staff, with its code for whoever they call; null when `error` is none of the known ones. */
export function systemFailureText(error: unknown): string | null {
  const code = systemCodeOf(error);
  const words = code === undefined ? undefined : SYSTEM_FAILURE_TEXT[code];
  return words === undefined ? null : `${words}（${code}）`;
}

/** The message of an `internal` IPC error: the system's failure in Chinese where known, else a sentence pointing to the log. */
export const internalFailureText = (error: unknown): string => FAILURE_TEXT.internal(systemFailureText(error) ?? FAILURE_TEXT.unforeseen);
