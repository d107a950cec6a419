/** The Chinese text of the office's scan uploads, in one place. */
export const SCAN_TEXT = {
  notFound: '没有这个上传（或它不是本设备开始的）',
  notDeclared: (sha256: string) => `扫描件 ${sha256.slice(0, 12)}… 尚未由本设备登记（扫描件记录还没有同步到办公室）；同步后会自动重试上传`,
} as const;
