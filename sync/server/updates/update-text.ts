import { FIELD_ISSUE_WORDS } from '#domain/forms/case-fields.ts';

/**
 * What the office says of a release it will not publish: `van office publish-update` prints it as it is
 * (electron/cli/commands/office-updates.ts), so the feed's fields are named in Chinese, not by their YAML keys.
 */
export const UPDATE_TEXT = {
  feedInvalid: (name: string, issues: string) => `更新清单 ${name} 内容不正确：${issues}`,
  feedFields: {
    '': '更新清单', version: '版本号', files: '安装包列表', 'files.url': '安装包文件名', 'files.sha512': '安装包校验值', 'files.size': '安装包大小', releaseDate: '发布日期',
  } as Readonly<Record<string, string>>,
  issues: FIELD_ISSUE_WORDS,
} as const;
