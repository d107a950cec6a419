import { holdsChinese } from '#domain/chinese-text.ts';

/** A refusal status of the office's scan uploads (tus), when the office sent no words of its own. */
const SCAN_REFUSAL_STATUS_TEXT: Readonly<Record<number, string>> = {
  400: '上传的内容不合格',
  413: '文件超过办公室允许的大小',
  460: '办公室收到的内容与文件的校验值不符',
};

/** Every message the main-side services hand to the screen, in one place (Chinese: staff read them). */
export const text = {
  driversMissing: '设备驱动未加载',
  /** Why a serial port did not open, in words staff act on (the system's own message goes to the log). */
  openFailed: {
    missing: (path: string) => `找不到串口 ${path}（设备已拔出，或端口名已变化）：请插好连接线，然后到“设备”页面重新选择端口`,
    denied: (path: string) => `没有权限打开串口 ${path}：请联系管理员设置串口权限，然后到“设备”页面重试`,
    busy: (path: string) => `串口 ${path} 正被其他程序占用：请关闭占用该端口的程序，然后到“设备”页面重试`,
    other: (path: string) => `无法打开串口 ${path}：请检查连接线和设备电源，然后到“设备”页面重新选择端口`,
  },
  printerNotConfigured: '尚未选择打印机端口，请到“设备”页面设置',
  printerNotReady: '打印机未就绪：请到“设备”页面检查打印机端口',
  printerOffline: '打印机离线，请检查电源和连接线',
  printerCoverOpen: '打印机盖未关好，请合上后重试',
  printerPaperOut: '打印机缺纸，请装纸后重试（票据号码已保留，未作废）',
  readerNotConfigured: '尚未选择身份证读卡器端口，请到“设备”页面设置',
  readerNotReady: '身份证读卡器未就绪',
  readerBusy: '读卡器正在等待放卡，请先取消',
  readCancelled: '已取消读卡',
  documentsMissing: '文书生成模块未加载',
  noticeMissing: '本机存档中找不到这份告知书（文件缺失或已被改动）。请联系信息技术人员从备份恢复本机数据文件夹。',
  scansMissing: '扫描件存储未加载',
  scanNotFound: '找不到该扫描件',
  scanNotInIntake: '此受理中没有这份扫描件（可能已删除）。请返回“材料与扫描”查看当前的扫描件。',
  scanOnRecord: '这份扫描件已随受理保存（告知书已出具，案件已记录或已同步到办公室），不能删除。如导入有误，请在“案件”中按补正或更正办理。',
  scanUnreadable: (name: string) => `文件 ${name} 无法读取或已损坏，请重新扫描或导出后再导入`,
  scanNotSaved: (name: string, why: string) => `文件 ${name} 未能保存到本机：${why}`,
  scanNotStaged: (name: string) => `文件 ${name} 未送达或已过期，请重新导入`,
  /**
   * Why the office refused a scan for good, shown on the 同步 screen: the office's own words where it wrote them
   * (Chinese, sync/server/scans/routes.ts), else what its HTTP status means (the upload library answers some of its
   * refusals itself, in English).
   */
  scanRefused: (status: number, officeWords: string) =>
    // Status 0: not the office; the van's own sealed copy did not open (electron/scans/scan-store.ts says why).
    status === 0 ? `本机存的这份扫描件无法读出，未能上传：${officeWords}` : `办公室拒收该文件：${holdsChinese(officeWords) ? officeWords.trim() : (SCAN_REFUSAL_STATUS_TEXT[status] ?? `办公室未说明原因（HTTP ${status}）`)}`,
} as const;
