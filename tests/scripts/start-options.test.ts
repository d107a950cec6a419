import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBrowserStartOptions, parseStartOptions, type StartCommand } from '../../scripts/start-options.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const repo = new URL('../../', import.meta.url).pathname;
const dataDir = tempFolderForTests('start-options');
const CHROMIUM = '/usr/bin/chromium';
const parse = (...args: string[]): StartCommand => parseStartOptions(args, (path) => path === CHROMIUM);
const refusal = (...args: string[]): string => {
  const r = parse(...args);
  if (r.kind !== 'refused') throw new Error(`not refused: ${JSON.stringify(r)}`);
  return r.message;
};

describe("npm start's options", () => {
  it('start with the defaults: .data, the local office on 8620, the app on 5180', () => {
    expect(parse()).toEqual({ kind: 'start', options: { data: '.data', officePort: 8620, port: 5180 } });
  });

  it('take every option, separate or with =, the last of a repeated one', () => {
    const r = parse('--data', 'D', '--office-url=https://office.example.cn/', '--office-port', '0', '--id-reader-port', '/dev/ttyUSB0', '--printer-port=COM3', '--public-url', 'https://bdc.jms.gov.cn/', '--port', '5181', '--port', '65535', '--browser', CHROMIUM);
    expect(r).toEqual({
      kind: 'start',
      options: { data: 'D', officeUrl: 'https://office.example.cn/', officePort: 0, idReaderPort: '/dev/ttyUSB0', printerPort: 'COM3', publicUrl: 'https://bdc.jms.gov.cn/', port: 65535, browser: CHROMIUM },
    });
    expect(parse('--office-url', 'http://192.168.1.10:8620')).toMatchObject({ kind: 'start', options: { officeUrl: 'http://192.168.1.10:8620' } });
    // With another office the local office's port is not used, so it may equal the app's.
    expect(parse('--office-url', 'http://192.168.1.10:8620', '--port', '8620')).toMatchObject({ kind: 'start', options: { port: 8620, officePort: 8620 } });
  });

  it('answer --help and -h with the usage', () => {
    for (const h of ['--help', '-h']) expect(parse('--port', '1', h)).toEqual({ kind: 'help', text: expect.stringContaining('--office-url URL') as unknown });
  });

  it('refuse a port that is not a whole number 0..65535, by its option (Number() took "", "0x10" and "1e3")', () => {
    for (const flag of ['--port', '--office-port'])
      for (const bad of ['abc', '65536', '-1', '1.5', '0x10', '1e3', ' 80', '99999999']) {
        const message = refusal(`${flag}=${bad}`);
        expect(message, `${flag}=${bad}`).toBe(`${flag} 应为 0..65535 的整数 / must be a whole number 0..65535, got ${JSON.stringify(bad)}`);
      }
  });

  it('refuse an office or public address that is not http(s), naming which', () => {
    for (const bad of ['localhost:8620', '192.168.1.10:8620', 'ftp://office/', 'office', 'http://'])
      expect(refusal('--office-url', bad), bad).toBe(`--office-url 应为 http(s) 地址（如 http://192.168.1.10:8620/）/ must be an http(s) URL, got ${bad}`);
    for (const bad of ['bdc.jms.gov.cn', 'javascript:alert(1)', 'ftp://bdc/'])
      expect(refusal('--public-url', bad), bad).toBe(`--public-url 应为 http(s) 地址 / must be an http(s) URL, got ${bad}`);
  });

  it('refuse an option without its value, or with an empty one, rather than take the next option as the value', () => {
    expect(refusal('--port')).toBe('--port 缺少取值 / needs a value (--port VALUE)');
    expect(refusal('--office-url', '--port', '5181')).toBe('--office-url 缺少取值 / needs a value (--office-url VALUE)');
    for (const flag of ['--data', '--office-url', '--id-reader-port', '--printer-port', '--public-url', '--browser', '--port']) expect(refusal(`${flag}=`)).toBe(`${flag} 不能为空 / must not be empty`);
  });

  it('refuse an unknown option or a stray argument, with the usage', () => {
    expect(refusal('--office', 'http://x/').split('\n')).toEqual(['未知选项 --office / unknown option --office', expect.stringMatching(/^npm start -- /)]);
    expect(refusal('-p', '5180').split('\n')[0]).toBe('未知选项 -p / unknown option -p');
    expect(refusal('5180').split('\n')[0]).toBe('多余的参数 "5180"（选项写作 --名称 值）/ unexpected argument "5180"');
    expect(refusal('--help=yes')).toBe('--help 不带取值 / takes no value');
  });

  it('refuse the app and the local office on one port, and a --browser that is not there', () => {
    expect(refusal('--port', '8620')).toBe('--port 与 --office-port 不能相同（8620）/ --port and --office-port must differ (8620)');
    expect(parse('--port', '0', '--office-port', '0')).toMatchObject({ kind: 'start' });
    expect(refusal('--browser', '/opt/none/chrome')).toBe('--browser 指定的浏览器不存在：/opt/none/chrome / --browser names no file: /opt/none/chrome');
  });
});

