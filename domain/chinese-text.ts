/**
 * Whether a message holds Chinese (a CJK Unified Ideograph): written for staff, to show as it is. A message
 * without is a library's or a developer's English, and a screen says what it means instead.
 */
export const holdsChinese = (text: string): boolean => /[\u4e00-\u9fff]/.test(text);
