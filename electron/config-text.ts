import { type IssueWords } from '#domain/forms/form-issues.ts';

/**
 * The words of a van-config.json the van cannot use, read by whoever installs the van (on the console of `npm start`,
 * in the log of the app): each setting by its name in Chinese and its key in the file, where it is to be mended.
 */
export const CONFIG_TEXT = {
  unreadable: (path: string, code: string) => `无法读取配置文件 ${path}（${code}）${code === 'EACCES' || code === 'EPERM' ? '：当前用户没有读取权限' : code === 'EISDIR' ? '：这是一个文件夹，不是文件' : ''}`,
  notJson: (path: string) => `配置文件 ${path} 不是有效的 JSON`,
  invalid: (path: string, issues: string) => `配置文件 ${path} 内容不正确：${issues}`,
  object: '应为一个 JSON 对象（{ … }）',
  url: '应为网址，例如 https://bdc.example.cn/',
  httpUrl: '应为 http 或 https 网址，例如 https://bdc.example.cn/',
  lockDays: '应为 1 至 365 之间的整天数',
  installationId: '应为 16 至 64 个字母、数字、“_”或“-”',
  baudRate: '应为正整数，例如 115200',
  flag: '应为 true 或 false',
  issues: { missing: '未填写', tooLong: '太长', date: '日期格式不对', wrong: '格式不对', range: '超出允许的范围' } satisfies IssueWords,
} as const;

const port = (name: string, key: string) => ({
  [key]: `${name}（${key}）`,
  [`${key}.path`]: `${name}的串口（${key}.path）`,
  [`${key}.baudRate`]: `${name}的波特率（${key}.baudRate）`,
  [`${key}.rtscts`]: `${name}的硬件流控（${key}.rtscts）`,
  [`${key}.xon`]: `${name}的软件流控（${key}.xon）`,
});

/** Each setting of van-config.json (config.ts), by its name and its key. */
export const CONFIG_SETTING_NAMES: Readonly<Record<string, string>> = {
  '': '整个文件',
  officeUrl: '办公室地址（officeUrl）',
  publicUrl: '办公室对外网址，即进度查询二维码的网址（publicUrl）',
  offlineLockDays: '离线锁定天数（offlineLockDays）',
  deviceId: '设备编号（deviceId）',
  deviceToken: '设备令牌（deviceToken）',
  installationId: '安装标识（installationId）',
  ...port('身份证读卡器', 'idReader'),
  ...port('票据打印机', 'printer'),
};
