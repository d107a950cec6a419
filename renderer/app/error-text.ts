import { holdsChinese } from '#domain/chinese-text.ts';
import { OfficeHttpError } from '#renderer/db/office-client.ts';

/**
 * What staff read when something fails: always Chinese, always saying what to do. Raw `error.message` (an
 * English TypeError from fetch, a zod issue list, "office answered HTTP 502") never reaches a screen; each
 * screen passes the error through here, or through its own text for failures it knows.
 */
export const ERROR_TEXT = {
  officeUnreachable: '连不上办公室：请到有网络的地方再试，已保存的数据不受影响。',
  officeRefused: (message: string) => `办公室拒绝：${message}`,
  officeFailed: (status: number) => `办公室服务器出错（HTTP ${status}）：请稍后再试；仍不行请联系办公室管理员。`,
  unexpected: '出现意外错误：请重试；仍不行请联系技术人员，已保存的数据不受影响。',
} as const;

/** Chinese for a failed call to the office: refused (with the office's own Chinese reason), down, or unreachable. */
export function officeErrorText(error: unknown): string {
  if (error instanceof OfficeHttpError) {
    if (error.isRefusal && error.body && holdsChinese(error.body.message)) return ERROR_TEXT.officeRefused(error.body.message);
    return ERROR_TEXT.officeFailed(error.status);
  }
  // fetch rejects with a TypeError when the office cannot be reached (no network, office down, DNS).
  if (error instanceof TypeError) return ERROR_TEXT.officeUnreachable;
  return ERROR_TEXT.unexpected;
}
