import { FIELD_ISSUE_WORDS } from '#domain/forms/case-fields.ts';

/** The Chinese text of USB bundle imports and answer bundles at the office, in one place. */
export const BUNDLE_TEXT = {
  unknownDevice: (id: string) => `数据包所属设备 ${id} 不在本办公室登记，不能导入（请确认是本办公室的服务车导出的）`,
  deviceWiped: (id: string) => `设备 ${id} 已远程擦除，不再接收它的数据包`,
  deviceRevoked: (id: string) => `设备 ${id} 已停用，不接收它的数据包；请先凭新的登记码重新登记，再导出数据包`,
  deviceWipeOrdered: (id: string) => `设备 ${id} 已下令擦除，办公室不再向它发送数据`,
  manifestInvalid: (issues: string) => `数据包内容清单不合格（${issues}），请在服务车上重新导出`,
  /** The manifest's fields (sync/protocol/bundles.ts), named for the staff member who imports the bundle, not by key. */
  manifestFields: {
    '': '内容清单', direction: '数据包方向', deviceId: '设备编号', bundleId: '数据包编号', createdAt: '导出时间', protocol: '程序版本',
    collections: '记录', 'collections.collection': '记录类型', 'collections.rows': '记录',
    scans: '扫描件', 'scans.sha256': '扫描件校验值', 'scans.bytes': '扫描件大小', 'scans.offset': '扫描件位置',
  } as Readonly<Record<string, string>>,
  issues: FIELD_ISSUE_WORDS,
  manifestMismatch: '数据包文件头与内容清单不一致（设备或编号不同），可能被改动，不能导入',
  scanHashMismatch: (sha256: string) => `扫描件 ${sha256.slice(0, 12)}… 的内容与其哈希不符（已损坏或被改动），未保存`,
  scanNotDeclared: (sha256: string) => `扫描件 ${sha256.slice(0, 12)}… 没有本设备的扫描件记录声明，未保存`,
  scanOutside: (sha256: string) => `扫描件 ${sha256.slice(0, 12)}… 的位置超出数据包内容，数据包已损坏`,
  refusedUnnamed: '办公室拒收了这一批记录，但没有指明是哪一条',
} as const;

/** The office page's words for USB bundles (the devices page's section and the import result). */
export const BUNDLE_PAGE = {
  title: 'U盘数据包',
  intro: '长时间无法联网的服务车可将未同步的记录和扫描件导出为加密数据包（.jmsb），用U盘带回办公室在此导入。导入的检查与联网上传完全相同，重复导入不会重复保存。导入后可下载回传包（审核结果、出车任务、票据号段），在服务车的“同步”页导入。',
  file: '数据包文件',
  submit: '导入',
  noFile: '请选择要导入的数据包文件（.jmsb）',
  tooLarge: '数据包超过 2 GB，无法导入；请在服务车上分批导出',
  resultTitle: '数据包导入结果',
  summary: (device: string, createdAt: string) => `设备 ${device} 于 ${createdAt} 导出的数据包`,
  counts: (stored: number, already: number, refused: number) => `新保存记录 ${stored} 条，此前已有 ${already} 条，拒收 ${refused} 条`,
  scanCounts: (stored: number, already: number, refused: number) => `新保存扫描件 ${stored} 个，此前已有 ${already} 个，拒收 ${refused} 个`,
  refusedHead: ['集合', '记录', '代码', '原因'],
  answer: '下载回传包',
  answerFor: '回传包',
  answerIntro: (device: string) => `设备 ${device} 的回传包含出车任务、审核结果和该设备的票据号段；生成时会为它分配本次出车的票据号段，请按下面的按钮生成并下载。`,
  answerButton: '生成回传包',
  backToDevices: '返回登记设备',
  gone: '该导入结果已过期，请重新导入（重复导入不会重复保存）',
} as const;

/** The command line's words (npm run office -- import-bundle / export-bundle). */
export const BUNDLE_CLI = {
  importUsage: '用法: npm run office -- import-bundle <数据包文件> [--answer-dir <回传包目录>] [--data <目录>] [--database <postgres://…>]',
  exportUsage: '用法: npm run office -- export-bundle --device <设备编号> <目录> [--data <目录>] [--database <postgres://…>]',
  refused: '未导入: ',
  imported: (device: string, bundle: string) => `已导入设备 ${device} 的数据包 ${bundle}`,
  documents: (stored: number, already: number, refused: number) => `记录: 新保存 ${stored} 条，此前已有 ${already} 条，拒收 ${refused} 条`,
  scans: (stored: number, already: number, refused: number) => `扫描件: 新保存 ${stored} 个，此前已有 ${already} 个，拒收 ${refused} 个`,
  answerWritten: (path: string, documents: number) => `回传包已写入 ${path}（${documents} 条记录）`,
} as const;
