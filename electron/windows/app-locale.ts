/**
 * The language of the van's window, whatever the laptop's own: Chromium's words inside the page (a file field's
 * 选择文件, the bubble of a required field, a date field's 年/月/日 order) follow it. Electron takes it as the `lang`
 * switch before `ready` (Electron's command-line switches: `--lang`); Chrome and Edge on Windows take `--lang`,
 * Chromium on Linux the `LANGUAGE` variable instead.
 */
export const APP_LOCALE = 'zh-CN';
