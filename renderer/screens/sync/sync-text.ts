export const T = {
  title: '同步',
  status: {
    stopped: '已停止',
    connecting: '正在连接办公室…',
    syncing: '正在同步',
    'in-sync': '已与办公室同步',
    offline: '离线：办公室无法连接，数据已安全保存在本机，恢复网络后自动同步',
    refused: '办公室拒绝了本车的连接（设备可能已被停用），请联系办公室管理员',
    revoked: '本设备已被办公室停用，暂停同步。尚未上传的记录和扫描件都安全保存在本机，不会丢失。请向办公室管理员索取新的登记码，在下方输入后重新登记，之后自动继续上传。',
  },
  reenroll: {
    title: '重新登记本设备',
    code: '新的登记码',
    submit: '重新登记',
    working: '正在登记…',
    done: '登记成功，正在重新连接办公室…',
    failed: (reason: string) => `重新登记未成功：${reason}`,
  },
  notEnrolled: '本车尚未在办公室登记，无法同步',
  pendingDocuments: '待上传记录',
  pendingScans: '待核验扫描件',
  lastSuccess: '最近一次成功同步',
  never: '从未',
  lastError: '最近的问题',
  quarantined: '被办公室退回、已搁置的记录',
  retryQuarantined: '重新提交搁置的记录',
  heldBack: '暂缓上传的记录（同一案件中更早的记录被退回，按顺序等待）',
  heldBackReason: (blocker: { collection: string; docId: string; seq: number | null }) =>
    blocker.seq === null
      ? `等待 ${blocker.docId} 被办公室接收后再上传`
      : `等待本案第 ${blocker.seq} 号事件（${blocker.docId}）被办公室接收后再上传`,
  heldBackNote: '这些记录仍算作待上传；被退回的记录重新提交并被接收后会自动上传，不会重复。',
  uploads: '扫描件上传',
  noUploads: '没有正在上传的扫描件',
  uploadState: { pending: '等待上传', uploading: '上传中', verified: '已核验', failed: '失败' },
  chainOk: '本车记录链完整',
  chainBroken: '办公室发现本车记录链异常，请联系办公室',
} as const;
