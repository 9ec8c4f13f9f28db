import { createColors } from 'picocolors';
import { MigrationError } from '../migrator/errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

type Colors = ReturnType<typeof createColors>;

/**
 * One command's output: human lines as things happen, or — with `--json` — nothing but
 * one JSON document on stdout at the end. Errors become output and an exit code here.
 */
export class Output {
  readonly c: Colors;
  constructor(
    private readonly io: CliIo,
    readonly command: string,
    readonly json: boolean,
  ) {
    this.c = createColors(io.color && !json);
  }

  /** A line of human output (dropped in JSON mode, where the document carries the same facts). */
  line(text = ''): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  /** Finishes a successful (or drift/lock-refused) command: prints the JSON document, returns the exit code. */
  done(facts: Record<string, unknown>, exitCode: ExitCode = EXIT.ok): ExitCode {
    if (this.json) this.writeJson({ ok: exitCode === EXIT.ok, command: this.command, ...facts });
    return exitCode;
  }

  /** Turns any error into output and an exit code; never rethrows. */
  fail(error: unknown): ExitCode {
    const exitCode = exitCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof MigrationError ? error.code : error instanceof UsageError ? 'USAGE' : 'UNEXPECTED';
    if (this.json) {
      this.writeJson({ ok: false, command: this.command, error: { code, message, ...detailsOf(error) } });
    } else {
      this.io.stderr.write(`${this.c.red('error')} ${message}\n`);
    }
    return exitCode;
  }

  private writeJson(document: Record<string, unknown>): void {
    this.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT.usage;
  if (!(error instanceof MigrationError)) return EXIT.failure;
  switch (error.code) {
    case 'DRIFT':
      return EXIT.drift;
    case 'LOCK_NOT_ACQUIRED':
      return EXIT.lockNotAcquired;
    case 'UNKNOWN_MIGRATION':
      return EXIT.usage;
    case 'UNSUPPORTED_SERVER':
      return EXIT.unsupportedServer;
    default:
      return EXIT.failure;
  }
}

/** The structured fields of our errors, for the JSON document (never a URL or SQL parameter). */
function detailsOf(error: unknown): Record<string, unknown> {
  if (!(error instanceof MigrationError)) return {};
  const {
    name: _name,
    message: _message,
    stack: _stack,
    cause: _cause,
    code: _code,
    ...rest
  } = error as MigrationError & Record<string, unknown>;
  return rest;
}

/** `12 ms`, `1.4 s`. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
