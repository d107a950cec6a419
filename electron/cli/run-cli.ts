import { type CliCommand, type CliIo, UsageError, argsProblem } from './command.ts';
import { commands } from './commands/index.ts';

const HELP = (list: readonly CliCommand[]) =>
  [
    'van: diagnostics for IT staff (便民服务直通车)',
    '',
    'Usage: npm run van -- <area> <command> [options]',
    '',
    ...list.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Run `npm run van -- <area> --help` for the commands of an area.',
  ].join('\n');

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [area, ...rest] = argv;
  if (area === undefined || area === '--help' || area === '-h' || area === 'help') {
    io.out(HELP(commands));
    return area === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === area);
  if (!command) {
    io.err(`未知的命令区域: ${area}（可用: ${commands.map((c) => c.name).join(', ')}）`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    const problem = argsProblem(error);
    if (problem) {
      io.err(`${problem}。用 npm run van -- ${area} <命令> --help 查看用法`);
      return 2;
    }
    io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}

