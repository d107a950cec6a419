/**
 * `npm start`'s command line, read and checked before anything starts (no office, no Electron download, no build):
 * a bad value is told by its option's name, in Chinese and in English as the script's other messages are.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isPublicUrl } from '#electron/config.ts';

export type StartOptions = {
  /** The folder of the local office (`office/`) and the van (`van/`). */
  data: string;
  /** Another office to use instead of starting the local one. */
  officeUrl?: string;
  /** Where the local office listens (0 = any free port). */
  officePort: number;
  idReaderPort?: string;
  printerPort?: string;
  /** The office's public address for status links. */
  publicUrl?: string;
  /** Where the app listens without Electron (0 = any free port). */
  port: number;
  /** The browser to open the app in without Electron. */
  browser?: string;
};

export type StartCommand = { kind: 'start'; options: StartOptions } | { kind: 'help'; text: string } | { kind: 'refused'; message: string };

const STRINGS = ['data', 'office-url', 'office-port', 'id-reader-port', 'printer-port', 'public-url', 'port', 'browser'] as const;
type Name = (typeof STRINGS)[number];

export const START_USAGE = 'npm start -- [--data .data] [--office-url URL | --office-port 8620] [--id-reader-port PATH] [--printer-port PATH] [--public-url URL] [--port 5180] [--browser PATH]';

const isName = (name: string): name is Name => (STRINGS as readonly string[]).includes(name);

/** A port as typed: digits only (`Number` would take '', '0x10', '1e3' and ' 80'), 0 to 65535. */
function port(flag: string, value: string): number | string {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n <= 65535 ? n : `${flag} 应为 0..65535 的整数 / must be a whole number 0..65535, got ${JSON.stringify(value)}`;
}

/** An http(s) address with a host: `localhost:8620` parses as a URL of scheme `localhost:` and reaches nothing. */
function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const u = new URL(value);
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
}

/**
 * `args` (after `npm start --`) as the options to start with, or the help, or why they are refused. `exists` says
 * whether a file is there (only `--browser` names one that must be).
 */
export function parseStartOptions(args: readonly string[], exists: (path: string) => boolean): StartCommand {
  const options: ParseArgsConfig['options'] = { ...Object.fromEntries(STRINGS.map((s) => [s, { type: 'string' as const }])), help: { type: 'boolean', short: 'h' } };
  // Not strict: node's own refusals are English stack traces; each token is checked here instead.
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const given: Partial<Record<Name, string>> = {};
  const refuse = (message: string): StartCommand => ({ kind: 'refused', message });
  for (const t of tokens) {
    if (t.kind === 'positional') return refuse(`多余的参数 ${JSON.stringify(t.value)}（选项写作 --名称 值）/ unexpected argument ${JSON.stringify(t.value)}\n${START_USAGE}`);
    if (t.kind !== 'option') continue;
    if (t.name === 'help') {
      if (t.value !== undefined) return refuse(`${t.rawName} 不带取值 / takes no value`);
      return { kind: 'help', text: START_USAGE };
    }
    if (!isName(t.name)) return refuse(`未知选项 ${t.rawName} / unknown option ${t.rawName}\n${START_USAGE}`);
    // `--port --data x` would take `--data` as the port (node's strict mode refuses it too); `--port=-1` is meant.
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-'))) return refuse(`${t.rawName} 缺少取值 / needs a value (${t.rawName} VALUE)`);
    if (t.value.trim() === '') return refuse(`${t.rawName} 不能为空 / must not be empty`);
    given[t.name] = t.value;
  }
  const officePort = port('--office-port', given['office-port'] ?? '8620');
  if (typeof officePort === 'string') return refuse(officePort);
  const appPort = port('--port', given.port ?? '5180');
  if (typeof appPort === 'string') return refuse(appPort);
  const officeUrl = given['office-url'];
  if (officeUrl !== undefined && !isHttpUrl(officeUrl)) return refuse(`--office-url 应为 http(s) 地址（如 http://192.168.1.10:8620/）/ must be an http(s) URL, got ${officeUrl}`);
  const publicUrl = given['public-url'];
  if (publicUrl !== undefined && !isPublicUrl(publicUrl)) return refuse(`--public-url 应为 http(s) 地址 / must be an http(s) URL, got ${publicUrl}`);
  // Without Electron the app listens beside the local office; one port cannot serve both.
  if (officeUrl === undefined && appPort !== 0 && appPort === officePort) return refuse(`--port 与 --office-port 不能相同（${appPort}）/ --port and --office-port must differ (${appPort})`);
  const browser = given.browser;
  if (browser !== undefined && !exists(browser)) return refuse(`--browser 指定的浏览器不存在：${browser} / --browser names no file: ${browser}`);
  return {
    kind: 'start',
    options: {
      data: given.data ?? '.data',
      ...(officeUrl !== undefined ? { officeUrl } : {}),
      officePort,
      ...(given['id-reader-port'] !== undefined ? { idReaderPort: given['id-reader-port'] } : {}),
      ...(given['printer-port'] !== undefined ? { printerPort: given['printer-port'] } : {}),
      ...(publicUrl !== undefined ? { publicUrl } : {}),
      port: appPort,
      ...(browser !== undefined ? { browser } : {}),
    },
  };
}
