/** Every message staff see from the receipt printer, in one place. Each says what state the paper is in. */
export const PRINTER_ERROR_TEXT = {
  'not-connected': '打印机无响应（未连接或未开机）。本票据尚未打印，请检查打印机后重试',
  'cover-open': '打印机纸仓盖未关好。本票据尚未打印，请关好纸仓盖后重试',
  'paper-out': '打印机缺纸。本票据尚未打印，请装纸后重试',
  offline: '打印机处于离线状态。本票据尚未打印，请检查打印机后重试',
  'printer-error': '打印机报告故障（切刀或硬件错误）。本票据尚未打印，请检查打印机',
  'unavailable': '无法打开打印机串口。本票据尚未打印，请检查连接线和端口设置',
  'failed-during-job': '打印过程中打印机出错：票据可能只打印了一部分，请检查纸张，作废残票后使用"重打印"',
  'disconnected-during-job': '打印过程中打印机断开：票据可能只打印了一部分，请检查纸张，作废残票后使用"重打印"',
  'in-doubt': '此票据上次打印时中断，可能已部分打印：为防止重复出票不会自动重发，请检查纸张后使用"重打印"',
  'unprintable': '票据中有打印机无法打印的字符',
} as const;
export type PrinterErrorCode = keyof typeof PRINTER_ERROR_TEXT;
