/** The Chinese text of the office's answers to failures of its own (not of the request), in one place. */
export const FAILURE_TEXT = {
  diskFull: '办公室服务器磁盘已满，本次提交没有保存。请通知管理员清理办公室服务器的磁盘空间；服务车会自动重试，此前已保存的数据不受影响。',
  internal: '办公室服务器内部错误，本次提交没有保存。请稍后重试；如果反复出现，请把请求编号告诉管理员。',
} as const;

/** A byte count as people say it: 4 MB, 512 KB, 1000 字节. */
const sizeText = (bytes: number): string => (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} 字节`);

/**
 * What is wrong with a request the office could not read, in place of the web framework's English (`Body is not
 * valid JSON but content-type is set to 'application/json'`). Nothing of such a request is stored.
 */
export const REQUEST_TEXT = {
  notJson: '请求不合格：请求内容不是有效的 JSON，未作任何保存',
  emptyJson: '请求不合格：请求声明内容为 JSON，但内容为空，未作任何保存',
  tooLarge: (limitBytes: number) => `请求不合格：请求内容超过 ${sizeText(limitBytes)} 的上限，未作任何保存`,
  mediaType: '请求不合格：服务器不接受这种内容类型的请求，未作任何保存',
  contentLength: '请求不合格：请求内容的长度与声明的长度不符（传输中断或内容被截断），未作任何保存',
  badUrl: '请求不合格：网址中含有无法解码的百分号编码，请核对网址',
  urlPartTooLong: '请求不合格：网址中的某一段过长，请核对网址',
  unreadable: '请求不合格：服务器无法读取本次请求，未作任何保存',
  /** A URL that reaches no route: the API's answer, and the page a browser shows with a way back. */
  noSuchAddress: '没有这个网址：请核对网址是否输入正确',
  noSuchPage: '没有这个页面',
  noSuchPageHint: '网址可能输入有误，或页面已经移动。',
  backTo: { office: '返回办公系统', portal: '返回网签备案与交易服务平台', public: '办理进度查询' },
} as const;
