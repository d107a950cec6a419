import { describe, expect, it } from 'vitest';
import { runCli } from '#electron/cli/run-cli.ts';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

describe('the van command line', () => {
  it('prints help and exits 0 with --help', async () => {
    const { io, out } = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out.join('\n')).toContain('Usage: npm run van');
  });

  it('refuses an unknown area with a clear message and exit code 2', async () => {
    const { io, err } = capture();
    expect(await runCli(['nonsense'], io)).toBe(2);
    expect(err.join('\n')).toContain('未知的命令区域: nonsense');
  });
});
