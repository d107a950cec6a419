/** One area of the `van` command line (`fees`, `devices`, `office`). */
export type CliIo = {
  out(line: string): void;
  err(line: string): void;
};

export type CliCommand = {
  name: string;
  summary: string;
  /** Returns the process exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
};

/** A user error: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}

/**
 * node:util parseArgs' refusal (an option the command does not know, a missing value, an extra argument)
 * in Chinese, naming the argument; null for any other error.
 */
export function argsProblem(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return null;
  const arg = /'([^']+)'/.exec((error as Error).message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `参数错误：不认识的参数 ${arg}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `参数错误：多余的参数 ${arg}`;
  return `参数错误：${arg} 缺少值或值不对`;
}
