import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStoredConfig } from '#electron/config.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * A van-config.json the van cannot use is reported in Chinese, each setting by its name and its key in the file and
 * what is wrong with it: whoever installs the van reads it (`npm start` stops with it, the app logs it). Before, the
 * reason was zod's English for the first issue only, without the setting (`… 内容不正确：Invalid URL`).
 */
const root = tempFolderForTests('van-config-errors');
let n = 0;
const load = (text: string) => {
  const dataDir = join(root(), String(n++));
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'van-config.json'), text);
  const r = loadStoredConfig(dataDir);
  return { reason: r.ok ? '' : r.reason, file: join(dataDir, 'van-config.json') };
};

describe('a van-config.json the van cannot use', () => {
  it.each<[string, unknown, string]>([
    ['an office address that is no address', { officeUrl: 'bdc office' }, '办公室地址（officeUrl）：应为网址，例如 https://bdc.example.cn/'],
    ['a public address that is no web address', { publicUrl: 'ftp://bdc.example.cn/' }, '办公室对外网址，即进度查询二维码的网址（publicUrl）：应为 http 或 https 网址，例如 https://bdc.example.cn/'],
    ['lock days written as text', { offlineLockDays: '30' }, '离线锁定天数（offlineLockDays）：应为 1 至 365 之间的整天数'],
    ['lock days out of range', { offlineLockDays: 400 }, '离线锁定天数（offlineLockDays）：应为 1 至 365 之间的整天数'],
    ['a reader port left empty and a printer with a bad speed', { idReader: { path: '' }, printer: { path: '/dev/ttyS1', baudRate: 'fast' } }, '身份证读卡器的串口（idReader.path）：未填写；票据打印机的波特率（printer.baudRate）：应为正整数，例如 115200'],
    ['a port written as a path alone', { printer: '/dev/ttyS1' }, '票据打印机（printer）：应为一个 JSON 对象（{ … }）'],
    ['a flow control written as text', { printer: { path: '/dev/ttyS1', rtscts: 'yes' } }, '票据打印机的硬件流控（printer.rtscts）：应为 true 或 false'],
    ['an empty device token', { deviceToken: '' }, '设备令牌（deviceToken）：未填写'],
    ['a list instead of the settings', [], '整个文件：应为一个 JSON 对象（{ … }）'],
  ])('%s', (_, settings, issues) => {
    const { reason, file } = load(JSON.stringify(settings));
    expect(reason).toBe(`配置文件 ${file} 内容不正确：${issues}`);
  });

  it('that is no JSON, in Chinese too', () => {
    const { reason, file } = load('{ officeUrl: ');
    expect(reason).toBe(`配置文件 ${file} 不是有效的 JSON`);
  });

  it('that is a folder: says so with the system’s code', () => {
    const dataDir = join(root(), 'folder');
    mkdirSync(join(dataDir, 'van-config.json'), { recursive: true });
    const r = loadStoredConfig(dataDir);
    expect(r).toEqual({ ok: false, reason: `无法读取配置文件 ${join(dataDir, 'van-config.json')}（EISDIR）：这是一个文件夹，不是文件` });
  });

  it('a good one still loads', () => {
    const dataDir = join(root(), 'good');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'van-config.json'), JSON.stringify({ officeUrl: 'https://bdc.example.cn/', offlineLockDays: 7, printer: { path: '/dev/ttyS1', baudRate: 9600, rtscts: true } }));
    expect(loadStoredConfig(dataDir)).toEqual({ ok: true, config: { officeUrl: 'https://bdc.example.cn/', offlineLockDays: 7, printer: { path: '/dev/ttyS1', baudRate: 9600, rtscts: true } } });
  });
});
