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
