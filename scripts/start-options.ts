/**
 * `npm start`'s and `npm run start:browser`'s command lines, read and checked before anything starts (no office, no
 * Electron download, no build): a bad value is told by its option's name, in Chinese and in English as the scripts'
 * other messages are. Both read their options with `readOptions` and check ports and addresses with the same rules.
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

/** What a script was started with, or the help, or why it is refused: `T` is its checked options. */
export type Command<T> = { kind: 'start'; options: T } | { kind: 'help'; text: string } | { kind: 'refused'; message: string };
export type StartCommand = Command<StartOptions>;

const STRINGS = ['data', 'office-url', 'office-port', 'id-reader-port', 'printer-port', 'public-url', 'port', 'browser'] as const;

export const START_USAGE = 'npm start -- [--data .data] [--office-url URL | --office-port 8620] [--id-reader-port PATH] [--printer-port PATH] [--public-url URL] [--port 5180] [--browser PATH]';

/** A port as typed: digits only (`Number` would take '', '0x10', '1e3' and ' 80'), 0 to 65535. */
export function port(flag: string, value: string): number | string {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n <= 65535 ? n : `${flag} 应为 0..65535 的整数 / must be a whole number 0..65535, got ${JSON.stringify(value)}`;
}

/** An http(s) address with a host: `localhost:8620` parses as a URL of scheme `localhost:` and reaches nothing. */
function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const u = new URL(value);
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
}

/** Why `--office-url` is refused, if it is. */
export const officeUrlRefusal = (officeUrl: string | undefined): string | null =>
  officeUrl !== undefined && !isHttpUrl(officeUrl) ? `--office-url 应为 http(s) 地址（如 http://192.168.1.10:8620/）/ must be an http(s) URL, got ${officeUrl}` : null;
/** Why `--public-url` is refused, if it is. */
export const publicUrlRefusal = (publicUrl: string | undefined): string | null =>
  publicUrl !== undefined && !isPublicUrl(publicUrl) ? `--public-url 应为 http(s) 地址 / must be an http(s) URL, got ${publicUrl}` : null;

/** The options given, by name: each string option's value (the last of a repeated one), and the switches given. */
export type Given<S extends string, B extends string> = { strings: Partial<Record<S, string>>; switches: ReadonlySet<B> };

/**
 * `args` read as the string options `strings` (`--name VALUE` or `--name=VALUE`), the switches `switches` (no
 * value) and `--help`/`-h` (the help is `usage`), or why they are refused: an unknown option or a stray argument
 * (with the usage), a string option without its value or with an empty one, a switch or `--help` with a value.
 */
export function readOptions<S extends string, B extends string>(args: readonly string[], strings: readonly S[], switches: readonly B[], usage: string): Command<Given<S, B>> {
  const options: ParseArgsConfig['options'] = {
    ...Object.fromEntries(strings.map((s) => [s, { type: 'string' as const }])),
    ...Object.fromEntries(switches.map((s) => [s, { type: 'boolean' as const }])),
    help: { type: 'boolean', short: 'h' },
  };
  // Not strict: node's own refusals are English stack traces; each token is checked here instead.
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const given: Partial<Record<S, string>> = {};
  const on = new Set<B>();
  const isString = (name: string): name is S => (strings as readonly string[]).includes(name);
  const isSwitch = (name: string): name is B => (switches as readonly string[]).includes(name);
  const refuse = (message: string): Command<never> => ({ kind: 'refused', message });
  for (const t of tokens) {
    if (t.kind === 'positional') return refuse(`多余的参数 ${JSON.stringify(t.value)}（选项写作 --名称 值）/ unexpected argument ${JSON.stringify(t.value)}\n${usage}`);
    if (t.kind !== 'option') continue;
    if (t.name === 'help' || isSwitch(t.name)) {
      if (t.value !== undefined) return refuse(`${t.rawName} 不带取值 / takes no value`);
      if (t.name === 'help') return { kind: 'help', text: usage };
      on.add(t.name);
      continue;
    }
    if (!isString(t.name)) return refuse(`未知选项 ${t.rawName} / unknown option ${t.rawName}\n${usage}`);
    // `--port --data x` would take `--data` as the port (node's strict mode refuses it too); `--port=-1` is meant.
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-'))) return refuse(`${t.rawName} 缺少取值 / needs a value (${t.rawName} VALUE)`);
    if (t.value.trim() === '') return refuse(`${t.rawName} 不能为空 / must not be empty`);
    given[t.name] = t.value;
  }
  return { kind: 'start', options: { strings: given, switches: on } };
}

