/** Everything the CLI touches outside itself, passed in (the bin passes the process's). */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  /** Colour the human output (a TTY without NO_COLOR). */
  color: boolean;
  /** Directory `create` resolves a relative `--dir` against. */
  cwd: string;
}
