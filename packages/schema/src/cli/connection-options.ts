import { InvalidArgumentError } from 'commander';
import type pg from 'pg';
import { createMigrator, type Migrator } from '../index.js';
import { connect } from '../migrator/connection.js';
import type { MigratorEvent } from '../migrator/types.js';
import type { CliIo } from './io.js';
import { duration, type Output } from './output.js';
import { UsageError } from './usage-error.js';

/** The options every database command takes. */
export interface ConnectionOptions {
  url?: string;
  json?: boolean;
  dir?: string;
  lockTimeout?: number;
  wait?: boolean;
}

/** The database a command targets: `--url`, else `DATABASE_URL`; a usage error when neither. */
export function databaseUrl(options: ConnectionOptions, io: CliIo): string {
  const url = options.url ?? io.env.DATABASE_URL;
  if (!url) throw new UsageError('No database: pass --url <connection string> or set DATABASE_URL');
  return url;
}

/** Runs `fn` with a client on the command's database, closed afterwards. */
export async function withDatabase<T>(
  options: ConnectionOptions,
  io: CliIo,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await connect(databaseUrl(options, io));
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The migrator for a command's options. */
export function migratorFor(options: ConnectionOptions, io: CliIo, output: Output): Migrator {
  const url = databaseUrl(options, io);
  return createMigrator({
    connectionString: url,
    ...(options.dir ? { migrationsDir: options.dir } : {}),
    waitForLock: options.wait ?? true,
    lockTimeoutMs: (options.lockTimeout ?? 60) * 1000,
    logger: { info: (event) => progress(event, output) },
  });
}

/** One human line per migration as it happens. */
function progress(event: MigratorEvent, output: Output): void {
  const { c } = output;
  switch (event.event) {
    case 'applied':
      output.line(`${c.green('applied ')} ${event.name} ${c.dim(`(${duration(event.durationMs)})`)}`);
      break;
    case 'reverted':
      output.line(`${c.yellow('reverted')} ${event.name} ${c.dim(`(${duration(event.durationMs)})`)}`);
      break;
    case 'repaired':
      output.line(`${c.green('repaired')} ${event.name}: checksum re-recorded from its file`);
      break;
    default:
      break;
  }
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number of seconds greater than 0');
  return n;
}
