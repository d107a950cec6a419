import { type CliIo, UsageError, argsProblem } from './command.ts';
import { commands } from './commands/index.ts';
import { CLI_T } from './cli-text.ts';

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [area, ...rest] = argv;
  if (area === undefined || area === '--help' || area === '-h' || area === 'help') {
    io.out(CLI_T.help(commands));
    return area === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === area);
  if (!command) {
    io.err(CLI_T.unknownArea(area, commands.map((c) => c.name)));
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
      io.err(CLI_T.seeHelp(problem, area));
      return 2;
    }
    io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}