describe('npm start with a bad option', () => {
  // Where the shell would download Electron, a mirror that refuses: were anything to start, it could not reach out.
  it('says which option is wrong, exits 2, and starts and writes nothing', () => {
    const env = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: join(dataDir(), 'cache'), DISPLAY: '', WAYLAND_DISPLAY: '' };
    for (const [args, says] of [
      // The shell's wiring, once for a bad value and once for an unknown option; the parser's cases are above.
      [['--port', 'abc'], '--port 应为 0..65535'],
      [['--offline'], '未知选项 --offline'],
    ] as const) {
      const data = join(dataDir(), 'data');
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--data', data, ...args], { cwd: repo, env, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(says);
      // One line or two of words, no stack trace; no office, no download, no build, no data folder.
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).toBe('');
      expect(existsSync(data), args.join(' ')).toBe(false);
    }
  }, 180_000);
});

describe("npm run start:browser's options, checked as npm start's are", () => {
  const browserRefusal = (...args: string[]): string => {
    const r = parseBrowserStartOptions(args);
    if (r.kind !== 'refused') throw new Error(`not refused: ${JSON.stringify(r)}`);
    return r.message;
  };

  it('start with the defaults, and take every option and switch', () => {
    expect(parseBrowserStartOptions([])).toEqual({ kind: 'start', options: { port: 5180, data: '.data', noOffice: false, build: true } });
    const r = parseBrowserStartOptions(['--port=0', '--data', 'D', '--office-url', 'http://192.168.1.10:8620/', '--no-office', '--id-reader-port', '/dev/ttyUSB0', '--printer-port=COM3', '--no-build', '--enroll-code', 'ABCD-1234', '--public-url', 'https://bdc.jms.gov.cn/']);
    expect(r).toEqual({
      kind: 'start',
      options: { port: 0, data: 'D', officeUrl: 'http://192.168.1.10:8620/', noOffice: true, idReaderPort: '/dev/ttyUSB0', printerPort: 'COM3', build: false, enrollCode: 'ABCD-1234', publicUrl: 'https://bdc.jms.gov.cn/' },
    });
    expect(parseBrowserStartOptions(['-h'])).toEqual({ kind: 'help', text: expect.stringMatching(/^npm run start:browser -- .*--no-office/) as unknown });
  });

  it('refuse what npm start refuses, in the same words (Number() took "", "0x10" and "1e3"; --office-url was not checked)', () => {
    for (const bad of ['', '0x10', '1e3', ' 80', '65536', '-1']) expect(browserRefusal(`--port=${bad}`), bad).toBe(bad === '' ? '--port 不能为空 / must not be empty' : refusal(`--port=${bad}`));
    for (const bad of ['localhost:8620', 'office', 'ftp://office/']) expect(browserRefusal('--office-url', bad), bad).toBe(refusal('--office-url', bad));
    expect(browserRefusal('--public-url', 'bdc.jms.gov.cn')).toBe(refusal('--public-url', 'bdc.jms.gov.cn'));
    expect(browserRefusal('--enroll-code')).toBe('--enroll-code 缺少取值 / needs a value (--enroll-code VALUE)');
  });

  it('refuse an unknown option, a stray argument and a switch given a value, with the usage where it helps', () => {
    expect(browserRefusal('--offline').split('\n')).toEqual(['未知选项 --offline / unknown option --offline', expect.stringMatching(/^npm run start:browser -- /)]);
    // npm start's own options that start:browser does not take.
    expect(browserRefusal('--browser', CHROMIUM).split('\n')[0]).toBe('未知选项 --browser / unknown option --browser');
    expect(browserRefusal('--office-port', '8620').split('\n')[0]).toBe('未知选项 --office-port / unknown option --office-port');
    expect(browserRefusal('5180').split('\n')[0]).toBe('多余的参数 "5180"（选项写作 --名称 值）/ unexpected argument "5180"');
    expect(browserRefusal('--no-build=yes')).toBe('--no-build 不带取值 / takes no value');
  });

  // The script's wiring, once: the parser's cases are above. An unknown option threw node's stack trace.
  it('the script refuses an unknown option by name, exits 2, and starts and writes nothing', () => {
    const data = join(dataDir(), 'browser-data');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start-browser.ts', '--data', data, '--offline'], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('未知选项 --offline / unknown option --offline');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
    expect(existsSync(data)).toBe(false);
  }, 60_000);
});
