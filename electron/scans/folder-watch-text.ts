/** What the scanner folder feature tells staff (Chinese), in one place. */
export const text = {
  folderNotAbsolute: '请填写扫描仪输出文件夹的完整路径（如 /home/van/scans 或 D:\\扫描）',
  folderMissing: (path: string) => `找不到文件夹 ${path}，请检查路径或扫描仪软件的保存位置`,
  notAFolder: (path: string) => `${path} 不是文件夹`,
  noFolder: '尚未设置扫描仪输出文件夹，请到“设备”页面设置',
  fileGone: '该文件已不在扫描仪文件夹中，或正在被重新写入，请稍候再试',
  alreadyAttached: (name: string) => `文件 ${name} 已经附加过，同一文件不会重复附加`,
  stillWriting: (name: string) => `文件 ${name} 仍在写入，请稍候再试`,
  tooLarge: (name: string) => `文件 ${name} 超过 20 MB，不能附加`,
} as const;
