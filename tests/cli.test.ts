import { describe, expect, it } from 'vitest';
import { runCli } from '#electron/cli/run-cli.ts';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

describe('the van command line', () => {
  it('prints help and exits 0 with --help, in Chinese, naming each area as it is typed', async () => {
    const { io, out } = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out.join('\n').split('\n')).toEqual([
      'van：便民服务直通车的维护命令（供信息技术人员使用）',
      '',
      '用法：npm run van -- <区域> <命令> [选项]',
      '',
      '  office     办公室服务器管理：设备登记码、工作人员账号、票据号段、停用设备、同步状态',
      '  fees       登记费计算（quote 计算、cases 减免情形、types 登记类型）',
      '  devices    串口设备诊断：列出端口、读身份证、打印测试页、启动模拟器',
      '  station    读卡终端：为登记中心的查询窗口或自助查询机读身份证',
      '',
      '运行 `npm run van -- <区域> --help` 查看一个区域的命令。',
    ]);
  });

  it('prints no help with no area, and exits 2', async () => {
    const { io, out } = capture();
    expect(await runCli([], io)).toBe(2);
    expect(out.join('\n')).toContain('用法：npm run van -- <区域> <命令> [选项]');
  });

  it('lists the office commands as typed, each with what it does in Chinese, and the common options', async () => {
    const { io, out } = capture();
    expect(await runCli(['office', '--help'], io)).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines.slice(0, 3)).toEqual(['van office：通过 HTTP 管理办公室服务器（使用管理员账号登录）', '', '用法：npm run van -- office <命令> [选项]']);
    expect(lines.slice(3, 7)).toEqual([
      '  enroll-code --van <vanId> [--ttl-hours 24]',
      '      签发一次性的设备登记码',
      '  create-staff --staff-login <l> --name <n> --roles a,b --new-password <p>',
      '      新建工作人员账号，或重置其密码和角色',
    ]);
    // Every command's summary line is Chinese: 11 commands, 11 summaries, none of them in English.
    const summaries = lines.filter((l) => /^ {6}\S/.test(l));
    expect(summaries).toHaveLength(11);
    for (const s of summaries) expect(s).toMatch(/^ {6}[\u4e00-\u9fff]/);
    expect(lines).toContain('通用选项：--office <网址>（默认 $VAN_OFFICE_URL 或 http://127.0.0.1:8787）');
    expect(lines.at(-1)).toBe('`npm run van -- office <命令> --help` 查看单个命令的用法。');
  });

  it('shows one office command with its options, and each other area its help, in Chinese', async () => {
    const { io, out } = capture();
    expect(await runCli(['office', 'status', '--help'], io)).toBe(0);
    expect(out.slice(0, 1).join('\n').split('\n').slice(0, 2)).toEqual(['用法：npm run van -- office status', '  各设备的同步状态（哈希链、待传、最后联系、停用、擦除）']);
    for (const [area, first] of [['devices', 'van devices：串口设备诊断（身份证阅读器、小票打印机）'], ['fees', 'van fees：登记费计算（按发改价格〔2008〕924号 / 发改价格规〔2016〕2559号收费表）'], ['station', 'van station：读卡终端程序（查询窗口、自助查询机的身份证阅读器）']] as const) {
      const c = capture();
      expect(await runCli([area, '--help'], c.io)).toBe(0);
      const help = c.out.join('\n').split('\n');
      expect(help[0]).toBe(first);
      expect(help).toContain(help.find((l) => l.startsWith(`用法：npm run van -- ${area}`)));
      expect(help.join('\n')).not.toContain('Usage');
    }
  });

  it('refuses an unknown area with a clear message and exit code 2', async () => {
    const { io, err } = capture();
    expect(await runCli(['nonsense'], io)).toBe(2);
    expect(err.join('\n')).toContain('未知的命令区域: nonsense');
  });
});
