import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '#electron/cli/run-cli.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

async function spawnVan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'electron/cli/main.ts', ...args], { cwd: root, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('van fees (spawned)', () => {
  it('prints exactly one JSON quote for a residential transfer with three certificates and exits 0', async () => {
    const r = await spawnVan(['fees', 'quote', '--type', '200', '--use', 'residential', '--certificates', '3', '--rules', '2016']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      rules: 'gb-2016-2559@2',
      items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }, { name: '不动产权属证书工本费', amountFen: 2000 }],
      totalFen: 10000,
    });
  }, 90_000);

  it('refuses an unknown use in Chinese on stderr with a non-zero exit', async () => {
    const r = await spawnVan(['fees', 'quote', '--type', '转移登记', '--use', 'castle']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('未知的用途: castle');
  }, 90_000);
});

describe('van fees (in process)', () => {
  it('takes the type by Chinese name and defaults to the standard in force today', async () => {
    const { io, out } = capture();
    expect(await runCli(['fees', 'quote', '--type', '抵押权首次登记', '--use', 'non-residential'], io)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({ rules: 'gb-2016-2559@2', items: [{ name: '不动产登记费（非住宅）', amountFen: 55000 }], totalFen: 55000 });
  });

  it('applies a special case and the 2008 rules', async () => {
    const { io, out } = capture();
    expect(await runCli(['fees', 'quote', '--type', 'transfer', '--use', 'residential', '--rules', '2008', '--case', 'affordable-housing'], io)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({ rules: 'gb-2008-924@1', items: [{ name: '房屋登记费（住房）（减半）', amountFen: 4000 }], totalFen: 4000 });
  });

  it('picks the standard in force on --date, to recompute an old receipt', async () => {
    const { io, out } = capture();
    expect(await runCli(['fees', 'quote', '--type', '200', '--use', 'non-residential', '--date', '2012-06-01'], io)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({ rules: 'gb-2008-924@1', items: [{ name: '房屋登记费（非住房）', amountFen: 55000 }], totalFen: 55000 });
  });

  it('lists the types by code, key, name and 2008 name, and takes each of the four as --type', async () => {
    const { io, out } = capture();
    expect(await runCli(['fees', 'types'], io)).toBe(0);
    expect(out).toContain('  100  first              首次登记（2008：初始登记）');
    const quoteOf = async (type: string) => {
      const q = capture();
      expect(await runCli(['fees', 'quote', '--type', type, '--use', 'residential', '--rules', '2016'], q.io), type).toBe(0);
      return q.out.join('\n');
    };
    const quotes = await Promise.all(['100', 'first', '首次登记', '初始登记'].map(quoteOf));
    expect(JSON.parse(quotes[0]!)).toEqual({ rules: 'gb-2016-2559@2', items: [{ name: '不动产登记费（住宅）', amountFen: 8000 }], totalFen: 8000 });
    expect(new Set(quotes).size).toBe(1);
  });

  it('lists the special cases with their Chinese names', async () => {
    const { io, out } = capture();
    expect(await runCli(['fees', 'cases', '--rules', '2016'], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('small-micro-enterprise');
    expect(text).toContain('小微企业（含个体工商户）申请不动产登记');
  });

  it.each([
    [['fees', 'quote', '--use', 'residential'], '缺少参数 --type'],
    [['fees', 'quote', '--type', '999', '--use', 'residential'], '未知的登记类型: 999'],
    [['fees', 'quote', '--type', '200', '--use', 'residential', '--certificates', '2.5'], '--certificates 必须是非负整数'],
    [['fees', 'quote', '--type', '200', '--use', 'residential', '--rules', '1990'], '未知的收费标准: 1990'],
    [['fees', 'quote', '--type', '200', '--use', 'residential', '--case', 'nope'], '该收费标准中没有减免情形“nope”'],
    [['fees', 'quote', '--type', '200', '--use', 'residential', '--bogus'], '参数错误'],
    [['fees', 'quote', '--type', '200', '--use', 'residential', '--date', '2001-01-01'], '2001-01-01 没有生效的收费标准'],
    [['fees', 'quote', '--type', '200', '--use', 'residential', '--date', '2026-13-45'], '日期格式应为 YYYY-MM-DD'],
    [['fees', 'quote', '--type', '200', '--use', 'residential', '--date', '2020-01-01', '--rules', '2016'], '--rules 与 --date 只能指定一个'],
    [['fees', 'frobnicate'], '未知的 fees 命令: frobnicate'],
  ])('refuses %j with exit code 2 and says %s', async (argv, message) => {
    const { io, out, err } = capture();
    expect(await runCli(argv, io)).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain(message);
  });

  it('prints help with --help and exits 0', async () => {
    const { io, out } = capture();
    expect(await runCli(['fees', '--help'], io)).toBe(0);
    expect(out.join('\n')).toContain('npm run van -- fees');
  });
});