/**
 * `args` (after `npm start --`) as the options to start with, or the help, or why they are refused. `exists` says
 * whether a file is there (only `--browser` names one that must be).
 */
export function parseStartOptions(args: readonly string[], exists: (path: string) => boolean): StartCommand {
  const read = readOptions(args, STRINGS, [], START_USAGE);
  if (read.kind !== 'start') return read;
  const given = read.options.strings;
  const refuse = (message: string): StartCommand => ({ kind: 'refused', message });
  const officePort = port('--office-port', given['office-port'] ?? '8620');
  if (typeof officePort === 'string') return refuse(officePort);
  const appPort = port('--port', given.port ?? '5180');
  if (typeof appPort === 'string') return refuse(appPort);
  const officeUrl = given['office-url'];
  const publicUrl = given['public-url'];
  const badUrl = officeUrlRefusal(officeUrl) ?? publicUrlRefusal(publicUrl);
  if (badUrl) return refuse(badUrl);
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

/** `npm run start:browser`'s options (scripts/start-browser.ts). */
export type BrowserStartOptions = {
  /** Where the app listens (0 = any free port). */
  port: number;
  data: string;
  /** Another office to use instead of starting the local one. */
  officeUrl?: string;
  /** Start no office (the van works offline until one is reachable). */
  noOffice: boolean;
  idReaderPort?: string;
  printerPort?: string;
  /** Build the renderer first (`--no-build` serves the one built before). */
  build: boolean;
  enrollCode?: string;
  publicUrl?: string;
};

const BROWSER_STRINGS = ['port', 'office-url', 'data', 'id-reader-port', 'printer-port', 'enroll-code', 'public-url'] as const;
const BROWSER_SWITCHES = ['no-office', 'no-build'] as const;

export const BROWSER_START_USAGE =
  'npm run start:browser -- [--port 5180] [--office-url URL | --no-office] [--data .data] [--id-reader-port PATH] [--printer-port PATH] [--no-build] [--enroll-code CODE] [--public-url URL]';

/** `args` (after `npm run start:browser --`) as the options to start with, or the help, or why they are refused. */
export function parseBrowserStartOptions(args: readonly string[]): Command<BrowserStartOptions> {
  const read = readOptions(args, BROWSER_STRINGS, BROWSER_SWITCHES, BROWSER_START_USAGE);
  if (read.kind !== 'start') return read;
  const { strings: given, switches } = read.options;
  const appPort = port('--port', given.port ?? '5180');
  if (typeof appPort === 'string') return { kind: 'refused', message: appPort };
  const officeUrl = given['office-url'];
  const publicUrl = given['public-url'];
  const badUrl = officeUrlRefusal(officeUrl) ?? publicUrlRefusal(publicUrl);
  if (badUrl) return { kind: 'refused', message: badUrl };
  return {
    kind: 'start',
    options: {
      port: appPort,
      data: given.data ?? '.data',
      ...(officeUrl !== undefined ? { officeUrl } : {}),
      noOffice: switches.has('no-office'),
      ...(given['id-reader-port'] !== undefined ? { idReaderPort: given['id-reader-port'] } : {}),
      ...(given['printer-port'] !== undefined ? { printerPort: given['printer-port'] } : {}),
      build: !switches.has('no-build'),
      ...(given['enroll-code'] !== undefined ? { enrollCode: given['enroll-code'] } : {}),
      ...(publicUrl !== undefined ? { publicUrl } : {}),
    },
  };
}
