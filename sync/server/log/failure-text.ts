/** The Chinese text of the office's answers to failures of its own (not of the request), in one place. */
export const FAILURE_TEXT = {
  diskFull: '办公室服务器磁盘已满，本次提交没有保存。请通知管理员清理办公室服务器的磁盘空间；服务车会自动重试，此前已保存的数据不受影响。',
  internal: '办公室服务器内部错误，本次提交没有保存。请稍后重试；如果反复出现，请把请求编号告诉管理员。',
} as const;
