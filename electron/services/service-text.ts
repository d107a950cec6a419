/** Every message the main-side services hand to the screen, in one place (Chinese: staff read them). */
export const text = {
  driversMissing: '设备驱动未加载',
  openFailed: (path: string) => `无法打开串口 ${path}：`,
  printerNotConfigured: '尚未选择打印机端口，请到“设备”页面设置',
  printerNotReady: '打印机未就绪',
  printerOffline: '打印机离线，请检查电源和连接线',
  printerCoverOpen: '打印机盖未关好，请合上后重试',
  printerPaperOut: '打印机缺纸，请装纸后重试（票据号码已保留，未作废）',
  readerNotConfigured: '尚未选择身份证读卡器端口，请到“设备”页面设置',
  readerNotReady: '身份证读卡器未就绪',
  readerBusy: '读卡器正在等待放卡，请先取消',
  readCancelled: '已取消读卡',
  documentsMissing: '文书生成模块未加载',
  scansMissing: '扫描件存储未加载',
  scanNotFound: '找不到该扫描件',
  scanUnreadable: (name: string) => `文件 ${name} 无法读取或已损坏`,
  scanEmpty: (name: string) => `文件 ${name} 是空文件`,
} as const;
